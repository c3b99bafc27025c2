/**
 * Re-importing a sheet merges into the file of the earlier import instead of
 * replacing it. Entries are matched by national code (or by id when neither
 * has a code) and updated in place through the yaml Document API, so
 * comments and what administrators added or corrected by hand (extra
 * aliases, steps, agency, confidence…) stay; new rows are appended; entries
 * absent from the new sheet are kept. Importing the same sheet twice
 * changes nothing.
 *
 * @example
 * ```ts
 * const m = mergeImported(previousText, converted, { source: 'ds.csv', today: '2026-11-22', takenIds });
 * if (m.ok && m.text !== undefined) writeFileAtomic(file, m.text);
 * ```
 */
import { Document, isMap, isNode, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Procedure } from '../knowledge/schema.js';
import { IMPORT_SOURCE, importHeader, importedShape, type ConvertedRow, type RowProblem } from './import-procedures.js';

/** Fields that come from the sheet: compared, and updated when they differ. The others are the administrators'. */
export const SHEET_FIELDS = ['code', 'name', 'field', 'documents', 'processingTime', 'fee', 'legalBasis'] as const;

/** Options of {@link mergeImported}. */
export interface MergeOptions {
  /** File name of the sheet (header comment of a new file). */
  source: string;
  /** `YYYY-MM-DD`, written as lastVerified of added and updated entries. */
  today: string;
  /** Ids used by other knowledge files: new entries must not take them. */
  takenIds: Set<string>;
}

/** What {@link mergeImported} did, by entry id. */
export interface MergeOutcome {
  ok: true;
  /** The new text of the file, or undefined when nothing changes. */
  text: string | undefined;
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Entries of the file that are not in this sheet: kept as they are. */
  kept: string[];
  /** Ids of the usable rows, in sheet order (added, updated or unchanged). */
  imported: string[];
  /** Rows that could not be merged, with the reason. */
  skipped: RowProblem[];
}

/** Result of {@link mergeImported}: errors are values. */
export type MergeResult = MergeOutcome | { ok: false; message: string };

type Entry = YAMLMap<unknown, unknown>;

const plain = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v).normalize('NFC'));
const nodeValue = (doc: Document, n: unknown): unknown => (isNode(n) ? n.toJS(doc) : n);

/** Sets `key` of an entry, keeping the comments and the flow/block style of the value it replaces. */
function setField(doc: Document, entry: Entry, key: string, value: unknown): void {
  const old = entry.get(key, true);
  if (value === undefined) {
    entry.delete(key);
    return;
  }
  if (isScalar(old) && (value === null || typeof value !== 'object')) {
    old.value = value;
    return;
  }
  const node = doc.createNode(value, { aliasDuplicateObjects: false });
  if (isNode(old)) {
    node.commentBefore = old.commentBefore;
    node.comment = old.comment;
    if ((isSeq(old) || isMap(old)) && old.flow && (isSeq(node) || isMap(node))) node.flow = true;
  }
  if (old === undefined && key === 'code') {
    // A code found later goes right after the id, where people look for it.
    const at = entry.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'id');
    entry.items.splice(at + 1, 0, doc.createPair(key, node));
  } else entry.set(key, node);
}

/** Replaces the import's own `sources` line (or adds it first); other sources stay. */
function setImportSource(doc: Document, entry: Entry, source: string): void {
  const seq = entry.get('sources', true);
  if (!isSeq(seq)) return setField(doc, entry, 'sources', [source]);
  const i = seq.items.findIndex(
    (it) => isScalar(it) && typeof it.value === 'string' && it.value.startsWith(IMPORT_SOURCE),
  );
  if (i >= 0) (seq.items[i] as { value: unknown }).value = source;
  else seq.items.unshift(doc.createNode(source));
}

/** Updates the sheet fields of an entry when they differ; true if anything changed. */
function updateEntry(doc: Document, entry: Entry, p: Procedure, today: string): boolean {
  const next = importedShape(p);
  const changed = SHEET_FIELDS.filter((k) => plain(nodeValue(doc, entry.get(k, true))) !== plain(next[k]));
  if (changed.length === 0) return false;
  for (const k of changed) setField(doc, entry, k, next[k]);
  setField(doc, entry, 'lastVerified', today);
  if (p.sources[0]) setImportSource(doc, entry, p.sources[0]);
  return true;
}

