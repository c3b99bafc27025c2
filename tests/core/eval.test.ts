/**
 * The search must answer the project's own evaluation set: at least 92.5% of
 * in-scope questions with the right entry first, and at most 5% of
 * out-of-scope questions answered.
 */
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { pct, readQuestions, scorePredictions } from '../../src/search/evaluate.js';

const store = KnowledgeStore.load('knowledge', silentLogger);
const questions = readQuestions('tests/eval/questions.tsv');

describe('evaluation set', () => {
  it('has at least 200 questions, every label a real id or none', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    for (const q of questions)
      for (const id of q.expected ?? []) expect(store.kb.byId.has(id), `line ${q.line}: ${id}`).toBe(true);
  });

  it('reaches 94.2% top-1 (94.6% now; issue #10 asks 95%) and answers at most 5% of out-of-scope questions', () => {
    const r = scorePredictions(questions, (q) => {
      const o = store.engine.search(q);
      return { answered: o.decision === 'answer', ids: o.hits.map((h) => h.id) };
    });
    const summary = `top-1 ${pct(r.top1, r.inScope)}, top-3 ${pct(r.top3, r.inScope)}, answered right ${pct(r.answeredRight, r.inScope)}, answered wrong ${pct(r.answeredWrong, r.inScope)}, out-of-scope answered ${pct(r.outOfScopeAnswered, r.outOfScope)}`;
    const misses = r.misses
      .map((m) => `  ${m.line}: [${m.expected} → ${m.got || '∅'}${m.answered ? ' ANSWERED' : ''}] ${m.question}`)
      .join('\n');
    expect(r.top1 / r.inScope, `${summary}\n${misses}`).toBeGreaterThanOrEqual(0.942);
    expect(r.outOfScopeAnswered / r.outOfScope, `${summary}\n${misses}`).toBeLessThanOrEqual(0.05);
  });
});
