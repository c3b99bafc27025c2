/**
 * Loads and validates the `knowledge/` folder.
 *
 * All or nothing: either every file parses and validates and the result is a
 * complete {@link KnowledgeBase}, or the caller gets every problem as
 * `file:line: field: problem` and nothing is loaded.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseKnowledgeFile } from './parse-file.js';
import type { Article, Commune, Hotline, Lexicon, Procedure } from './schema.js';
import { referralProblems, type LocatedReferral } from './referral-checks.js';
import { quizProblems, type Citable, type LocatedQuiz } from './quiz-checks.js';
import { buildKnowledgeBase } from './model.js';
import { applyLayers } from './layers.js';
import { txaMessage } from '../errors.js';
import { DEFAULT_MAX_FILE_BYTES, fileSizeProblem, textSizeProblem } from './file-size.js';

import type { FileHook, KnowledgeProblem, LoadOptions, LoadResult } from './problems.js';
import { overlayFiles } from './shared.js';

export {
  type FileHook,
  formatProblem,
  KnowledgeLoadError,
  type KnowledgeProblem,
  type LoadOptions,
  type LoadResult,
} from './problems.js';
export { idsInText, parseKnowledgeFile } from './parse-file.js';

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

type Located<T> = { v: T; file: string; line: () => number; at: (p: (string | number)[]) => number };

/** Everything the files declare, with where, gathered before the cross-file checks. */
interface Collected {
  procedures: Located<Procedure>[];
  hotlines: Located<Hotline>[];
  articles: Located<Article>[];
  communes: { v: Commune; file: string }[];
  lexicons: { v: Lexicon; file: string }[];
  referrals: LocatedReferral[];
  quizzes: LocatedQuiz[];
  /** Names added to entries of other files (`aliases:`), by id, with where. */
  extraAliases: { id: string; names: string[]; file: string; line: () => number }[];
  /** Ids that files which did not parse seem to declare. */
  brokenIds: Set<string>;
}

function located<T>(list: readonly T[] | undefined, key: string, file: string, locate: Parsed['locate']): Located<T>[] {
  return (list ?? []).map((v, i) => ({
    v,
    file,
    line: () => locate([key, i]),
    at: (p) => locate([key, i, ...p]),
  }));
}

type Parsed = ReturnType<typeof parseKnowledgeFile>;

/** Adds one parsed file's entries (or, for a broken file, its ids) to `c`. */
function collect(c: Collected, shown: string, parsed: Parsed): void {
  for (const id of parsed.ids ?? []) c.brokenIds.add(id);
  const d = parsed.data;
  if (!d) return;
  c.procedures.push(...located(d.procedures, 'procedures', shown, parsed.locate));
  c.hotlines.push(...located(d.hotlines, 'hotlines', shown, parsed.locate));
  c.articles.push(...located(d.articles, 'articles', shown, parsed.locate));
  for (const r of located(d.referrals, 'referrals', shown, parsed.locate)) c.referrals.push(r);
  c.quizzes.push(...located(d.quizzes, 'quizzes', shown, parsed.locate));
  for (const [id, names] of Object.entries(d.aliases ?? {}))
    c.extraAliases.push({ id, names, file: shown, line: () => parsed.locate(['aliases', id]) });
  if (d.commune) c.communes.push({ v: d.commune, file: shown });
  if (d.lexicon) c.lexicons.push({ v: d.lexicon, file: shown });
}

/** Unique ids and `related` pointing at existing entries; returns the known ids. */
function idProblems(c: Collected, problems: KnowledgeProblem[]): Set<string> {
  const seen = new Map<string, { file: string; line: () => number }>();
  const all = [...c.procedures, ...c.hotlines, ...c.articles];
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
      // An id of a file that does not parse is reported with that file, not here in files nobody edited.
      if (seen.has(r) || c.brokenIds.has(r)) return;
      problems.push({
        file: e.file,
        line: e.at(['related', j]),
        field: `${e.v.id}.related`,
        message: `không có mục nào có id "${r}"`,
      });
    });
  }
  return new Set(seen.keys());
}

