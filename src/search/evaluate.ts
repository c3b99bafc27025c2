/**
 * Evaluation of the search on labelled questions: id-labelled sets
 * (`expected<TAB>question`, expected = an id, `a|b` for either, or `none`/`-`
 * for out of scope) and code-labelled sets (`codes<TAB>question<TAB>url`,
 * national procedure codes mapped to the entries that carry them).
 * Used by the evaluation tests and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import type { Entry } from '../knowledge/model.js';
import type { SearchEngine } from './engine.js';

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

/** A question labelled with national procedure codes. */
export interface CodedQuestion extends LabelledQuestion {
  /** The codes given for it, main one first. */
  codes: string[];
  /** Whether some knowledge entry carries the main (first) code. */
  mainInKb: boolean;
  /** Length of the question in characters (code points). */
  length: number;
}

/** Knowledge entry ids by the national procedure code they carry. */
export function idsByCode(entries: readonly Entry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entries) {
    const code = e.kind === 'procedure' ? e.data.code : undefined;
    if (!code) continue;
    const ids = out.get(code);
    if (ids) ids.push(e.id);
    else out.set(code, [e.id]);
  }
  return out;
}

/**
 * Labels code-labelled TSV text (`codes<TAB>question<TAB>url`, codes as
 * `first|others`; `#` lines are comments): expected = the entries carrying any
 * of the codes, main code's entries first; null (out of scope) when none does.
 */
export function labelByCode(text: string, byCode: ReadonlyMap<string, readonly string[]>): CodedQuestion[] {
  const out: CodedQuestion[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim() || l.startsWith('#')) return;
    const cols = l.split('\t');
    if (cols.length < 2) return;
    // The url is the last column when there are three or more; the question is what lies between.
    const question = (cols.length > 2 ? cols.slice(1, -1) : cols.slice(1)).join('\t').trim();
    const codes = cols[0]!
      .split('|')
      .map((c) => c.trim())
      .filter((c) => c.length > 0);
    if (!question || codes.length === 0) return;
    const expected = [...new Set(codes.flatMap((c) => byCode.get(c) ?? []))];
    out.push({
      expected: expected.length > 0 ? expected : null,
      question,
      line: i + 1,
      codes,
      mainInKb: (byCode.get(codes[0]!) ?? []).length > 0,
      length: [...question].length,
    });
  });
  return out;
}

/** Reads a code-labelled TSV file and labels it against knowledge entries (see {@link labelByCode}). */
export function readCodedQuestions(path: string, entries: readonly Entry[]): CodedQuestion[] {
  return labelByCode(readFileSync(path, 'utf8'), idsByCode(entries));
}

/** The codes of the national portal's procedure list (JSON lines with a `code`). */
export function readListedCodes(path: string): Set<string> {
  return new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { code: string }).code),
  );
}

/**
 * The questions whose label can be trusted to mean "not the commune's":
 * every in-scope question, and the out-of-scope ones with a code the portal
 * still lists. A code it no longer lists was replaced, and its questions may
 * now be answered by a commune procedure (building permits for houses,
 * 1.004687, became the commune's 1.013225 in 2025), so counting them as
 * answered out of scope says nothing.
 */
export function withCurrentLabels(qs: readonly CodedQuestion[], listed: ReadonlySet<string>): CodedQuestion[] {
  return qs.filter((q) => q.expected || q.codes.some((c) => listed.has(c)));
}

/** What a system said about one question. */
export interface Prediction {
  answered: boolean;
  ids: string[];
  /** Offered the hits as suggestions ("Ý bạn là…") instead of answering. */
  suggested?: boolean;
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
  /** Questions (in scope or not) met with suggestions. */
  suggested: number;
  misses: { line: number; question: string; expected: string; got: string; answered: boolean; suggested: boolean }[];
}

/** The prediction of our engine: answered, suggested or neither, with its ranked ids. */
export function engineProbe(engine: SearchEngine): (q: string) => Prediction {
  return (q) => {
    const o = engine.search(q);
    return { answered: o.decision === 'answer', suggested: o.decision === 'suggest', ids: o.hits.map((h) => h.id) };
  };
}

/** Scores predictions against labels. */
export function scorePredictions(qs: LabelledQuestion[], predict: (q: string) => Prediction): EvalReport {
  return scoreResults(qs.map((q) => ({ q, p: predict(q.question) })));
}

/** Scores what a system said about each question. */
export function scoreResults(results: readonly { q: LabelledQuestion; p: Prediction }[]): EvalReport {
  const r: EvalReport = {
    inScope: 0,
    outOfScope: 0,
    top1: 0,
    top3: 0,
    answeredRight: 0,
    answeredWrong: 0,
    outOfScopeAnswered: 0,
    suggested: 0,
    misses: [],
  };
  for (const { q, p } of results) {
    if (p.suggested) r.suggested++;
    if (!q.expected) {
      r.outOfScope++;
      if (p.answered) {
        r.outOfScopeAnswered++;
        r.misses.push({
          line: q.line,
          question: q.question,
          expected: 'none',
          got: p.ids[0] ?? '',
          answered: true,
          suggested: false,
        });
      }
      continue;
    }
    r.inScope++;
    const ok1 = p.ids[0] !== undefined && q.expected.includes(p.ids[0]);
    if (ok1) r.top1++;
    if (p.ids.slice(0, 3).some((id) => q.expected!.includes(id))) r.top3++;
    if (p.answered && ok1) r.answeredRight++;
    if (p.answered && !ok1) r.answeredWrong++;
    if (!ok1) {
      const miss = { line: q.line, question: q.question, expected: q.expected.join('|'), got: p.ids[0] ?? '' };
      r.misses.push({ ...miss, answered: p.answered, suggested: p.suggested === true });
    }
  }
  return r;
}

/** Percent with one decimal. */
export function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}
