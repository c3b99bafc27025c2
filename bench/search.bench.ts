/**
 * Search benchmark: accuracy and latency of our engine, side by side with
 * MiniSearch over the same normalised terms, on the project's own evaluation
 * set, the outside set and the portal FAQ set (national procedure codes, from
 * ../shared/eval/ when present), for the knowledge base before the catalogue
 * import (knowledge/ without catalog/) and as shipped. Prints Markdown tables;
 * the portal-faq misses of our engine go to tmp/portal-faq-misses.tsv.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { KnowledgeBase } from '../src/knowledge/model.js';
import { SearchEngine } from '../src/search/engine.js';
import { idsByCode, pct, scoreResults, type EvalReport } from '../src/search/evaluate.js';
import {
  CATALOG,
  KNOWLEDGE,
  PORTAL,
  loadBeforeImport,
  loadKb,
  markdownTable,
  percentile,
  CURRENT_LABELS,
  runTimed,
  setsFor,
  systems,
  type Timed,
} from './search-systems.js';

const MISSES = 'tmp/portal-faq-misses.tsv';
/** Fresh instances of each system whose per-question median is the latency reported. */
const TIMING_RUNS = 3;

/** Knowledge load and index build of the shipped knowledge, timed cold (as at start-up). */
function shippedWithTimings(): { kb: KnowledgeBase; loadMs: number; buildMs: number } {
  const t0 = performance.now();
  const kb = loadKb(KNOWLEDGE);
  const t1 = performance.now();
  new SearchEngine(kb);
  return { kb, loadMs: t1 - t0, buildMs: performance.now() - t1 };
}

function describeKb(label: string, kb: KnowledgeBase): string[] {
  const codes = idsByCode(kb.entries);
  const coded = [...codes.values()].reduce((s, ids) => s + ids.length, 0);
  return [label, String(kb.entries.length), String(kb.procedures.length), String(coded), String(codes.size)];
}

function row(kbLabel: string, system: string, set: string, r: EvalReport, total: number, times: number[]): string[] {
  return [
    kbLabel,
    system,
    set,
    String(total),
    String(r.inScope),
    pct(r.top1, r.inScope),
    pct(r.top3, r.inScope),
    pct(r.answeredRight, r.inScope),
    pct(r.answeredWrong, r.inScope),
    `${pct(r.outOfScopeAnswered, r.outOfScope)} of ${r.outOfScope}`,
    pct(r.suggested, total),
    percentile(times, 50).toFixed(2),
    percentile(times, 99).toFixed(2),
  ];
}

const HEADER = [
  'knowledge',
  'system',
  'questions',
  'n',
  'in scope',
  'top-1',
  'top-3',
  'answered right',
  'answered wrong',
  'out-of-scope answered',
  'suggest',
  'p50 ms',
  'p99 ms',
];

function missLines(kbLabel: string, runs: Timed[]): string[] {
  const r = scoreResults(runs);
  const codes = new Map(runs.map(({ q }) => [q.line, 'codes' in q && Array.isArray(q.codes) ? q.codes.join('|') : '']));
  return r.misses.map((m) =>
    [
      kbLabel,
      m.line,
      codes.get(m.line) ?? '',
      m.expected,
      m.got || '-',
      m.answered ? 'answer' : m.suggested ? 'suggest' : 'none',
      m.question.slice(0, 80).replace(/\s+/g, ' '),
    ].join('\t'),
  );
}

const hasCatalog = existsSync(CATALOG);
const shipped = shippedWithTimings();
const before = loadBeforeImport();
const bases: { label: string; note?: string; kb: KnowledgeBase }[] = [{ label: 'shipped', kb: shipped.kb }];
if (before.ok)
  bases.unshift({
    label: 'before import',
    note: hasCatalog ? undefined : 'no catalog/: same as shipped',
    kb: before.kb,
  });
else
  console.log(
    `knowledge/ without catalog/ does not load on its own; "before import" rows skipped:\n${before.problems.join('\n')}`,
  );
const rows: string[][] = [];
const buildRows: string[][] = [];
const misses: string[] = [];
for (const { label, kb } of bases) {
  const sets = setsFor(kb);
  for (const sys of systems) {
    const t0 = performance.now();
    const probe = sys.build(kb);
    buildRows.push([label, sys.name, (performance.now() - t0).toFixed(0)]);
    // Latency is the median of TIMING_RUNS independent instances, each warmed up alike.
    const probes = [probe, ...Array.from({ length: TIMING_RUNS - 1 }, () => sys.build(kb))];
    for (const p of probes) for (const q of sets[0]!.qs.slice(0, 50)) p(q.question); // warm-up
    const done = new Map<string, Timed[]>();
    for (const set of sets) {
      const parent = set.of ? done.get(set.of) : undefined;
      const keep = new Set(set.qs);
      const runs = parent ? parent.filter((t) => keep.has(t.q)) : runTimed(probes, set.qs);
      done.set(set.name, runs);
      const r = scoreResults(runs);
      rows.push(
        row(
          label,
          sys.name,
          set.name,
          r,
          runs.length,
          runs.map((t) => t.ms),
        ),
      );
      process.stderr.write(`${rows.at(-1)!.join(' | ')}\n`);
      if (sys === systems[0] && set.name === 'portal-faq') misses.push(...missLines(label, runs));
    }
  }
}

console.log(`\n### Knowledge\n`);
console.log(
  markdownTable(
    ['knowledge', 'entries', 'procedures', 'procedures with a code', 'distinct codes'],
    bases.map((b) => describeKb(b.note ? `${b.label} (${b.note})` : b.label, b.kb)),
  ),
);
console.log(
  `\nShipped knowledge: load ${shipped.loadMs.toFixed(0)} ms, search index build ${shipped.buildMs.toFixed(0)} ms (cold, once).`,
);
console.log(`\n### Index build per system (ms)\n`);
console.log(markdownTable(['knowledge', 'system', 'build ms'], buildRows));
console.log(`\n### Accuracy and latency\n`);
console.log(markdownTable(HEADER, rows));
console.log(
  [
    '',
    'n: questions in the row; in scope: questions with an expected entry (portal-faq: some code carried by a knowledge entry).',
    'top-1, top-3, answered right, answered wrong: share of in-scope questions; answered wrong = answered with a wrong entry.',
    'out-of-scope answered: share of out-of-scope questions that got an answer; suggest: share of all questions met with "Ý bạn là…".',
    `${CURRENT_LABELS}: the portal-faq questions, leaving out those labelled out of scope with only codes the portal's July 2026 list no longer has (replaced procedures, which a commune procedure may now answer).`,
    `MiniSearch answers whenever it finds anything (no confidence), so it never suggests. Latency per question, after a warm-up: the median of ${TIMING_RUNS} fresh instances.`,
  ].join('\n'),
);
if (existsSync(PORTAL)) {
  mkdirSync('tmp', { recursive: true });
  const head = ['knowledge', 'line', 'codes', 'expected', 'got', 'decision', 'question (first 80 chars)'].join('\t');
  writeFileSync(MISSES, `${head}\n${misses.join('\n')}\n`);
  console.log(`\nportal-faq misses of our engine (${misses.length} lines, both knowledge bases): ${MISSES}`);
} else {
  console.log(`\n${PORTAL} not found: portal-faq rows skipped.`);
}
