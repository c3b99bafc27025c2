/**
 * The assistant's decision path against the search alone, on the shipped
 * knowledge: the referral table (`knowledge/referrals.yaml`) and the "gặp cán
 * bộ" rule run after the search (src/core/scope.ts), so this measures what a
 * resident gets. "search" is what the assistant answered before those rules;
 * "assistant" is what it answers now. An in-scope question sent to a
 * referral or to the commune's numbers is a miss, and is listed.
 */
import { assistantProbe, searchPrediction, type RoutedPrediction } from '../src/core/scope-probe.js';
import { SearchEngine } from '../src/search/engine.js';
import { pct, scoreResults, type LabelledQuestion, type Prediction } from '../src/search/evaluate.js';
import { KNOWLEDGE, loadKb, markdownTable, setsFor } from './search-systems.js';

const kb = loadKb(KNOWLEDGE);
const engine = new SearchEngine(kb);
const probe = assistantProbe(kb, engine);
// Subsets of portal-faq repeat its questions; the whole set is enough here.
const sets = setsFor(kb).filter((s) => !s.of);

const rows: string[][] = [];
const routedAway: string[] = [];
const referred = new Map<string, number>();
for (const set of sets) {
  const before: { q: LabelledQuestion; p: Prediction }[] = [];
  const after: { q: LabelledQuestion; p: RoutedPrediction }[] = [];
  for (const q of set.qs) {
    before.push({ q, p: searchPrediction(engine.search(q.question)) });
    after.push({ q, p: probe(q.question) });
  }
  const b = scoreResults(before);
  const a = scoreResults(after);
  const out = after.filter((r) => !r.q.expected);
  const count = (xs: typeof after, route: string) => xs.filter((r) => r.p.route === route).length;
  const away = after.filter((r) => r.q.expected && r.p.route !== 'search');
  for (const r of away)
    routedAway.push(`${set.name}:${r.q.line}\t${r.p.referral ?? r.p.route}\t${r.q.question.slice(0, 80)}`);
  for (const r of after)
    if (r.p.referral)
      referred.set(`${set.name}\t${r.p.referral}`, (referred.get(`${set.name}\t${r.p.referral}`) ?? 0) + 1);
  rows.push([
    set.name,
    String(set.qs.length),
    String(a.inScope),
    `${pct(b.top1, b.inScope)} → ${pct(a.top1, a.inScope)}`,
    `${pct(b.answeredWrong, b.inScope)} → ${pct(a.answeredWrong, a.inScope)}`,
    `${b.outOfScopeAnswered} → ${a.outOfScopeAnswered} of ${a.outOfScope} (${pct(b.outOfScopeAnswered, b.outOfScope)} → ${pct(a.outOfScopeAnswered, a.outOfScope)})`,
    `${count(out, 'referral')} / ${count(out, 'person')}`,
    `${count(away, 'referral')} / ${count(away, 'person')}`,
  ]);
}

console.log(`\n### Assistant decision path (referrals, "gặp cán bộ") against the search alone, shipped knowledge\n`);
console.log(
  markdownTable(
    [
      'questions',
      'n',
      'in scope',
      'top-1 search → assistant',
      'answered wrong',
      'out-of-scope answered',
      'out of scope: referral / person',
      'in scope sent away: referral / person',
    ],
    rows,
  ),
);
console.log(`\nReferrals given (out of scope or not), per set and referral:\n`);
console.log(
  markdownTable(
    ['set', 'referral', 'questions'],
    [...referred].sort().map(([k, n]) => [...k.split('\t'), String(n)]),
  ),
);
console.log(
  routedAway.length === 0
    ? "\nNo in-scope question was sent to a referral or to the commune's numbers."
    : `\nIn-scope questions sent away (${routedAway.length}; set:line, where, question):\n${routedAway.join('\n')}`,
);
