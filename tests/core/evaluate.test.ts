/**
 * Code-labelled evaluation: national procedure codes are mapped to the
 * knowledge entries that carry them (tests/fixtures/coded-questions.tsv holds
 * made-up lines; the real portal set is never copied into the repository).
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/model.js';
import { idsByCode, labelByCode, readCodedQuestions, scorePredictions } from '../../src/search/evaluate.js';

const FIXTURE = 'tests/fixtures/coded-questions.tsv';

function kbMin(): KnowledgeBase {
  const r = loadKnowledge('tests/fixtures/kb-min');
  if (!r.ok) throw new Error('tests/fixtures/kb-min does not load');
  return r.kb;
}

describe('idsByCode', () => {
  it('maps each procedure code to the entries carrying it; entries without a code are left out', () => {
    const kb = kbMin();
    const m = idsByCode(kb.entries);
    expect([...m.entries()]).toEqual([['1.001193', ['khai-sinh']]]);
  });

  it('keeps every entry that shares a code (a hand-written entry next to an imported one)', () => {
    const kb = kbMin();
    const base = kb.procedures[0]!;
    const both = buildKnowledgeBase({
      ...kb,
      procedures: [...kb.procedures, { ...base, id: 'khai-sinh-catalog' }, { ...base, id: 'no-code', code: undefined }],
    });
    expect(idsByCode(both.entries).get('1.001193')).toEqual(['khai-sinh', 'khai-sinh-catalog']);
    expect(idsByCode(both.entries).size).toBe(1);
  });
});

describe('readCodedQuestions', () => {
  const qs = readCodedQuestions(FIXTURE, kbMin().entries);

  it('skips comments, blank lines and lines without codes or question; keeps file line numbers', () => {
    expect(qs.map((q) => q.line)).toEqual([2, 4, 5, 8]);
  });

  it('labels a question with the entries of any of its codes, and records whether the main code is known', () => {
    const [main, other, none] = qs;
    expect(main).toMatchObject({
      codes: ['1.001193'],
      expected: ['khai-sinh'],
      mainInKb: true,
      question: 'Khai sinh ở đâu?',
    });
    expect(other).toMatchObject({ codes: ['9.000001', '1.001193'], expected: ['khai-sinh'], mainInKb: false });
    expect(none).toMatchObject({ codes: ['9.000001', '9.000002'], expected: null, mainInKb: false });
  });

  it('measures length in characters, so long letters can be told apart', () => {
    expect(qs[0]!.length).toBe(16);
    expect(qs.filter((q) => q.length > 200).map((q) => q.line)).toEqual([8]);
  });

  it('feeds the scoring: an answer to a question whose codes are all unknown counts as out of scope answered', () => {
    const r = scorePredictions(qs, (q) =>
      q.startsWith('Xin')
        ? { answered: true, ids: ['mot-cua'] }
        : { answered: false, suggested: true, ids: ['khai-sinh'] },
    );
    expect(r).toMatchObject({
      inScope: 3,
      outOfScope: 1,
      top1: 3,
      answeredRight: 0,
      outOfScopeAnswered: 1,
      suggested: 3,
    });
  });
});

describe('labelByCode', () => {
  const byCode = new Map([
    ['1.000001', ['a', 'b']],
    ['1.000002', ['b', 'c']],
  ]);

  it('lists the main code entries first, without duplicates', () => {
    const [q] = labelByCode('1.000002|1.000001\tCâu hỏi\thttps://example.org', byCode);
    expect(q!.expected).toEqual(['b', 'c', 'a']);
    expect(q!.mainInKb).toBe(true);
  });

  it('reads a line without the url column and trims codes and question', () => {
    const [q] = labelByCode(' 1.000001 | 9.000009 \t  Hỏi thử  \r\n', byCode);
    expect(q).toMatchObject({ codes: ['1.000001', '9.000009'], question: 'Hỏi thử', expected: ['a', 'b'], line: 1 });
  });
});
