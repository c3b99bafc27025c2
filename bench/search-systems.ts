/**
 * What bench/search.bench.ts compares: the systems (our engine, MiniSearch
 * over the same normalised terms), the knowledge bases (before the catalogue
 * import, shipped) and the evaluation sets, plus a timed run of one system
 * over one set.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { loadKnowledge, formatProblem } from '../src/knowledge/loader.js';
import type { KnowledgeBase } from '../src/knowledge/model.js';
import { SearchEngine } from '../src/search/engine.js';
import {
  type CodedQuestion,
  engineProbe,
  readCodedQuestions,
  readListedCodes,
  readQuestions,
  withCurrentLabels,
  type LabelledQuestion,
  type Prediction,
} from '../src/search/evaluate.js';

export const KNOWLEDGE = 'knowledge';
/** Imported national catalogue (written by `kb:import`); absent before the import. */
export const CATALOG = join(KNOWLEDGE, 'catalog');
const OWN = 'tests/eval/questions.tsv';
const OUTSIDE = '../shared/eval/outside.tsv';
export const PORTAL = '../shared/eval/portal-faq.tsv';
/** Questions longer than this are letters rather than chat messages. */
export const LETTER = 200;
/** The national portal's list of procedures (5,670, July 2026): the codes that exist today. */
export const CATALOG_LIST = '../shared/research/catalog/portal-catalog-2026-07.jsonl';
/** Name of the portal-faq subset whose out-of-scope labels are codes the portal still lists. */
export const CURRENT_LABELS = 'portal-faq, out-of-scope codes still listed';

/** The portal-faq subset whose out-of-scope labels are codes still listed (see {@link withCurrentLabels}); undefined without the list. */
export function currentLabelled(qs: readonly CodedQuestion[]): CodedQuestion[] | undefined {
  return existsSync(CATALOG_LIST) ? withCurrentLabels(qs, readListedCodes(CATALOG_LIST)) : undefined;
}

export type Probe = (q: string) => Prediction;
export interface System {
  name: string;
  build: (kb: KnowledgeBase) => Probe;
}

export const systems: System[] = [
  { name: 'ours', build: (kb) => engineProbe(new SearchEngine(kb)) },
  {
    name: 'MiniSearch, same terms',
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

/** Loads a knowledge folder the way the app does (with the registered file hooks); throws on problems. */
export function loadKb(dir: string): KnowledgeBase {
  const r = loadKnowledge(dir);
  if (!r.ok) throw new Error(`${dir} does not load:\n${r.problems.map(formatProblem).join('\n')}`);
  return r.kb;
}

/**
 * The knowledge base before the catalogue import: a temporary copy of
 * `knowledge/` without `catalog/`. Its problems instead when it does not load
 * on its own (say, a hand-written entry relating to an imported one).
 */
export function loadBeforeImport(): { ok: true; kb: KnowledgeBase } | { ok: false; problems: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kb-before-import-'));
  const catalog = resolve(CATALOG);
  try {
    cpSync(KNOWLEDGE, dir, { recursive: true, filter: (src) => resolve(src) !== catalog });
    const r = loadKnowledge(dir);
    return r.ok ? { ok: true, kb: r.kb } : { ok: false, problems: r.problems.map(formatProblem) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One evaluation set; `of` names the set whose answers a subset reuses. */
export interface EvalSet {
  name: string;
  qs: LabelledQuestion[];
  of?: string;
}

/** The evaluation sets for one knowledge base (portal-faq labels depend on which codes it carries). */
export function setsFor(kb: KnowledgeBase): EvalSet[] {
  const sets: EvalSet[] = [{ name: 'own', qs: readQuestions(OWN) }];
  if (existsSync(OUTSIDE)) sets.push({ name: 'outside', qs: readQuestions(OUTSIDE) });
  if (existsSync(PORTAL)) {
    const portal = readCodedQuestions(PORTAL, kb.entries);
    sets.push(
      { name: 'portal-faq', qs: portal },
      { name: 'portal-faq, main code in KB', qs: portal.filter((q) => q.mainInKb), of: 'portal-faq' },
      { name: `portal-faq, letters > ${LETTER} chars`, qs: portal.filter((q) => q.length > LETTER), of: 'portal-faq' },
    );
    const current = currentLabelled(portal);
    if (current) sets.push({ name: CURRENT_LABELS, qs: current, of: 'portal-faq' });
  }
  return sets;
}

/** What a system said about one question, and how long it took. */
export interface Timed {
  q: LabelledQuestion;
  p: Prediction;
  ms: number;
}

/**
 * Runs every question of a set through each probe in turn, timing each. The
 * first probe's prediction is kept and the time is the median over the
 * probes: independent, equally cold instances of one system, so a pause of
 * the machine during one run does not count as the system's latency, while
 * every first-time cost (nothing is cached across instances) still does.
 */
export function runTimed(probes: readonly Probe[], qs: readonly LabelledQuestion[]): Timed[] {
  return qs.map((q) => {
    let p: Prediction | undefined;
    const times = probes.map((probe) => {
      const s = performance.now();
      const r = probe(q.question);
      const ms = performance.now() - s;
      p ??= r;
      return ms;
    });
    return { q, p: p!, ms: percentile(times, 50) };
  });
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Prints a Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
