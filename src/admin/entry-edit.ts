/**
 * Editing one field of a knowledge entry from the staff console: the value
 * is written into the entry's YAML file with the `yaml` Document API
 * (comments and layout kept), the whole folder is validated with the change
 * applied (in memory, as a reload and `kb:check` validate it) before
 * anything is written, then the file is written atomically and the
 * knowledge reloaded; if the reload is rejected, the file is put back.
 * A field of an imported catalogue entry that a re-import would overwrite
 * is added to the entry's `keep:` list (docs/catalog.md).
 *
 * @example
 * ```ts
 * const r = await editEntryField(app.knowledge, { id: 'khai-sinh', field: 'fee', value: 'Miễn lệ phí' });
 * if (!r.ok) console.log(r.message); // file:line: field: problem
 * ```
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  YAMLSeq,
  type Document,
  type ToStringOptions,
  type YAMLMap,
} from 'yaml';
import { writeFileAtomic } from '../knowledge/atomic.js';
import { formatProblem, listKnowledgeFiles, type KnowledgeProblem } from '../knowledge/loader.js';
import type { EntryKind } from '../knowledge/model.js';
import { IMPORTED_FIELDS } from '../knowledge/schema.js';
import type { KnowledgeStore } from '../knowledge/store.js';

/** A field the console can edit: one line, several lines, a list (one item a line) or a date. */
export interface FieldSpec {
  key: string;
  label: string;
  type: 'text' | 'long' | 'list' | 'date';
  /** Optional fields are removed when emptied. */
  optional?: boolean;
}

const common = {
  aliases: { key: 'aliases', label: 'Tên gọi khác (mỗi dòng một tên)', type: 'list' },
  sources: { key: 'sources', label: 'Nguồn (mỗi dòng một nguồn)', type: 'list' },
  lastVerified: { key: 'lastVerified', label: 'Ngày kiểm tra (YYYY-MM-DD)', type: 'date' },
} as const satisfies Record<string, FieldSpec>;

/** The editable fields of each kind of entry, in form order. */
export const EDITABLE: Record<EntryKind, readonly FieldSpec[]> = {
  procedure: [
    { key: 'name', label: 'Tên thủ tục', type: 'text' },
    common.aliases,
    { key: 'field', label: 'Lĩnh vực', type: 'text' },
    { key: 'agency', label: 'Cơ quan thực hiện', type: 'text' },
    { key: 'where', label: 'Nơi nộp (mỗi dòng một nơi)', type: 'list' },
    { key: 'documents', label: 'Giấy tờ (mỗi dòng một loại)', type: 'list' },
    { key: 'steps', label: 'Các bước (mỗi dòng một bước)', type: 'list' },
    { key: 'processingTime', label: 'Thời hạn giải quyết', type: 'text', optional: true },
    { key: 'fee', label: 'Lệ phí', type: 'text', optional: true },
    { key: 'deadline', label: 'Thời hạn phải làm', type: 'text', optional: true },
    { key: 'result', label: 'Kết quả nhận được', type: 'text', optional: true },
    { key: 'legalBasis', label: 'Căn cứ pháp lý (mỗi dòng một văn bản)', type: 'list' },
    { key: 'notes', label: 'Lưu ý', type: 'long', optional: true },
    common.sources,
    common.lastVerified,
  ],
  hotline: [
    { key: 'name', label: 'Tên', type: 'text' },
    common.aliases,
    { key: 'number', label: 'Số điện thoại (bỏ trống nếu dùng số trong hồ sơ xã)', type: 'text', optional: true },
    { key: 'who', label: 'Ai trả lời', type: 'text' },
    { key: 'hours', label: 'Giờ nhận cuộc gọi', type: 'text' },
    { key: 'whenToCall', label: 'Khi nào nên gọi (mỗi dòng một ý)', type: 'list' },
    common.sources,
    common.lastVerified,
  ],
  article: [
    { key: 'title', label: 'Tiêu đề', type: 'text' },
    common.aliases,
    { key: 'topic', label: 'Chủ đề', type: 'text' },
    { key: 'summary', label: 'Tóm tắt', type: 'long' },
    common.sources,
    common.lastVerified,
  ],
};

const LISTS: Record<EntryKind, string> = { procedure: 'procedures', hotline: 'hotlines', article: 'articles' };

/** Where an entry is written. */
export interface LocatedEntry {
  file: string;
  text: string;
  doc: Document;
  path: (string | number)[];
  node: YAMLMap;
}

