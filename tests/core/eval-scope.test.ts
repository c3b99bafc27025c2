/**
 * The project's own evaluation set through the assistant's decision path
 * (search, then referrals and "gặp cán bộ"): those rules must not take an
 * in-scope question away from its answer, nor lower top-1 below the bar of
 * the search alone, and they must not answer more out-of-scope questions.
 */
import { describe, expect, it } from 'vitest';
import { assistantProbe, searchPrediction } from '../../src/core/scope-probe.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { pct, readQuestions, scorePredictions } from '../../src/search/evaluate.js';

const store = KnowledgeStore.load('knowledge', silentLogger);
const questions = readQuestions('tests/eval/questions.tsv');
const probe = assistantProbe(store.kb, store.engine);

describe('evaluation set through the assistant decision path', () => {
  it('sends no in-scope question to a referral or to the commune numbers', () => {
    const away = questions
      .filter((q) => q.expected)
      .map((q) => ({ q, p: probe(q.question) }))
      .filter((x) => x.p.route !== 'search');
    expect(away.map((x) => `${x.q.line}: ${x.p.referral ?? x.p.route} ← ${x.q.question}`)).toEqual([]);
  });

  it('keeps 92.5% top-1 and answers no more out-of-scope questions than the search alone', () => {
    const after = scorePredictions(questions, probe);
    const before = scorePredictions(questions, (q) => searchPrediction(store.engine.search(q)));
    const summary = `top-1 ${pct(after.top1, after.inScope)}, out-of-scope answered ${pct(after.outOfScopeAnswered, after.outOfScope)} (search alone ${pct(before.outOfScopeAnswered, before.outOfScope)})`;
    expect(after.top1 / after.inScope, summary).toBeGreaterThanOrEqual(0.925);
    expect(after.outOfScopeAnswered, summary).toBeLessThanOrEqual(before.outOfScopeAnswered);
  });
});
