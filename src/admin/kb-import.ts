/**
 * `kb:import` as a function: reads a CSV/XLSX sheet, converts the usable
 * rows and merges them into `<outDir>/<sheet>.yaml` (see `import-merge.ts`:
 * a re-import updates, appends and keeps, never drops), then validates the
 * whole folder. The file is written atomically, and put back as it was if
 * the knowledge would not load.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../knowledge/atomic.js';
import {
  formatProblem,
  listKnowledgeFiles,
  loadKnowledge,
  parseKnowledgeFile,
  type KnowledgeProblem,
  type LoadOptions,
} from '../knowledge/loader.js';
import { importedFile, rowsToProcedures, type RowProblem } from './import-procedures.js';
import { mergeImported } from './import-merge.js';
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
  /** Loader options for the final check (the per-file size limit). */
  load?: LoadOptions;
}

/** What an import did (or, with `dryRun`, would do). */
export interface ImportReport {
  ok: boolean;
  /** A fatal problem (file unreadable, no header, knowledge invalid after import). */
  message?: string;
  rows: number;
  /** Ids of every usable row, in sheet order: added, updated or unchanged. */
  imported: string[];
  /** New entries appended to the file. */
  added: string[];
  /** Entries whose fields from the sheet changed, updated in place. */
  updated: string[];
  /** Entries already identical to their row. */
  unchanged: string[];
  /** Entries of the file absent from this sheet: kept. */
  kept: string[];
  skipped: RowProblem[];
  /** The file written (absent when nothing changed, on a dry run or on failure). */
  file?: string;
  knowledgeProblems?: KnowledgeProblem[];
}

const empty = { rows: 0, imported: [], added: [], updated: [], unchanged: [], kept: [], skipped: [] };

/** Ids and codes of the knowledge folder, leaving out the file being imported into. */
function existing(dir: string, except: string): { ids: Set<string>; codes: Map<string, string> } {
  const ids = new Set<string>();
  const codes = new Map<string, string>();
  if (!existsSync(dir)) return { ids, codes };
  for (const f of listKnowledgeFiles(dir)) {
    if (resolve(f) === except) continue;
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
  if (!read.ok) return { ...empty, ok: false, message: read.message };
  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const file = resolve(importedFile(o.outDir ?? resolve(o.knowledgeDir, 'imported'), o.sheet));
  const shown = relative(process.cwd(), file) || file;
  const known = existing(o.knowledgeDir, file);
  const source = basename(o.sheet);
  const conv = rowsToProcedures(read.rows, { source, today, existingIds: known.ids, existingCodes: known.codes });
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const merged = mergeImported(previous, conv.converted, { source, today, takenIds: known.ids });
  if (!merged.ok)
    return {
      ...empty,
      ok: false,
      rows: read.rows.length,
      skipped: conv.problems,
      message: `Không nhập được vào ${shown}: ${merged.message}.`,
    };
  const { text, skipped, ...counts } = merged;
  const base: ImportReport = {
    ...counts,
    ok: true,
    rows: read.rows.length,
    skipped: [...conv.problems, ...skipped].sort((a, b) => a.row - b.row),
  };
  if (o.dryRun || text === undefined) return base;
  const alone = parseKnowledgeFile(file, shown, text);
  if (alone.problems.length > 0) return refused(base, alone.problems);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
  if (!relative(resolve(o.knowledgeDir), file).startsWith('..')) {
    const check = loadKnowledge(o.knowledgeDir, [], o.load);
    if (!check.ok) {
      if (previous === undefined) rmSync(file, { force: true });
      else writeFileAtomic(file, previous);
      return refused(base, check.problems);
    }
  }
  return { ...base, file };
}

function refused(base: ImportReport, problems: KnowledgeProblem[]): ImportReport {
  return {
    ...base,
    ok: false,
    imported: [],
    added: [],
    updated: [],
    unchanged: [],
    message: `Cơ sở tri thức sẽ không hợp lệ sau khi nhập, đã hủy (tệp giữ như cũ):\n${problems.map(formatProblem).join('\n')}`,
    knowledgeProblems: problems,
  };
}