/** One commune profile, one lexicon, and hotlines pointing at the profile's numbers. */
function profileProblems(c: Collected, dir: string, problems: KnowledgeProblem[]): void {
  const [commune, ...extraCommunes] = c.communes;
  const [lexicon, ...extraLexicons] = c.lexicons;
  if (!commune) problems.push({ file: dir, line: 1, field: 'commune', message: 'thiếu hồ sơ xã (khoá commune:)' });
  for (const x of extraCommunes)
    problems.push({ file: x.file, line: 1, field: 'commune', message: 'chỉ được có một hồ sơ xã' });
  if (!lexicon) problems.push({ file: dir, line: 1, field: 'lexicon', message: 'thiếu bảng viết tắt (khoá lexicon:)' });
  for (const l of extraLexicons)
    problems.push({ file: l.file, line: 1, field: 'lexicon', message: 'chỉ được có một bảng viết tắt' });
  if (!commune) return;
  for (const h of c.hotlines) {
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

/** What quiz questions may cite, by entry id (the first entry of an id when ids repeat). */
function citables(c: Collected): Map<string, Citable> {
  const m = new Map<string, Citable>();
  for (const e of [...c.procedures, ...c.hotlines, ...c.articles]) if (!m.has(e.v.id)) m.set(e.v.id, e.v);
  return m;
}

/** The folder's files, or the one problem saying why it cannot be read. */
function listOrProblem(dir: string): string[] | KnowledgeProblem {
  try {
    return listKnowledgeFiles(dir);
  } catch (err) {
    const code =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'TXA_KNOWLEDGE_DIR_MISSING' : 'TXA_KNOWLEDGE_DIR_UNREADABLE';
    return { file: dir, line: 1, field: '(thư mục)', message: txaMessage(code, { path: dir }), code };
  }
}

/**
 * Adds the names of `aliases:` lists to their entries, as new objects: the
 * parsed entries may be shared with other communes (see `shared.ts`).
 */
function withExtraAliases(extra: Collected['extraAliases']): <T extends { id: string; aliases: string[] }>(e: T) => T {
  const byId = new Map<string, string[]>();
  for (const a of extra) byId.set(a.id, [...(byId.get(a.id) ?? []), ...a.names]);
  return (e) => {
    const more = byId.get(e.id)?.filter((n) => !e.aliases.includes(n));
    return more && more.length > 0 ? { ...e, aliases: [...e.aliases, ...more] } : e;
  };
}

/** The files of `dir`, over those of the shared folder when there is one (see `shared.ts`). */
function listWithShared(dir: string, shared: string | undefined): string[] | KnowledgeProblem {
  const own = listOrProblem(dir);
  if (!shared || !Array.isArray(own)) return own;
  const base = listOrProblem(shared);
  if (!Array.isArray(base)) return base;
  return overlayFiles(own, dir, base, shared).map((f) => f.path);
}

/**
 * Loads every YAML file under `dir`, validates each against the schema and
 * the whole against cross-file rules (unique ids, existing references, one
 * commune profile, one lexicon).
 *
 * @example
 * ```ts
 * const r = loadKnowledge('knowledge');
 * if (r.ok) console.log(r.kb.entries.length, r.files.length);
 * else for (const p of r.problems) console.error(p.file, p.message);
 * ```
 */
export function loadKnowledge(dir: string, hooks: FileHook[] = [], options: LoadOptions = {}): LoadResult {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const problems: KnowledgeProblem[] = [];
  const files = listWithShared(dir, options.shared);
  if (!Array.isArray(files)) return { ok: false, problems: [files] };
  const c: Collected = {
    procedures: [],
    hotlines: [],
    articles: [],
    communes: [],
    lexicons: [],
    referrals: [],
    quizzes: [],
    extraAliases: [],
    brokenIds: new Set(),
  };
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
    const parsed =
      options.cache && text === undefined
        ? options.cache.get(f, () => parseKnowledgeFile(f, shown))
        : parseKnowledgeFile(f, shown, text);
    problems.push(...parsed.problems);
    if (parsed.data && parsed.raw) for (const h of hooks) problems.push(...h(shown, parsed.raw, parsed.locate));
    collect(c, shown, parsed);
  }
  if (files.length === 0) problems.push({ file: dir, line: 1, field: '(thư mục)', message: 'không có tệp .yaml nào' });
  const known = idProblems(c, problems);
  for (const a of c.extraAliases)
    if (!known.has(a.id) && !c.brokenIds.has(a.id))
      problems.push({
        file: a.file,
        line: a.line(),
        field: `aliases.${a.id}`,
        message: `không có mục nào có id "${a.id}"`,
      });
  problems.push(...referralProblems(c.referrals, new Set([...known, ...c.brokenIds])));
  problems.push(...quizProblems(c.quizzes, citables(c), c.brokenIds));
  profileProblems(c, dir, problems);
  const [commune] = c.communes;
  const [lexicon] = c.lexicons;
  if (problems.length > 0 || !commune || !lexicon) return { ok: false, problems };
  const named = withExtraAliases(c.extraAliases);
  const layered = applyLayers(
    c.procedures.map((p) => named(p.v)),
    commune.v,
  );
  const kb = buildKnowledgeBase({
    procedures: layered.procedures,
    hotlines: c.hotlines.map((h) => named(h.v)),
    articles: c.articles.map((a) => named(a.v)),
    commune: commune.v,
    lexicon: lexicon.v,
    referrals: c.referrals.map((r) => r.v),
    quizzes: c.quizzes.map((q) => q.v),
  });
  return { ok: true, kb, files: files.map(rel), hidden: layered.hidden };
}
