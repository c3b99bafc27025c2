/**
 * The rules that run next to the search, before its answer is given: a topic
 * handled elsewhere gets a referral (`knowledge/referrals.yaml`), a request to
 * reach a person gets the commune's numbers and a button to message staff.
 *
 * {@link routeQuestion} is the decision alone, so the benchmark can run it
 * over evaluation sets; {@link answerOutOfScope} is the hook the built-in
 * answering calls right after the search.
 */
import type { Entry, KnowledgeBase } from '../knowledge/model.js';
import type { Referral } from '../knowledge/schema.js';
import type { SearchOutcome } from '../search/decide.js';
import { recordQuestion } from '../storage/core.js';
import type { TurnContext } from './assistant.js';
import { MAX_INPUT_CHARS } from './input.js';
import { asksForPerson } from './person.js';
import { foldWords } from './phrases.js';
import { referralFor, type SearchLike } from './referrals.js';
import { tooLongNote } from './replies.js';
import { personReply, referralReply } from './scope-replies.js';

/** Where a question goes: the search's own answer, a referral, or the commune's people. */
export type Route =
  | { kind: 'search' }
  | { kind: 'referral'; referral: Referral }
  /** `about`: the entry the search answered with, offered as a button next to the numbers. */
  | { kind: 'person'; about?: Entry };

/** How the question log records a referral (not answered) and a request for a person. */
export const ROUTE_DECISION = { referral: 'not-ours', person: 'person' } as const;

/** Decides where a question goes, given what the search made of it. Pure. */
export function routeQuestion(kb: KnowledgeBase, engine: SearchLike, text: string, out: SearchOutcome): Route {
  const t = foldWords(text, kb.lexicon.abbreviations);
  const referral = referralFor(kb, engine, t, out);
  if (referral) return { kind: 'referral', referral };
  const person = asksForPerson(kb.lexicon, engine, t, out);
  if (!person) return { kind: 'search' };
  // "Gặp cán bộ hỏi về khai sinh": the entry the search found is offered next to the numbers.
  const top = !person.pure && out.decision === 'answer' && out.hits[0] ? kb.byId.get(out.hits[0].id) : undefined;
  return top && top.kind !== 'hotline' ? { kind: 'person', about: top } : { kind: 'person' };
}

/**
 * Answers a question that goes to a referral or to the commune's people, and
 * records it (a referral as not answered, with reason `not-ours`). Returns
 * false, doing nothing, when the search's answer stands.
 */
export function answerOutOfScope(ctx: TurnContext, text: string, out: SearchOutcome, searchMs: number): boolean {
  const started = performance.now();
  const kb = ctx.knowledge.kb;
  const route = routeQuestion(kb, ctx.knowledge.engine, text, out);
  if (route.kind === 'search') return false;
  const latencyMs = searchMs + performance.now() - started;
  const questionId = recordQuestion(ctx.db, {
    channel: ctx.message.channel,
    userHash: ctx.userHash,
    normalized: out.normalized.slice(0, 500),
    bestId: null,
    score: null,
    decision: ROUTE_DECISION[route.kind],
    answered: route.kind === 'person',
    latencyMs,
    ts: ctx.assistant.now(),
  });
  const referral = route.kind === 'referral' ? route.referral.id : undefined;
  ctx.route =
    route.kind === 'person' && route.about ? { kind: 'person', entryId: route.about.id } : { kind: route.kind };
  ctx.log.info({ route: route.kind, referral, ms: Math.round(latencyMs * 100) / 100 }, 'question routed');
  if ((ctx.message.text ?? '').length > MAX_INPUT_CHARS) ctx.reply(tooLongNote(MAX_INPUT_CHARS));
  const reply = route.kind === 'referral' ? referralReply(kb, route.referral) : personReply(kb, route.about);
  ctx.reply({ ...reply, questionId });
  return true;
}
