/**
 * The shapes of a search result and the one rule that turns ranked hits
 * into a decision: answer, suggest ("Ý bạn là…") or admit we do not know.
 */
import type { EntryKind } from '../knowledge/model.js';

/** One ranked entry. */
export interface SearchHit {
  id: string;
  title: string;
  kind: EntryKind;
  /** Confidence in [0, 1] that this entry answers the question. */
  score: number;
}

/** What the assistant should do with a question. */
export type Decision = 'answer' | 'suggest' | 'none';

/** Why the decision was taken. */
export type DecisionReason = 'match' | 'ambiguous' | 'low-confidence' | 'off-topic' | 'empty' | 'no-match';

/** The outcome of a search. */
export interface SearchOutcome {
  normalized: string;
  hits: SearchHit[];
  decision: Decision;
  reason: DecisionReason;
  /** Query tokens that were corrected (typo → vocabulary word). */
  corrections: [string, string][];
}

/** Tunable thresholds; defaults are set from the evaluation set (see bench/search.bench.ts). */
export interface SearchOptions {
  answerAt: number;
  suggestAt: number;
  limit: number;
}

export const DEFAULT_SEARCH: SearchOptions = { answerAt: 0.5, suggestAt: 0.2, limit: 5 };

/** An answer needs the best candidate ahead of the next by this share of its score: two that score alike are asked about. */
export const ANSWER_MARGIN = 0.1;

/** Answer, suggest or say "chưa có thông tin" from hits ordered best first. */
export function decide(hits: SearchHit[], opts: SearchOptions): { decision: Decision; reason: DecisionReason } {
  const top = hits[0];
  if (!top) return { decision: 'none', reason: 'no-match' };
  const second = hits[1];
  const clear = !second || top.score - second.score >= ANSWER_MARGIN * top.score;
  if (top.score >= opts.answerAt && clear) return { decision: 'answer', reason: 'match' };
  if (top.score >= opts.suggestAt) return { decision: 'suggest', reason: 'ambiguous' };
  return { decision: 'none', reason: 'low-confidence' };
}
