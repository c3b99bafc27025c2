/**
 * The BM25 index on its own: fields weighted, the best alias of a field
 * counted (not their sum), and the best `limit` documents returned in the
 * order a full stable sort would give, ties in the order documents were met.
 */
import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Doc } from '../../src/search/bm25.js';

const doc = (aliases: string[], body = ''): Bm25Doc => ({
  fields: { aliases: aliases.map((a) => a.split(' ')), body: body ? [body.split(' ')] : [] },
});
const WEIGHTS = { aliases: 3, body: 0.4 };

describe('Bm25Index', () => {
  it('ranks the document whose name holds the terms above one whose description does', () => {
    const index = new Bm25Index([doc(['dang ky ket hon'], 'khai sinh'), doc(['khai sinh'], 'ket hon')], WEIGHTS);
    expect(index.search(['khai', 'sinh'], 5).map((h) => h.doc)).toEqual([1, 0]);
  });

  it('counts the best alias of a field, so twenty aliases do not outweigh one good name', () => {
    const many = doc(Array.from({ length: 20 }, (_, i) => `khai sinh ${i}`));
    const one = doc(['khai sinh']);
    const [a, b] = new Bm25Index([many, one], WEIGHTS).search(['khai', 'sinh'], 5);
    expect(b!.score).toBeLessThanOrEqual(a!.score);
    expect(a!.doc).toBe(1);
  });

  it('keeps the best `limit` of many documents in the order a full sort gives, ties by first met', () => {
    const words = ['cap', 'lai', 'giay', 'khai', 'sinh', 'ket', 'hon', 'tam', 'tru', 'ho'];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const docs = Array.from({ length: 300 }, () =>
      doc([Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => words[Math.floor(rnd() * words.length)]).join(' ')]),
    );
    const index = new Bm25Index(docs, WEIGHTS);
    const query = ['cap', 'lai', 'khai', 'sinh', 'khong_co'];
    const all = index.search(query, 10_000);
    expect(all.length).toBeGreaterThan(100);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    for (const limit of [0, 1, 5, 12, 50]) expect(index.search(query, limit)).toEqual(all.slice(0, limit));
    // Ties keep the order in which the documents were first scored, as a stable sort would.
    const tied = all.filter((h) => h.score === all[0]!.score).map((h) => h.doc);
    expect(tied).toEqual([...tied].sort((x, y) => x - y));
  });

  it('finds nothing for terms no document has, and is reusable after each search', () => {
    const index = new Bm25Index([doc(['khai sinh']), doc(['ket hon'])], WEIGHTS);
    expect(index.search(['xyz', 'abc_def'], 5)).toEqual([]);
    const first = index.search(['khai', 'sinh'], 5);
    expect(index.search(['khai', 'sinh'], 5)).toEqual(first);
  });
});