/**
 * Finds the file and node of an entry. Files are first narrowed with a text
 * search for its `id:` line, so only the file that holds it is parsed.
 */
export function findEntry(dir: string, kind: EntryKind, id: string): LocatedEntry | undefined {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return undefined;
  const line = new RegExp(`^\\s*(?:-\\s+)?id:\\s*['"]?${id}['"]?\\s*(?:#.*)?$`, 'm');
  const list = LISTS[kind];
  for (const file of listKnowledgeFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!line.test(text)) continue;
    const doc = parseDocument(text);
    if (doc.errors.length > 0) continue;
    const seq = doc.get(list, true);
    if (!isSeq(seq)) continue;
    const index = seq.items.findIndex((it) => isMap(it) && it.get('id') === id);
    if (index >= 0) return { file, text, doc, path: [list, index], node: seq.items[index] as YAMLMap };
  }
  return undefined;
}

/** The value of a field as the form shows it: the text, or the list's items one a line. */
export function fieldText(node: YAMLMap, key: string): string {
  const v = node.get(key, true);
  if (isSeq(v)) return v.items.map((it) => (isScalar(it) ? String(it.value) : String(it))).join('\n');
  if (isScalar(v)) return String(v.value ?? '');
  return v === undefined ? '' : String(v);
}

/** A short fingerprint of a field's value, to tell whether it changed since the form was shown. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('base64url').slice(0, 16);
}

/** Cleans what was typed: NFC, Unix line ends; one line for text and dates. */
function clean(spec: FieldSpec, value: string): string | string[] {
  const v = value.normalize('NFC').replace(/\r\n?/g, '\n');
  if (spec.type === 'list')
    return v
      .split('\n')
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
  if (spec.type === 'long') return v.trim();
  return v.replace(/\s+/g, ' ').trim();
}

/** Writes `value` into the entry's node; returns false if nothing changes. */
function apply(doc: Document, node: YAMLMap, spec: FieldSpec, value: string | string[]): boolean {
  const cur = node.get(spec.key, true);
  if (Array.isArray(value)) {
    if (isSeq(cur)) {
      const old = cur.items.map((it) => (isScalar(it) ? String(it.value) : ''));
      if (old.length === value.length && old.every((o, i) => o === value[i])) return false;
      const unused = [...cur.items];
      cur.items = value.map((v) => {
        const i = unused.findIndex((it) => isScalar(it) && String(it.value) === v);
        return i >= 0 ? unused.splice(i, 1)[0]! : doc.createNode(v);
      });
      return true;
    }
    if (value.length === 0 && cur === undefined) return false;
    node.set(spec.key, doc.createNode(value));
    return true;
  }
  if (value === '' && spec.optional) return node.delete(spec.key);
  if (isScalar(cur)) {
    if (String(cur.value ?? '') === value && typeof cur.value === 'string') return false;
    cur.value = value;
    if (value.includes('\n')) cur.type = Scalar.BLOCK_LITERAL;
    else if (cur.type === Scalar.BLOCK_LITERAL || cur.type === Scalar.BLOCK_FOLDED) cur.type = Scalar.PLAIN;
    return true;
  }
  const n = doc.createNode(value);
  if (value.includes('\n')) n.type = Scalar.BLOCK_LITERAL;
  node.set(spec.key, n);
  return true;
}

/** Adds a field to an imported entry's `keep:` list, so a re-import leaves the edit alone. */
function keepField(doc: Document, node: YAMLMap, key: string): boolean {
  if (!node.has('portal') || !(IMPORTED_FIELDS as readonly string[]).includes(key)) return false;
  const keep = node.get('keep', true);
  if (isSeq(keep)) {
    if (keep.items.some((it) => isScalar(it) && it.value === key)) return false;
    keep.add(doc.createNode(key));
  } else {
    const seq = new YAMLSeq();
    seq.flow = true;
    seq.add(doc.createNode(key));
    node.set('keep', seq);
  }
  return true;
}

/**
 * The output options that rewrite `text` most like its author wrote it:
 * files differ in the spacing inside `[a, b]` and `{ a: b }`, which the
 * `yaml` library applies to the whole file.
 */
