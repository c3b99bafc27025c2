/**
 * The portal FAQ set (../shared/eval/portal-faq.tsv, residents' questions
 * labelled with national procedure codes; it stays outside the repository)
 * on the shipped knowledge, catalogue included. Regression bounds at the
 * level reached when the catalogue landed (issue #9): the issue's targets
 * (top-1 ≥ 75% on questions whose main code is in the knowledge base,
 * answered wrong ≤ 5%) are not met yet; see the closing note and
 * `npm run bench -- search`. Skipped when the file is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { engineProbe, pct, readCodedQuestions, scorePredictions } from '../../src/search/evaluate.js';

const PORTAL = '../shared/eval/portal-faq.tsv';
/** Fewest in-scope questions for which the bounds are asserted. */
const MIN_IN_SCOPE = 50;
/** Answered with a wrong entry, share of in-scope questions: 26% when the catalogue landed. */
const MAX_WRONG = 0.3;
/** Right entry among the first three, questions whose main code is in the knowledge base: 86% when it landed. */
const MIN_TOP3_MAIN = 0.8;

describe('portal FAQ set', () => {
  it('keeps the right procedure in the first three and wrong answers bounded', (ctx) => {
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
    expect(main.top3 / main.inScope, `main code in KB: top-3 ${pct(main.top3, main.inScope)}`).toBeGreaterThanOrEqual(
      MIN_TOP3_MAIN,
    );
  });
});
