/**
 * A commune's knowledge in a city: its folder over the city's shared one,
 * the shared files parsed once for all communes, the catalogue's index
 * shared between their engines without changing a single answer, and a
 * commune's own names for shared entries.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { addAlias } from '../../src/admin/alias.js';
import { listKnowledgeFiles, loadKnowledge } from '../../src/knowledge/loader.js';
import { ParseCache } from '../../src/knowledge/shared.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { SearchEngine } from '../../src/search/engine.js';
import { readQuestions } from '../../src/search/evaluate.js';
import { communeYaml } from './fixtures.js';

let root = '';
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A commune folder with its profile (and more files). */
function commune(name: string, files: Record<string, string> = {}): string {
  root ||= mkdtempSync(join(tmpdir(), 'overlay-'));
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'commune.yaml'), communeYaml(`Phường ${name}`, '0225 3000 000'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

/** A commune's own procedure: a shipped one under another id and name. */
const LOCAL = (() => {
  const doc = parse(readFileSync('knowledge/procedures/chung-thuc.yaml', 'utf8')) as {
    procedures: Record<string, unknown>[];
  };
  const p: Record<string, unknown> = {
    ...doc.procedures[0]!,
    id: 'cap-phep-bien-quang-cao',
    name: 'Cấp phép đặt biển quảng cáo tạm thời',
    aliases: ['biển quảng cáo'],
  };
  delete p.code;
  delete p.covers;
  return stringify({ procedures: [p] });
})();

describe('a commune’s folder over the shared one', () => {
  it('replaces the shared profile, adds its own entries and points problems at its own files', () => {
    const dir = commune('An Biên', { 'procedures/rieng.yaml': LOCAL });
    const r = loadKnowledge(dir, [], { shared: 'knowledge' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    expect(r.kb.commune.name).toBe('Phường An Biên');
    expect(r.kb.byId.has('cap-phep-bien-quang-cao')).toBe(true);
    expect(r.kb.byId.has('khai-sinh')).toBe(true);
    expect(r.files.filter((f) => f.endsWith('commune.yaml'))).toHaveLength(1);
    expect(r.files.length).toBe(listKnowledgeFiles('knowledge').length + 1);
    writeFileSync(join(dir, 'procedures', 'rieng.yaml'), LOCAL.replace(/^ {4}field: .*\n/m, ''));
    const bad = loadKnowledge(dir, [], { shared: 'knowledge' });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => [p.file.endsWith(join('An Biên', 'procedures', 'rieng.yaml')), p.line])).toEqual([
        [true, 2],
      ]);
  });

  it('adds a commune’s own names to shared entries, and refuses names for entries that do not exist', () => {
    const dir = commune('Lê Chân', { 'aliases.yaml': 'aliases:\n  khai-sinh:\n    - làm giấy chào đời\n' });
    const r = loadKnowledge(dir, [], { shared: 'knowledge' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.kb.byId.get('khai-sinh')?.aliases).toContain('làm giấy chào đời');
    expect(new SearchEngine(r.kb).search('làm giấy chào đời').hits[0]?.id).toBe('khai-sinh');
    writeFileSync(
      join(dir, 'aliases.yaml'),
      'aliases:\n  khai-sinh: [làm giấy chào đời]\n  khong-co-muc-nay: [gì đó]\n',
    );
    const bad = loadKnowledge(dir, [], { shared: 'knowledge' });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
        '3: aliases.khong-co-muc-nay: không có mục nào có id "khong-co-muc-nay"',
      ]);
  });
});

describe('sharing between communes', () => {
  it('parses each shared file once, and answers exactly as without sharing', () => {
    const cache = new ParseCache();
    const [a, b] = ['An Biên', 'Lê Chân'].map((n) => loadKnowledge(commune(n), [], { shared: 'knowledge', cache }));
    if (!a?.ok || !b?.ok) throw new Error('load failed');
    const shared = listKnowledgeFiles('knowledge').length - 1;
    expect(cache.counts).toEqual({ hits: shared, misses: shared + 2 });
    const alone = loadKnowledge(join(root, 'Lê Chân'), [], { shared: 'knowledge' });
    if (!alone.ok) throw new Error('load failed');
    const engines = [new SearchEngine(a.kb), new SearchEngine(b.kb), new SearchEngine(alone.kb)];
    // The two communes' engines hold one catalogue index; the one loaded without the cache has its own.
    const catalogTier = (e: SearchEngine) => (e as unknown as { tiers: unknown[] }).tiers[1];
    expect(catalogTier(engines[0]!)).toBe(catalogTier(engines[1]!));
    expect(catalogTier(engines[2]!)).not.toBe(catalogTier(engines[1]!));
    for (const q of readQuestions('tests/eval/questions.tsv')) {
      const [x, y, z] = engines.map((e) => e.search(q.question));
      expect(y, q.question).toEqual(z);
      expect(
        x!.hits.map((h) => [h.id, h.score]),
        q.question,
      ).toEqual(z!.hits.map((h) => [h.id, h.score]));
    }
  });

  it('writes a commune’s new name for a shared entry into its own folder, never into the shared one', async () => {
    const dir = commune('Ngô Quyền');
    const before = digest('knowledge');
    const store = KnowledgeStore.load(dir, silentLogger, { shared: 'knowledge', cache: new ParseCache() });
    const r = await addAlias(store, 'khai-sinh', 'giấy chào đời cho bé');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(readFileSync(join(dir, 'aliases.yaml'), 'utf8')).toContain('khai-sinh:\n    - giấy chào đời cho bé');
    expect(store.engine.search('giấy chào đời cho bé').hits[0]?.id).toBe('khai-sinh');
    expect((await addAlias(store, 'khai-tu', 'giấy báo tử của bà')).ok).toBe(true);
    expect(store.kb.byId.get('khai-tu')?.aliases).toContain('giấy báo tử của bà');
    expect(digest('knowledge')).toBe(before);
  });
});

function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of listKnowledgeFiles(dir)) h.update(f).update(readFileSync(f));
  return h.digest('hex');
}
