/**
 * `kb:import --portal` as a function: read the portal's raw records, choose
 * what the commune handles, merge it into `knowledge/catalog/`, check that the
 * whole knowledge base would still load, then write each changed file
 * atomically. Never throws for bad input: problems are in the report, and
 * nothing half-written lands in `knowledge/`.
 *
 * @example
 * ```ts
 * const r = runPortalImport({ source: '../shared/research/catalog', knowledgeDir: 'knowledge' });
 * console.log(r.added.length, r.updated.length, r.skipped.length);
 * ```
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic.js';
import { handWrittenCodes } from '../layers.js';
import {
  formatProblem,
  listKnowledgeFiles,
  loadKnowledge,
  parseKnowledgeFile,
  type KnowledgeProblem,
} from '../loader.js';
import { mergeCatalog, readCatalog, type MergeResult } from './merge.js';
import { readPortal } from './read.js';
import type { RecordProblem } from './record.js';
import { selectProcedures, type Selection } from './select.js';

/** Options of {@link runPortalImport}. */
export interface PortalImportOptions {
  /** A file or folder of raw portal data. */
  source: string;
  knowledgeDir: string;
  /** Catalogue folder (default `<knowledgeDir>/catalog`). */
  outDir?: string;
  /** Also import this province's own procedures. */
  province?: string;
  dryRun?: boolean;
  /** Date for records of an unknown copy that carry none (default today). */
  fallbackDate?: string;
}

/** What an import did. */
export interface PortalImportReport extends Omit<MergeResult, 'changed'> {
  ok: boolean;
  message?: string;
  files: number;
  records: number;
  problems: RecordProblem[];
  skipped: Selection['skipped'];
  written: string[];
  knowledgeProblems?: KnowledgeProblem[];
}

function inside(dir: string, path: string): boolean {
  const r = relative(resolve(dir), resolve(path));
  return !r.startsWith('..') && !r.startsWith('/');
}

/** Codes and ids of the hand-written entries (every knowledge file outside the catalogue). */
function handWritten(knowledgeDir: string, outDir: string): { codes: Map<string, string>; ids: Set<string> } {
  const codes = new Map<string, string>();
  const ids = new Set<string>();
  let files: string[] = [];
  try {
    files = listKnowledgeFiles(knowledgeDir);
  } catch {
    return { codes, ids };
  }
  for (const f of files) {
    if (inside(outDir, f)) continue;
    const d = parseKnowledgeFile(f, f, readFileSync(f, 'utf8')).data;
    for (const p of d?.procedures ?? []) ids.add(p.id);
    for (const [code, id] of handWrittenCodes(d?.procedures ?? [])) codes.set(code, id);
    for (const e of [...(d?.hotlines ?? []), ...(d?.articles ?? [])]) ids.add(e.id);
  }
  return { codes, ids };
}

/** Loads a copy of the knowledge folder with the changed files in place. */
function checkWhole(knowledgeDir: string, changed: Map<string, string>): KnowledgeProblem[] {
  const tmp = mkdtempSync(join(tmpdir(), 'kb-import-'));
  try {
    const copy = join(tmp, 'knowledge');
    cpSync(knowledgeDir, copy, { recursive: true });
    for (const [path, text] of changed) {
      const target = join(copy, relative(resolve(knowledgeDir), resolve(path)));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, 'utf8');
    }
    const r = loadKnowledge(copy);
    // Problems point at the real folder, not at the temporary copy.
    const real = (f: string) => relative(process.cwd(), join(knowledgeDir, relative(copy, resolve(f)))) || f;
    return r.ok ? [] : r.problems.map((p) => ({ ...p, file: real(p.file) }));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes temporary files an import killed mid-write left behind (the loader never reads them). */
function sweepTemporary(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /^\..+\.tmp$/.test(e.name)) rmSync(join(e.parentPath, e.name), { force: true });
  }
}

/** Runs the import. */
export function runPortalImport(o: PortalImportOptions): PortalImportReport {
  const outDir = o.outDir ?? join(o.knowledgeDir, 'catalog');
  const read = readPortal(o.source, o.fallbackDate ?? new Date().toISOString().slice(0, 10));
  const base = { files: read.files, records: read.records.length, problems: read.problems, written: [] as string[] };
  const empty = { added: [], updated: [], unchanged: [], kept: [], skipped: [] };
  if (read.records.length === 0) {
    return { ok: false, message: 'Không đọc được bản ghi thủ tục nào.', ...base, ...empty };
  }
  const hand = handWritten(o.knowledgeDir, outDir);
  let previous: Map<string, string>;
  try {
    previous = new Map([...readCatalog(outDir).byCode].map(([code, loc]) => [code, String(loc.node.get('id'))]));
  } catch (err) {
    return {
      ok: false,
      message: `Tệp danh mục hiện có bị lỗi, sửa trước khi nhập: ${(err as Error).message}`,
      ...base,
      ...empty,
    };
  }
  const sel = selectProcedures(read.records, {
    ...(o.province ? { province: o.province } : {}),
    handCodes: hand.codes,
    takenIds: hand.ids,
    previousIds: previous,
    provenance: read.provenance,
  });
  const { changed, ...merged } = mergeCatalog(outDir, sel.procedures);
  const report: PortalImportReport = { ok: true, ...base, ...merged, skipped: sel.skipped };
  const fileProblems = [...changed].flatMap(
    ([path, text]) => parseKnowledgeFile(path, relative(process.cwd(), path) || path, text).problems,
  );
  const problems =
    fileProblems.length > 0 ? fileProblems : inside(o.knowledgeDir, outDir) ? checkWhole(o.knowledgeDir, changed) : [];
  if (problems.length > 0) {
    const lines = problems.slice(0, 20).map(formatProblem).join('\n');
    return {
      ...report,
      ok: false,
      knowledgeProblems: problems,
      message: `Cơ sở tri thức sẽ không hợp lệ sau khi nhập, chưa ghi gì:\n${lines}`,
    };
  }
  if (o.dryRun) return report;
  sweepTemporary(outDir);
  for (const [path, text] of changed) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, text);
    report.written.push(relative(process.cwd(), path) || path);
  }
  return report;
}
