/**
 * Parses and validates one knowledge file: a fast path (js-yaml) for valid
 * files, and a slow path (the `yaml` Document API) that gives every problem
 * its line. Problems are in Vietnamese: YAML syntax errors with line and
 * column (`yaml-errors.ts`), schema errors through the error map of
 * `zod-vi.ts` (missing fields, wrong types, unknown keys with a suggestion).
 */
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load as fastLoad } from 'js-yaml';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { KnowledgeProblem } from './problems.js';
import { KnowledgeFile } from './schema.js';
import { yamlErrorMessage, yamlErrorPosition } from './yaml-errors.js';
import { knowledgeErrorMap, splitIssues } from './zod-vi.js';

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
  /** When the file is broken: the entry ids it seems to declare (see {@link idsInText}). */
  ids?: string[];
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
  const first = doc.errors[0];
  if (first) {
    // Only the first: the errors after it are usually the same mistake seen again.
    const more = doc.errors.length > 1 ? ' (sửa lỗi này trước; các lỗi sau có thể do nó)' : '';
    const problem = {
      file: displayPath,
      line: yamlErrorPosition(first, lc).line,
      field: '(cú pháp YAML)',
      message: `${yamlErrorMessage(first, lc)}${more}`,
    };
    return { locate, problems: [problem], ids: idsInText(nfc) };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    const alias = /alias/i.test((err as Error).message);
    const message = alias
      ? 'quá nhiều tham chiếu *bí danh tới &neo (tối đa 50) — viết thẳng nội dung thay cho *bí danh'
      : `không chuyển được nội dung YAML: ${(err as Error).message}`;
    return { locate, problems: [{ file: displayPath, line: 1, field: '(tệp)', message }], ids: idsInText(nfc) };
  }
  if (raw === null || raw === undefined) {
    return { locate, problems: [{ file: displayPath, line: 1, field: '(tệp)', message: 'tệp rỗng' }] };
  }
  const r = KnowledgeFile.safeParse(raw, { error: knowledgeErrorMap });
  if (!r.success) {
    return {
      locate,
      problems: splitIssues(r.error.issues).map((i) => ({
        file: displayPath,
        line: locate(i.path as (string | number)[]),
        field: fieldName(i.path),
        message: i.message,
      })),
      ids: idsInText(nfc),
    };
  }
  return { data: r.data, raw: raw as Record<string, unknown>, problems: [], locate };
}

/**
 * The entry ids a file seems to declare (`id: khai-sinh` lines), read from
 * the text so that it works on a file that does not parse: other files'
 * references to them are then not reported as dangling, since the broken
 * file, once fixed, most likely provides them.
 */
export function idsInText(text: string): string[] {
  return [...text.matchAll(/^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?[ \t]*(?:#.*)?$/gm)].map(
    (m) => m[1]!,
  );
}
