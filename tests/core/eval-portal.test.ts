/**
 * The portal FAQ set (../shared/eval/portal-faq.tsv, residents' questions
 * labelled with national procedure codes; it stays outside the repository)
 * on the shipped knowledge, catalogue included, held to the targets of
 * issue #9: on questions whose main code is in the knowledge base, top-1 at
 * least 75% and answered wrong at most 3% (issue #10); and the first three keep the
 * right procedure. See `npm run bench -- search`. Skipped when the file is
 * absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import {
  engineProbe,
  pct,
  readCodedQuestions,
  readListedCodes,
  scorePredictions,
  withCurrentLabels,
} from '../../src/search/evaluate.js';

const PORTAL = '../shared/eval/portal-faq.tsv';
const LISTED = '../shared/research/catalog/portal-catalog-2026-07.jsonl';
/** Fewest in-scope questions for which the bounds are asserted. */
const MIN_IN_SCOPE = 50;
/** Answered with a wrong entry, share of all in-scope questions (8% now; 26% when the catalogue landed). */
const MAX_WRONG = 0.12;
/** Questions whose main code is in the knowledge base: right entry first (issue #9), in the first three, answered wrong. */
const MIN_TOP1_MAIN = 0.75;
const MIN_TOP3_MAIN = 0.85;
/** Issue #10's target (3%): 2 of 69 now. */
const MAX_WRONG_MAIN = 0.03;
/**
 * Out-of-scope questions answered, among those labelled with a code the portal still lists
 * (issue #10's target is 5%; 4.9% now, 13 of 265). Questions labelled only with replaced codes
 * are left out: see withCurrentLabels.
 */
const MAX_OOS_LISTED = 0.06;

describe('portal FAQ set', () => {
  it('puts the right procedure first for 75% of the questions whose main code is in the knowledge base, answering wrongly at most 3%', (ctx) => {
    const skip = (note: string) => {
      console.warn(`portal FAQ set: ${note}`);
      ctx.skip(note);
    };
    if (!existsSync(PORTAL)) skip(`${PORTAL} not found, skipped`);
    const store = KnowledgeStore.load('knowledge', silentLogger);
    const qs = readCodedQuestions(PORTAL, store.kb.entries);
    expect(qs.length).toBeGreaterThan(0);
    const r = scorePredictions(qs, engineProbe(store.engine));
    const summary =
      `${r.inScope} in scope of ${qs.length}: top-1 ${pct(r.top1, r.inScope)}, top-3 ${pct(r.top3, r.inScope)}, ` +
      `answered right ${pct(r.answeredRight, r.inScope)}, answered wrong ${pct(r.answeredWrong, r.inScope)}, ` +
      `out-of-scope answered ${pct(r.outOfScopeAnswered, r.outOfScope)}`;
    if (r.inScope < MIN_IN_SCOPE)
      skip(`fewer than ${MIN_IN_SCOPE} in-scope questions, bound not asserted (${summary})`);
    const wrong = r.misses
      .filter((m) => m.answered && m.expected !== 'none')
      .map((m) => `  ${m.line}: [${m.expected} → ${m.got}] ${m.question.slice(0, 80)}`)
      .join('\n');
    expect(r.answeredWrong / r.inScope, `${summary}\n${wrong}`).toBeLessThanOrEqual(MAX_WRONG);
    const main = scorePredictions(
      qs.filter((q) => q.mainInKb),
      engineProbe(store.engine),
    );
    const mainSummary = `main code in KB (${main.inScope}): top-1 ${pct(main.top1, main.inScope)}, top-3 ${pct(main.top3, main.inScope)}, answered wrong ${pct(main.answeredWrong, main.inScope)}`;
    expect(main.top1 / main.inScope, mainSummary).toBeGreaterThanOrEqual(MIN_TOP1_MAIN);
    expect(main.top3 / main.inScope, mainSummary).toBeGreaterThanOrEqual(MIN_TOP3_MAIN);
    expect(main.answeredWrong / main.inScope, mainSummary).toBeLessThanOrEqual(MAX_WRONG_MAIN);
  });

  it('answers at most 6% of the out-of-scope questions whose codes the portal still lists', (ctx) => {
    if (!existsSync(PORTAL) || !existsSync(LISTED)) ctx.skip(`${PORTAL} or ${LISTED} not found`);
    const store = KnowledgeStore.load('knowledge', silentLogger);
    const qs = withCurrentLabels(readCodedQuestions(PORTAL, store.kb.entries), readListedCodes(LISTED));
    const r = scorePredictions(qs, engineProbe(store.engine));
    expect(r.outOfScope).toBeGreaterThan(100);
    const answered = r.misses
      .filter((m) => m.answered && m.expected === 'none')
      .map((m) => `  ${m.line}: [→ ${m.got}] ${m.question.slice(0, 80)}`)
      .join('\n');
    const summary = `out-of-scope answered ${pct(r.outOfScopeAnswered, r.outOfScope)} of ${r.outOfScope}`;
    expect(r.outOfScopeAnswered / r.outOfScope, `${summary}\n${answered}`).toBeLessThanOrEqual(MAX_OOS_LISTED);
  });
});
