/**
 * Merges imported procedures into the catalogue's YAML files without losing
 * anything: an entry already there (matched by its national code) is updated
 * field by field through the yaml Document API, so comments, hand-added
 * aliases and the fields an administrator listed in `keep` stay as they are;
 * new entries are appended to the file of their field; entries the new
 * import does not mention are left alone. Nothing is written here: the
 * caller validates the new texts and writes them atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { fold } from '../../search/normalize.js';
import { listKnowledgeFiles } from '../loader.js';
import { IMPORTED_FIELDS } from '../schema.js';
import type { ImportedProcedure } from './convert.js';
import { slugify } from './names.js';

/** One catalogue file, parsed, with its text as read (to tell whether it changed). */
interface CatalogFile {
  path: string;
  doc: Document;
  before: string;
}

/** Where an existing imported entry is. */
interface Located {
  file: CatalogFile;
  node: YAMLMap;
}

/** Outcome of a merge: the new texts of the files that changed, and what happened to each code. */
export interface MergeResult {
  changed: Map<string, string>;
  added: string[];
  updated: { code: string; fields: string[] }[];
  unchanged: string[];
  kept: { code: string; fields: string[] }[];
}

const HEADER =
  ' Thủ tục nhập từ Cổng Dịch vụ công quốc gia bằng `npm run kb:import -- --portal …`.\n' +
  ' Có thể sửa tay: aliases thêm vào được giữ khi nhập lại; trường nào đã sửa tay thì ghi tên vào `keep:`\n' +
  ' để lần nhập sau không ghi đè. Mục viết tay (knowledge/procedures) cùng mã thủ tục sẽ thay mục nhập này.';

const ORDER = [
  'id',
  'code',
  'name',
  'family',
  'variant',
  'field',
  'agency',
  'aliases',
  'where',
  'online',
  'documents',
  'cases',
  'methods',
  'processingTime',
  'fee',
  'steps',
  'result',
  'legalBasis',
  'sections',
  'details',
  'portal',
  'sources',
  'provenance',
  'lastVerified',
  'confidence',
];

/** Reads the existing catalogue files of `dir` and indexes their entries by code. */
export function readCatalog(dir: string): { files: Map<string, CatalogFile>; byCode: Map<string, Located> } {
  const files = new Map<string, CatalogFile>();
  const byCode = new Map<string, Located>();
  if (!existsSync(dir)) return { files, byCode };
  for (const path of listKnowledgeFiles(dir)) {
    const before = readFileSync(path, 'utf8');
    const doc = parseDocument(before);
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message.split('\n')[0]}`);
    const file = { path, doc, before };
    files.set(path, file);
    const seq = doc.get('procedures', true);
    if (!isSeq(seq)) continue;
    for (const node of seq.items) {
      if (!isMap(node)) continue;
      const code = node.get('code');
      if (typeof code === 'string') byCode.set(code, { file, node });
    }
  }
  return { files, byCode };
}

/** The YAML value of a procedure field, without empty lists (defaults keep the file short). */
function value(p: ImportedProcedure, key: string): unknown {
  const v = (p as Record<string, unknown>)[key];
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (key === 'details' && v === true) return undefined;
  return v;
}

function plain(doc: Document, p: ImportedProcedure): YAMLMap {
  const map = new YAMLMap();
  for (const key of ORDER) {
    const v = value(p, key);
    if (v !== undefined) map.set(key, doc.createNode(v));
  }
  return map;
}

/** JSON with sorted keys, so that a reordered map compares equal. */
function stable(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

function update(loc: Located, p: ImportedProcedure): { fields: string[]; kept: string[] } {
  const { node, file } = loc;
  const keepNode = node.get('keep');
  const keep = new Set(isSeq(keepNode) ? keepNode.toJSON().map(String) : []);
  const fields: string[] = [];
  const kept: string[] = [];
  for (const key of IMPORTED_FIELDS) {
    const next = value(p, key);
    const cur: unknown = (node.get(key, true) as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? node.get(key);
    if (stable(cur) === stable(next)) continue;
    if (keep.has(key)) {
      kept.push(key);
      continue;
    }
    if (next === undefined) node.delete(key);
    else node.set(key, file.doc.createNode(next));
    fields.push(key);
  }
  // Aliases: the generated ones are added, none an administrator added is removed.
  const cur = node.get('aliases', true);
  const have = new Set(isSeq(cur) ? cur.toJSON().map((a: unknown) => fold(String(a))) : []);
  const missing = p.aliases.filter((a) => !have.has(fold(a)));
  if (missing.length > 0) {
    if (isSeq(cur)) for (const a of missing) cur.add(file.doc.createNode(a));
    else node.set('aliases', file.doc.createNode(missing));
    fields.push('aliases');
  }
  return { fields, kept };
}

function fileFor(files: Map<string, CatalogFile>, dir: string, p: ImportedProcedure): CatalogFile {
  const sub = p.portal?.scope === 'province' && p.portal.province ? `tinh-${slugify(p.portal.province)}` : '';
  const path = join(dir, sub, `${slugify(p.field, 6) || 'khac'}.yaml`);
  let f = files.get(path);
  if (!f) {
    const doc = new Document({ procedures: [] });
    doc.commentBefore = HEADER;
    f = { path, doc, before: '' };
    files.set(path, f);
  }
  return f;
}

/**
 * Merges `procedures` into the catalogue folder `dir` (in memory).
 *
 * @example
 * ```ts
 * const m = mergeCatalog('knowledge/catalog', procedures); // nothing is written yet
 * for (const [path, text] of m.changed) writeFileAtomic(path, text);
 * console.log(m.added.length, m.updated.length, m.kept.length);
 * ```
 */
export function mergeCatalog(dir: string, procedures: ImportedProcedure[]): MergeResult {
  const { files, byCode } = readCatalog(dir);
  const r: MergeResult = { changed: new Map(), added: [], updated: [], unchanged: [], kept: [] };
  for (const p of procedures) {
    const loc = p.code ? byCode.get(p.code) : undefined;
    if (loc) {
      const u = update(loc, p);
      if (u.fields.length > 0) r.updated.push({ code: p.code!, fields: u.fields });
      else r.unchanged.push(p.code!);
      if (u.kept.length > 0) r.kept.push({ code: p.code!, fields: u.kept });
      continue;
    }
    const f = fileFor(files, dir, p);
    let seq = f.doc.get('procedures', true);
    if (!isSeq(seq)) {
      seq = new YAMLSeq();
      f.doc.set('procedures', seq);
    }
    (seq as YAMLSeq).add(plain(f.doc, p));
    r.added.push(p.code!);
  }
  for (const f of files.values()) {
    const text = f.doc.toString({ lineWidth: 0 });
    if (text !== f.before) r.changed.set(f.path, text);
  }
  return r;
}
