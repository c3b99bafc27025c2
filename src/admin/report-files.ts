/**
 * Writes the CCHC report of a period as `<dir>/bao-cao-<period>.md` and `.csv`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeBase } from '../knowledge/model.js';
import type { Db } from '../storage/db.js';
import type { Period } from './period.js';
import { collectReport, type PlanTargets, type ReportData } from './report-data.js';
import { reportCsv, reportMarkdown } from './report-render.js';

/** Options of {@link writeReportFiles}. */
export interface ReportFileOptions {
  dir: string;
  kb?: KnowledgeBase;
  targets?: PlanTargets;
  timeZone?: string;
  now?: number;
}

/** Collects and writes the report; returns the data and both paths. */
export function writeReportFiles(
  db: Db,
  period: Period,
  o: ReportFileOptions,
): { data: ReportData; markdown: string; csv: string } {
  const data = collectReport(db, period, {
    ...(o.kb ? { kb: o.kb } : {}),
    ...(o.targets ? { targets: o.targets } : {}),
    ...(o.now !== undefined ? { now: o.now } : {}),
  });
  mkdirSync(o.dir, { recursive: true });
  const markdown = join(o.dir, `bao-cao-${period.label}.md`);
  const csv = join(o.dir, `bao-cao-${period.label}.csv`);
  writeFileSync(
    markdown,
    reportMarkdown(data, { commune: o.kb?.commune.name ?? null, ...(o.timeZone ? { timeZone: o.timeZone } : {}) }),
    'utf8',
  );
  // BOM so spreadsheet programs read the Vietnamese text as UTF-8.
  writeFileSync(csv, `\uFEFF${reportCsv(data)}`, 'utf8');
  return { data, markdown, csv };
}
