/**
 * Evaluation of the search on labelled questions (`expected<TAB>question`,
 * expected = an id, `a|b` for either, or `none`/`-` for out of scope).
 * Used by the evaluation test and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';

/** One labelled question. */
export interface LabelledQuestion {
  expected: string[] | null;
  question: string;
  line: number;
}

/** Reads a TSV evaluation file; `#` lines are comments. */
export function readQuestions(path: string): LabelledQuestion[] {
  const out: LabelledQuestion[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((l, i) => {
      if (!l.trim() || l.startsWith('#')) return;
      const tab = l.indexOf('\t');
      if (tab < 0) return;
      const label = l.slice(0, tab).trim();
      out.push({
        expected: label === 'none' || label === '-' ? null : label.split('|').map((s) => s.trim()),
        question: l.slice(tab + 1),
        line: i + 1,
      });
    });
  return out;
}

/** What a system said about one question. */
export interface Prediction {
  answered: boolean;
  ids: string[];
}

/** Accuracy figures. */
export interface EvalReport {
  inScope: number;
  outOfScope: number;
  /** Right entry ranked first. */
  top1: number;
  /** Right entry among the first three. */
  top3: number;
  /** Answered with the right entry. */
  answeredRight: number;
  /** Answered with a wrong entry (in scope). */
  answeredWrong: number;
  /** Out-of-scope questions that got an answer (should be 0). */
  outOfScopeAnswered: number;
  misses: { line: number; question: string; expected: string; got: string; answered: boolean }[];
}

/** Scores predictions against labels. */
export function scorePredictions(qs: LabelledQuestion[], predict: (q: string) => Prediction): EvalReport {
  const r: EvalReport = { inScope: 0, outOfScope: 0, top1: 0, top3: 0, answeredRight: 0, answeredWrong: 0, outOfScopeAnswered: 0, misses: [] };
  for (const q of qs) {
    const p = predict(q.question);
    if (!q.expected) {
      r.outOfScope++;
      if (p.answered) {
        r.outOfScopeAnswered++;
        r.misses.push({ line: q.line, question: q.question, expected: 'none', got: p.ids[0] ?? '', answered: true });
      }
      continue;
    }
    r.inScope++;
    const ok1 = p.ids[0] !== undefined && q.expected.includes(p.ids[0]);
    if (ok1) r.top1++;
    if (p.ids.slice(0, 3).some((id) => q.expected!.includes(id))) r.top3++;
    if (p.answered && ok1) r.answeredRight++;
    if (p.answered && !ok1) r.answeredWrong++;
    if (!ok1) r.misses.push({ line: q.line, question: q.question, expected: q.expected.join('|'), got: p.ids[0] ?? '', answered: p.answered });
  }
  return r;
}

/** Percent with one decimal. */
export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}
