/**
 * A synthetic knowledge base for scale benchmarks: the real entries plus
 * procedures whose names and aliases are random mixes of the real vocabulary
 * (harsher than a real catalogue for a bag-of-words ranker).
 */
import { buildKnowledgeBase, type KnowledgeBase } from '../src/knowledge/model.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real entries plus synthetic ones built from their vocabulary, up to `size`. */
export function synthetic(kb: KnowledgeBase, size: number): KnowledgeBase {
  const rand = rng(42);
  const words = [...new Set(kb.entries.flatMap((e) => [e.title, ...e.aliases].join(' ').split(/\s+/)))].filter(
    (w) => w.length > 1,
  );
  const pick = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const base = kb.procedures[0]!;
  const extra = Array.from({ length: Math.max(0, size - kb.entries.length) }, (_, i) => ({
    ...base,
    id: `synthetic-${i}`,
    code: undefined,
    name: `Thủ tục ${pick(3 + Math.floor(rand() * 5))}`,
    field: pick(2),
    aliases: Array.from({ length: 3 + Math.floor(rand() * 5) }, () => pick(2 + Math.floor(rand() * 3))),
    related: [],
  }));
  return buildKnowledgeBase({ ...kb, procedures: [...kb.procedures, ...extra] });
}
