/**
 * Loads and validates the `knowledge/` folder.
 *
 * All or nothing: either every file parses and validates and the result is a
 * complete {@link KnowledgeBase}, or the caller gets every problem as
 * `file:line: field: problem` and nothing is loaded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { KnowledgeFile, type Article, type Commune, type Hotline, type Lexicon, type Procedure } from './schema.js';
import { referralProblems, type LocatedReferral } from './referral-checks.js';
import { buildKnowledgeBase, type KnowledgeBase } from './model.js';
import { applyLayers, type HiddenEntry } from './layers.js';
import { type TxaErrorCode, txaMessage } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, fileSizeProblem, textSizeProblem } from './file-size.js';

/** One problem in the knowledge base, pointing at a file and line. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  /** The catalogue's code, for problems that have one (see `docs/errors.md`). */
  code?: TxaErrorCode;
}

/** Formats a problem the way `kb:check` prints it. */
export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}${p.code ? ` [${p.code}]` : ''}`;
}

/** Thrown when the knowledge base does not validate. */
export class KnowledgeLoadError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`Cơ sở tri thức có ${problems.length} lỗi:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeLoadError';
  }
}

/** Result of loading: errors are values. */
export type LoadResult =
  | { ok: true; kb: KnowledgeBase; files: string[]; hidden: HiddenEntry[] }
  | { ok: false; problems: KnowledgeProblem[] };

/** Options of {@link loadKnowledge}. */
export interface LoadOptions {
  /** Largest accepted file, in bytes (default 5 MB, see {@link DEFAULT_MAX_FILE_BYTES}). */
  maxFileBytes?: number;
  /**
   * Texts to validate instead of what is on disk, by path as
   * {@link listKnowledgeFiles} gives it (checking an edit before writing it).
   */
  texts?: ReadonlyMap<string, string>;
}

/** Extra validation of one parsed file, for parts that extend the knowledge base. */
export type FileHook = (
  file: string,
  data: Record<string, unknown>,
  locate: (path: (string | number)[]) => number,
) => KnowledgeProblem[];