/** The file's entries by code and by id. */
function indexEntries(seq: YAMLSeq): { byCode: Map<string, Entry>; byId: Map<string, Entry>; order: Entry[] } {
  const byCode = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  const order: Entry[] = [];
  for (const it of seq.items) {
    if (!isMap(it)) continue;
    const id = it.get('id');
    const code = it.get('code');
    if (typeof id === 'string') byId.set(id, it);
    if (typeof code === 'string') byCode.set(code, it);
    order.push(it);
  }
  return { byCode, byId, order };
}

/** The parsed file and its `procedures:` list (created when missing), or why it cannot be merged into. */
function openFile(
  previous: string | undefined,
  o: MergeOptions,
): { doc: Document; seq: YAMLSeq } | { message: string } {
  if (previous === undefined || previous.trim() === '') {
    const doc = new Document({ procedures: [] });
    doc.commentBefore = importHeader(o.source, o.today);
    return { doc, seq: doc.get('procedures', true) as YAMLSeq };
  }
  const doc = parseDocument(previous);
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? 1;
    return {
      message: `tệp nhập trước đây có lỗi cú pháp YAML ở dòng ${line}; sửa tệp (npm run kb:check) rồi nhập lại`,
    };
  }
  const seq = doc.get('procedures', true);
  if (seq === undefined) {
    const created = doc.createNode([]) as YAMLSeq;
    doc.set('procedures', created);
    return { doc, seq: created };
  }
  if (!isSeq(seq))
    return { message: 'khoá procedures: của tệp nhập trước đây không phải là danh sách; sửa tệp rồi nhập lại' };
  return { doc, seq };
}

/**
 * Merges converted rows into `previous` (the text of the earlier import, or
 * undefined when there is none). Never throws for bad input.
 */
export function mergeImported(previous: string | undefined, rows: ConvertedRow[], o: MergeOptions): MergeResult {
  const opened = openFile(previous, o);
  if ('message' in opened) return { ok: false, message: opened.message };
  const { doc, seq } = opened;
  const { byCode, byId, order } = indexEntries(seq);
  const ids = new Set([...o.takenIds, ...byId.keys()]);
  const rowOf = new Map<Entry, number>();
  const out: MergeOutcome = {
    ok: true,
    text: undefined,
    added: [],
    updated: [],
    unchanged: [],
    kept: [],
    imported: [],
    skipped: [],
  };
  for (const { row, procedure: p } of rows) {
    const sameId = byId.get(p.id);
    const match =
      (p.code ? byCode.get(p.code) : undefined) ?? (sameId && sameId.get('code') === undefined ? sameId : undefined);
    if (match) {
      const id = String(match.get('id'));
      const first = rowOf.get(match);
      if (first !== undefined) {
        out.skipped.push({ row, message: `cùng thủ tục với dòng ${first} (mục ${id}); bỏ qua` });
        continue;
      }
      rowOf.set(match, row);
      (updateEntry(doc, match, p, o.today) ? out.updated : out.unchanged).push(id);
      out.imported.push(id);
      continue;
    }
    const alt = p.code ? `${p.id}-${p.code.replace('.', '-')}` : `${p.id}-${row}`;
    const id = !ids.has(p.id) ? p.id : !ids.has(alt) ? alt : undefined;
    if (!id) {
      out.skipped.push({ row, message: `mã mục ${p.id} đã có trong tệp cho một thủ tục khác; bỏ qua` });
      continue;
    }
    const node = doc.createNode(importedShape({ ...p, id }), { aliasDuplicateObjects: false }) as Entry;
    seq.add(node);
    ids.add(id);
    byId.set(id, node);
    if (p.code) byCode.set(p.code, node);
    rowOf.set(node, row);
    out.added.push(id);
    out.imported.push(id);
  }
  out.kept = order.filter((e) => !rowOf.has(e)).map((e) => String(e.get('id')));
  if (out.added.length + out.updated.length > 0) out.text = doc.toString({ lineWidth: 0 });
  return out;
}
