/**
 * "Add alias" in one step: appends a phrase to the `aliases:` list of an
 * entry in its YAML file (comments and layout kept, via the `yaml` Document
 * API), validates the file, writes it and reloads the knowledge. If the
 * reload is rejected the file is put back as it was. Both writes are atomic
 * ({@link writeFileAtomic}): a reader never sees a half-written file.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, parseDocument, YAMLSeq, type Document } from 'yaml';
import { writeFileAtomic } from '../knowledge/atomic.js';
import { formatProblem, listKnowledgeFiles, parseKnowledgeFile, type KnowledgeProblem } from '../knowledge/loader.js';
import type { KnowledgeStore } from '../knowledge/store.js';
import { foldForCommand as fold } from '../text/fold.js';

/** Result of {@link addAlias}: errors are values. */
export type AddAliasResult =
  | { ok: true; file: string; entries: number }
  | {
      ok: false;
      reason: 'bad-alias' | 'not-found' | 'duplicate' | 'invalid';
      message: string;
      problems?: KnowledgeProblem[];
    };

const LISTS = ['procedures', 'hotlines', 'articles'] as const;

/** Finds the file and list position of an entry id. */
export function locateEntry(
  dir: string,
  id: string,
): { file: string; doc: Document; list: string; index: number; text: string } | undefined {
  for (const file of listKnowledgeFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const doc = parseDocument(text);
    if (doc.errors.length > 0) continue;
    for (const list of LISTS) {
      const seq = doc.get(list, true);
      if (!isSeq(seq)) continue;
      const index = seq.items.findIndex((it) => isMap(it) && it.get('id') === id);
      if (index >= 0) return { file, doc, list, index, text };
    }
  }
  return undefined;
}

/**
 * An entry of the city's shared folder (not this commune's to edit): its new
 * names go to the commune's own `aliases.yaml`, under `aliases: <id>:`,
 * created when missing (`text` is then empty).
 */
function sharedEntryAliases(
  store: KnowledgeStore,
  id: string,
): { file: string; doc: Document; list: string; index: number; text: string } | undefined {
  if (!store.shared || !store.kb.byId.has(id)) return undefined;
  const file = join(store.dir, LOCAL_ALIASES_FILE);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const doc = parseDocument(
    text || '# Tên gọi riêng của xã cho các mục dùng chung của thành phố (thêm từ trang Câu hỏi chưa trả lời).\n',
  );
  if (doc.errors.length > 0) return undefined;
  if (!isMap(doc.get('aliases', true))) {
    const map = doc.createNode({});
    map.flow = false;
    doc.set('aliases', map);
  }
  return { file, doc, list: 'aliases', index: -1, text };
}

/** Where a commune's own names for shared entries are written. */
export const LOCAL_ALIASES_FILE = 'aliases.yaml';

/**
 * Adds `alias` to entry `id` in the knowledge folder of `store`, then reloads
 * (off the main thread; answering goes on meanwhile). The alias is rejected
 * if empty, too long, or already an alias of any entry.
 */
export async function addAlias(store: KnowledgeStore, id: string, alias: string): Promise<AddAliasResult> {
  const clean = alias.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (clean.length < 2 || clean.length > 120 || !/\p{L}/u.test(clean)) {
    return { ok: false, reason: 'bad-alias', message: 'Từ khoá phải dài 2–120 ký tự và có chữ.' };
  }
  const folded = fold(clean);
  for (const e of store.kb.entries) {
    if (e.aliases.some((a) => fold(a) === folded) || fold(e.title) === folded) {
      return { ok: false, reason: 'duplicate', message: `Từ khoá "${clean}" đã có ở mục ${e.id}.` };
    }
  }
  const found = locateEntry(store.dir, id) ?? sharedEntryAliases(store, id);
  if (!found) return { ok: false, reason: 'not-found', message: `Không có mục nào có mã "${id}".` };
  const { doc, file, list, index, text } = found;
  const path = list === 'aliases' ? [list, id] : [list, index, 'aliases'];
  const existing = doc.getIn(path, true);
  if (isSeq(existing)) existing.add(doc.createNode(clean));
  else {
    const seq = new YAMLSeq();
    seq.add(doc.createNode(clean));
    doc.setIn(path, seq);
  }
  const next = doc.toString({ lineWidth: 0 });
  const shown = relative(process.cwd(), file) || file;
  const check = parseKnowledgeFile(file, shown, next);
  if (check.problems.length > 0) {
    return {
      ok: false,
      reason: 'invalid',
      message: check.problems.map(formatProblem).join('\n'),
      problems: check.problems,
    };
  }
  writeFileAtomic(file, next);
  const r = await store.reload();
  if (!r.ok) {
    if (text === '') rmSync(file, { force: true });
    else writeFileAtomic(file, text);
    return { ok: false, reason: 'invalid', message: r.problems.map(formatProblem).join('\n'), problems: r.problems };
  }
  return { ok: true, file: shown, entries: r.entries };
}
