/**
 * `kb:import` as a function: reads a CSV/XLSX sheet, converts the usable
 * rows, writes them into the knowledge folder and validates the whole folder;
 * if the result would not load, the written file is removed again.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatProblem, listKnowledgeFiles, loadKnowledge, parseKnowledgeFile, type KnowledgeProblem } from '../knowledge/loader.js';
import { rowsToProcedures, writeImported, type RowProblem } from './import-procedures.js';
import { readSheetFile } from './import-rows.js';

/** Options of {@link runImport}. */
export interface ImportOptions {
  sheet: string;
  knowledgeDir: string;
  /** Output folder (default `<knowledgeDir>/imported`). */
  outDir?: string;
  /** Convert and report only; write nothing. */
  dryRun?: boolean;
  /** `YYYY-MM-DD` written as lastVerified (default today). */
  today?: string;
}

/** What an import did. */
export interface ImportReport {
  ok: boolean;
  /** A fatal problem (file unreadable, no header, knowledge invalid after import). */
  message?: string;
  rows: number;
  imported: string[];
  skipped: RowProblem[];
  file?: string;
  knowledgeProblems?: KnowledgeProblem[];
}

function existing(dir: string): { ids: Set<string>; codes: Map<string, string> } {
  const ids = new Set<string>();
  const codes = new Map<string, string>();
  if (!existsSync(dir)) return { ids, codes };
  for (const f of listKnowledgeFiles(dir)) {
    const d = parseKnowledgeFile(f, f, readFileSync(f, 'utf8')).data;
    for (const p of d?.procedures ?? []) {
      ids.add(p.id);
      if (p.code) codes.set(p.code, p.id);
    }
    for (const e of [...(d?.hotlines ?? []), ...(d?.articles ?? [])]) ids.add(e.id);
  }
  return { ids, codes };
}

/** Runs the import. Never throws for bad input: problems are in the report. */
export async function runImport(o: ImportOptions): Promise<ImportReport> {
  const read = await readSheetFile(o.sheet);
  if (!read.ok) return { ok: false, message: read.message, rows: 0, imported: [], skipped: [] };
  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const outDir = o.outDir ?? resolve(o.knowledgeDir, 'imported');
  const known = existing(o.knowledgeDir);
  const conv = rowsToProcedures(read.rows, {
    source: o.sheet.split(/[\\/]/).pop() ?? o.sheet,
    today,
    existingIds: known.ids,
    existingCodes: known.codes,
  });
  const base: ImportReport = { ok: true, rows: read.rows.length, imported: conv.procedures.map((p) => p.id), skipped: conv.problems };
  if (o.dryRun || conv.procedures.length === 0) return base;
  const file = writeImported(outDir, o.sheet, conv.procedures, today);
  const inside = !relative(resolve(o.knowledgeDir), resolve(file)).startsWith('..');
  if (inside) {
    const check = loadKnowledge(o.knowledgeDir);
    if (!check.ok) {
      rmSync(file);
      return {
        ...base,
        ok: false,
        imported: [],
        message: `Cơ sở tri thức sẽ không hợp lệ sau khi nhập, đã huỷ:\n${check.problems.map(formatProblem).join('\n')}`,
        knowledgeProblems: check.problems,
      };
    }
  }
  return { ...base, file };
}
