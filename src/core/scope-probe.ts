/**
 * The assistant's decision on a question, scored like the search's: the
 * search, then the referral and person rules of `scope.ts`. A referral or a
 * request for a person answers with no entry, so on an out-of-scope question
 * it counts as abstaining and on an in-scope one as a miss. Used by the
 * evaluation test and `npm run bench -- search`.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { SearchOutcome } from '../search/decide.js';
import type { Prediction } from '../search/evaluate.js';
import type { SearchLike } from './referrals.js';
import { routeQuestion, type Route } from './scope.js';

/** A prediction with where the question went. */
export interface RoutedPrediction extends Prediction {
  route: Route['kind'];
  /** The referral's id, for a referral. */
  referral?: string;
}

/** The search's own prediction (what the assistant did before the referral and person rules). */
export function searchPrediction(out: SearchOutcome): Prediction {
  return { answered: out.decision === 'answer', suggested: out.decision === 'suggest', ids: out.hits.map((h) => h.id) };
}

/** Predicts through the assistant's decision path. */
export function assistantProbe(kb: KnowledgeBase, engine: SearchLike): (q: string) => RoutedPrediction {
  return (q) => {
    const out = engine.search(q);
    const route = routeQuestion(kb, engine, q, out);
    if (route.kind === 'search') return { ...searchPrediction(out), route: 'search' };
    return {
      answered: false,
      suggested: false,
      ids: [],
      route: route.kind,
      ...(route.kind === 'referral' ? { referral: route.referral.id } : {}),
    };
  };
}