/** Lists the YAML files of a folder, recursively, in a stable order. */
export function listKnowledgeFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function lineOf(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

function fieldName(path: PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s || '(tệp)';
}

/** Anchors or aliases (`&a`, `*a`): parsed by the slow path, which bounds alias expansion. */
const ANCHORS = /(?:^|[\s[{,:-])[&*][\w-]/m;

/**
 * The fast path: js-yaml parses a large catalogue file about ten times faster
 * than the `yaml` Document API, but keeps no positions. It is used only when
 * the file is valid; any problem is parsed again by the slow path below so
 * that every message points at its line.
 */
function fastParse(text: string): z.infer<typeof KnowledgeFile> | undefined {
  if (ANCHORS.test(text)) return undefined;
  try {
    const raw = fastLoad(text, { schema: CORE_SCHEMA, json: false });
    if (raw === null || typeof raw !== 'object') return undefined;
    const r = KnowledgeFile.safeParse(raw);
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Parses one file; returns its data or its problems. */
export function parseKnowledgeFile(
  absPath: string,
  displayPath: string,
  text = readFileSync(absPath, 'utf8'),
): {
  data?: z.infer<typeof KnowledgeFile>;
  raw?: Record<string, unknown>;
  problems: KnowledgeProblem[];
  locate: (p: (string | number)[]) => number;
} {
  const nfc = text.normalize('NFC');
  const fast = fastParse(nfc);
  if (fast) {
    // Positions are only needed for a problem found later (duplicate id, dangling related…).
    let located: { doc: Document; lc: LineCounter } | undefined;
    const locate = (p: (string | number)[]) => {
      if (!located) {
        const lc = new LineCounter();
        located = { doc: parseDocument(nfc, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }), lc };
      }
      return lineOf(located.doc, located.lc, p);
    };
    return { data: fast, raw: fast as unknown as Record<string, unknown>, problems: [], locate };
  }
  const lc = new LineCounter();
  const doc = parseDocument(nfc, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const locate = (p: (string | number)[]) => lineOf(doc, lc, p);
  if (doc.errors.length > 0) {
    return {
      locate,
      problems: doc.errors.map((e) => ({
        file: displayPath,
        line: e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line,
        field: '(cú pháp YAML)',
        message: e.message.split('\n')[0] ?? 'lỗi cú pháp',
      })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    const alias = /alias/i.test((err as Error).message);
    const message = alias
      ? 'quá nhiều tham chiếu *bí danh tới &neo (tối đa 50) — viết thẳng nội dung thay cho *bí danh'
      : `không chuyển được nội dung YAML: ${(err as Error).message}`;
    return { locate, problems: [{ file: displayPath, line: 1, field: '(tệp)', message }] };
  }
  if (raw === null || raw === undefined) {
    return { locate, problems: [{ file: displayPath, line: 1, field: '(tệp)', message: 'tệp rỗng' }] };
  }
  const r = KnowledgeFile.safeParse(raw);
  if (!r.success) {
    return {
      locate,
      problems: r.error.issues.map((i) => ({
        file: displayPath,
        line: locate(i.path as (string | number)[]),
        field: fieldName(i.path),
        message: i.message,
      })),
    };
  }
  return { data: r.data, raw: raw as Record<string, unknown>, problems: [], locate };
}

/**
 * Loads every YAML file under `dir`, validates each against the schema and
 * the whole against cross-file rules (unique ids, existing references, one
 * commune profile, one lexicon).
 */
export function loadKnowledge(dir: string, hooks: FileHook[] = [], options: LoadOptions = {}): LoadResult {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const problems: KnowledgeProblem[] = [];
  let files: string[];
  try {
    files = listKnowledgeFiles(dir);
  } catch (err) {
    const code =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'TXA_KNOWLEDGE_DIR_MISSING' : 'TXA_KNOWLEDGE_DIR_UNREADABLE';
    return {
      ok: false,
      problems: [{ file: dir, line: 1, field: '(thư mục)', message: txaMessage(code, { path: dir }), code }],
    };
  }
  type Located<T> = { v: T; file: string; line: () => number; at: (p: (string | number)[]) => number };
  const procedures: Located<Procedure>[] = [];
  const hotlines: Located<Hotline>[] = [];
  const articles: Located<Article>[] = [];
  const communes: { v: Commune; file: string }[] = [];
  const lexicons: { v: Lexicon; file: string }[] = [];
  const referrals: LocatedReferral[] = [];
  const rel = (f: string) => relative(process.cwd(), f) || f;
  for (const f of files) {
    const shown = rel(f);
    const text = options.texts?.get(f);
    const tooLarge =
      text === undefined ? fileSizeProblem(f, shown, maxFileBytes) : textSizeProblem(text, shown, maxFileBytes);
    if (tooLarge) {
      problems.push(tooLarge);
      continue;
    }
    const parsed = parseKnowledgeFile(f, shown, text);
    problems.push(...parsed.problems);
    if (!parsed.data || !parsed.raw) continue;
    for (const h of hooks) problems.push(...h(shown, parsed.raw, parsed.locate));
    const d = parsed.data;
    d.procedures?.forEach((v, i) =>
      procedures.push({
        v,
        file: shown,
        line: () => parsed.locate(['procedures', i]),
        at: (p) => parsed.locate(['procedures', i, ...p]),
      }),
    );
    d.hotlines?.forEach((v, i) =>
      hotlines.push({
        v,
        file: shown,
        line: () => parsed.locate(['hotlines', i]),
        at: (p) => parsed.locate(['hotlines', i, ...p]),
      }),
    );
    d.articles?.forEach((v, i) =>
      articles.push({
        v,
        file: shown,
        line: () => parsed.locate(['articles', i]),
        at: (p) => parsed.locate(['articles', i, ...p]),
      }),
    );
    d.referrals?.forEach((v, i) =>
      referrals.push({ v, file: shown, at: (p) => parsed.locate(['referrals', i, ...p]) }),
    );
    if (d.commune) communes.push({ v: d.commune, file: shown });
    if (d.lexicon) lexicons.push({ v: d.lexicon, file: shown });
  }
  if (files.length === 0) problems.push({ file: dir, line: 1, field: '(thư mục)', message: 'không có tệp .yaml nào' });

  const seen = new Map<string, { file: string; line: () => number }>();
  const all = [...procedures, ...hotlines, ...articles];
  for (const e of all) {
    const prev = seen.get(e.v.id);
    if (prev)
      problems.push({
        file: e.file,
        line: e.line(),
        field: 'id',
        message: `id "${e.v.id}" trùng với ${prev.file}:${prev.line()}`,
      });
    else seen.set(e.v.id, e);
  }
  for (const e of all) {
    e.v.related.forEach((r, j) => {
      if (!seen.has(r)) {
        problems.push({
          file: e.file,
          line: e.at(['related', j]),
          field: `${e.v.id}.related`,
          message: `không có mục nào có id "${r}"`,
        });
      }
    });
  }
  problems.push(...referralProblems(referrals, new Set(seen.keys())));
  const [commune, ...extraCommunes] = communes;
  const [lexicon, ...extraLexicons] = lexicons;
  if (!commune) problems.push({ file: dir, line: 1, field: 'commune', message: 'thiếu hồ sơ xã (khoá commune:)' });
  for (const c of extraCommunes)
    problems.push({ file: c.file, line: 1, field: 'commune', message: 'chỉ được có một hồ sơ xã' });
  if (!lexicon) problems.push({ file: dir, line: 1, field: 'lexicon', message: 'thiếu bảng viết tắt (khoá lexicon:)' });
  for (const l of extraLexicons)
    problems.push({ file: l.file, line: 1, field: 'lexicon', message: 'chỉ được có một bảng viết tắt' });
  if (commune) {
    for (const h of hotlines) {
      if (h.v.communeKey && !commune.v.hotlines[h.v.communeKey]) {
        problems.push({
          file: h.file,
          line: h.at(['communeKey']),
          field: `${h.v.id}.communeKey`,
          message: `hồ sơ xã không có đường dây "${h.v.communeKey}" (có: ${Object.keys(commune.v.hotlines).join(', ')})`,
        });
      }
    }
  }
  if (problems.length > 0 || !commune || !lexicon) return { ok: false, problems };
  const layered = applyLayers(
    procedures.map((p) => p.v),
    commune.v,
  );
  const kb = buildKnowledgeBase({
    procedures: layered.procedures,
    hotlines: hotlines.map((h) => h.v),
    articles: articles.map((a) => a.v),
    commune: commune.v,
    lexicon: lexicon.v,
    referrals: referrals.map((r) => r.v),
  });
  return { ok: true, kb, files: files.map(rel), hidden: layered.hidden };
}
