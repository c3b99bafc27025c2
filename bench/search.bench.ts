/**
 * Search benchmark: accuracy (top-1, top-3, out-of-scope answered) and
 * latency (p50, p99) of our engine, side by side with fuse.js on default
 * options over raw text and MiniSearch over the same normalised terms, on
 * the shipped knowledge base and on a synthetic one of 2,000 entries.
 * Also runs the outside evaluation set in ../shared/eval/ when present.
 */
import { existsSync } from 'node:fs';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../src/knowledge/model.js';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { silentLogger } from '../src/log/index.js';
import { SearchEngine } from '../src/search/engine.js';
import { pct, readQuestions, scorePredictions, type Prediction } from '../src/search/evaluate.js';
import { synthetic } from './synthetic.js';

type System = { name: string; build: (kb: KnowledgeBase) => (q: string) => Prediction; slowAtScale?: boolean };

const systems: System[] = [
  {
    name: 'ours: normalise + fuse typo fix + BM25 uni/bigrams',
    build: (kb) => {
      const e = new SearchEngine(kb);
      return (q) => {
        const o = e.search(q);
        return { answered: o.decision === 'answer', ids: o.hits.map((h) => h.id) };
      };
    },
  },
  {
    name: 'baseline: fuse.js defaults, raw text',
    build: (kb) => {
      const f = new Fuse(kb.entries, { keys: ['title', 'aliases', 'body'] });
      return (q) => {
        const r = f.search(q, { limit: 5 });
        return { answered: r.length > 0, ids: r.map((x) => x.item.id) };
      };
    },
    // ~0.5 s a question at 2,000 entries: measured on every 5th question there.
    slowAtScale: true,
  },
  {
    name: 'MiniSearch, same normalised terms',
    build: (kb) => {
      const analyze = new SearchEngine(kb).analyze;
      const ms = new MiniSearch<{ id: string; title: string; aliases: string; body: string }>({
        fields: ['aliases', 'title', 'body'],
        tokenize: (s) => analyze(s).terms,
        processTerm: (t) => t,
        searchOptions: { boost: { aliases: 3, title: 2, body: 0.4 } },
      });
      ms.addAll(kb.entries.map((e) => ({ id: e.id, title: e.title, aliases: e.aliases.join(' . '), body: e.body })));
      return (q) => {
        const r = ms.search(q).slice(0, 5);
        return { answered: r.length > 0, ids: r.map((x) => String(x.id)) };
      };
    },
  },
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const kb = KnowledgeStore.load('knowledge', silentLogger).kb;
const sets = [{ name: 'own eval (tests/eval/questions.tsv)', qs: readQuestions('tests/eval/questions.tsv') }];
const outside = '../shared/eval/outside.tsv';
if (existsSync(outside)) sets.push({ name: 'outside eval (../shared/eval/outside.tsv)', qs: readQuestions(outside) });

const rows: string[][] = [];
for (const [label, base] of [
  [`shipped (${kb.entries.length} entries)`, kb],
  ['synthetic 2,000 entries', synthetic(kb, 2000)],
] as const) {
  for (const sys of systems) {
    const t0 = performance.now();
    const predict = sys.build(base);
    const buildMs = performance.now() - t0;
    for (const set0 of sets) {
      const sampled = sys.slowAtScale && base.entries.length > 500;
      const set = sampled ? { name: `${set0.name} (every 5th)`, qs: set0.qs.filter((_, i) => i % 5 === 0) } : set0;
      const times: number[] = [];
      const timed = (q: string) => {
        const s = performance.now();
        const p = predict(q);
        times.push(performance.now() - s);
        return p;
      };
      // warm-up pass, then the measured pass
      for (const q of set.qs.slice(0, 50)) predict(q.question);
      const r = scorePredictions(set.qs, timed);
      const row = [
        label,
        sys.name,
        set.name.replace(/ \(tests.*?\)| \(\.\.\/shared.*?\)/, ''),
        pct(r.top1, r.inScope),
        pct(r.top3, r.inScope),
        pct(r.answeredRight, r.inScope),
        pct(r.answeredWrong, r.inScope),
        pct(r.outOfScopeAnswered, r.outOfScope),
        percentile(times, 50).toFixed(2),
        percentile(times, 99).toFixed(2),
        buildMs.toFixed(0),
      ];
      rows.push(row);
      process.stderr.write(`${row.join(' | ')}\n`);
    }
  }
}

const header = ['knowledge', 'system', 'questions', 'top-1', 'top-3', 'answered right', 'answered wrong', 'out-of-scope answered', 'p50 ms', 'p99 ms', 'build ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));

// Memory: see bench/memory.bench.ts (a process of its own).