export function styleOf(text: string): ToStringOptions {
  const lines = text.split('\n');
  let best: { o: ToStringOptions; cost: number } | undefined;
  for (const flowCollectionPadding of [false, true]) {
    const o = { lineWidth: 0, flowCollectionPadding };
    const out = parseDocument(text).toString(o).split('\n');
    let cost = Math.abs(out.length - lines.length);
    for (let i = 0; i < Math.min(out.length, lines.length); i++) if (out[i] !== lines[i]) cost++;
    if (cost === 0) return o;
    if (!best || cost < best.cost) best = { o, cost };
  }
  return best!.o;
}

/**
 * The new text with only the changed lines rewritten: `before` and `after`
 * are the library's output without and with the change; the lines between
 * their common start and end replace the same lines of the author's
 * `original` (kept as written everywhere else). Falls back to `after` when
 * the library's output does not line up with the original, or when the
 * result would not mean the same as `after`.
 */
export function spliceChange(original: string, before: string, after: string): string {
  const o = original.split('\n');
  const b = before.split('\n');
  const a = after.split('\n');
  if (o.length !== b.length) return after;
  let start = 0;
  while (start < b.length && start < a.length && b[start] === a[start]) start++;
  let end = 0;
  while (end < b.length - start && end < a.length - start && b[b.length - 1 - end] === a[a.length - 1 - end]) end++;
  const text = [...o.slice(0, start), ...a.slice(start, a.length - end), ...o.slice(o.length - end)].join('\n');
  const same = JSON.stringify(parseDocument(text).toJS()) === JSON.stringify(parseDocument(after).toJS());
  return same ? text : after;
}

/** The line of a path in a YAML text (the closest existing parent's line). */
function lineOf(text: string, path: (string | number)[]): number {
  const lc = new LineCounter();
  const again = parseDocument(text, { lineCounter: lc });
  for (let n = path.length; n >= 0; n--) {
    const node = again.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

/** What an edit asks for. */
export interface EditRequest {
  id: string;
  field: string;
  value: string;
  /** The {@link fingerprint} of the value the form showed; a mismatch refuses the edit. */
  expected?: string;
}

/** Result of {@link editEntryField}: errors are values. */
export type EditResult =
  | { ok: true; file: string; line: number; changed: boolean; kept: boolean }
  | {
      ok: false;
      reason: 'not-found' | 'bad-field' | 'stale' | 'invalid';
      message: string;
      problems?: KnowledgeProblem[];
    };

let queue: Promise<unknown> = Promise.resolve();

/** Runs edits one after another (each reads, validates, writes and reloads alone). */
function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/** Edits one field of entry `id` in the knowledge folder of `store`; see the module comment. */
export function editEntryField(store: KnowledgeStore, req: EditRequest): Promise<EditResult> {
  return serial(async (): Promise<EditResult> => {
    const entry = store.kb.byId.get(req.id);
    if (!entry) return { ok: false, reason: 'not-found', message: `Không có mục nào có mã "${req.id}".` };
    const spec = EDITABLE[entry.kind].find((s) => s.key === req.field);
    if (!spec)
      return { ok: false, reason: 'bad-field', message: `Trường "${req.field}" không sửa được trên trang này.` };
    const found = findEntry(store.dir, entry.kind, req.id);
    if (!found)
      return { ok: false, reason: 'not-found', message: `Không tìm thấy mục "${req.id}" trong các tệp tri thức.` };
    const { file, text, doc, node } = found;
    const shown = relative(process.cwd(), file) || file;
    if (req.expected !== undefined && fingerprint(fieldText(node, spec.key)) !== req.expected) {
      return {
        ok: false,
        reason: 'stale',
        message: 'Trường này vừa được sửa ở nơi khác. Bạn vui lòng tải lại trang rồi sửa lại.',
      };
    }
    const changed = apply(doc, node, spec, clean(spec, req.value));
    const path = [...found.path, spec.key];
    if (!changed) return { ok: true, file: shown, line: lineOf(text, path), changed: false, kept: false };
    const kept = keepField(doc, node, spec.key);
    const style = styleOf(text);
    const next = spliceChange(text, parseDocument(text).toString(style), doc.toString(style));
    const checked = await store.validate(new Map([[file, next]]));
    if (!checked.ok) return invalid(checked.problems);
    writeFileAtomic(file, next);
    const r = await store.reload();
    if (!r.ok) {
      writeFileAtomic(file, text);
      return invalid(r.problems);
    }
    return { ok: true, file: shown, line: lineOf(next, path), changed: true, kept };
  });
}

function invalid(problems: KnowledgeProblem[]): EditResult {
  return { ok: false, reason: 'invalid', message: problems.map(formatProblem).join('\n'), problems };
}
