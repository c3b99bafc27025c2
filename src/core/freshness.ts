/**
 * Freshness of the facts behind an answer. Every entry says when its facts
 * were last checked (`lastVerified`); an entry checked longer ago than
 * `KNOWLEDGE_STALE_DAYS` is stale: its answers say the facts may have
 * changed, and `kb:check` lists it as a warning.
 *
 * Answers are built deep inside reply functions that know nothing of the
 * clock, so the moment of the answer travels with the turn: the assistant
 * runs each message inside {@link atMoment} with its own (injectable) clock,
 * and {@link verifiedText} reads it. Outside a turn (a CLI rendering an
 * entry), the system clock and the default age apply.
 *
 * @example
 * ```ts
 * atMoment({ now: Date.parse('2027-12-01'), staleDays: 180 }, () => verifiedText('2026-11-22'));
 * // → 'Thông tin kiểm tra ngày 22/11/2026, có thể đã thay đổi.'
 * ```
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isStale, vnDate } from '../knowledge/stale.js';

/** Default age in days after which facts are called stale (`KNOWLEDGE_STALE_DAYS`). */
export const DEFAULT_STALE_DAYS = 180;

/** When an answer is given, and how old its facts may be before they are stale. */
export interface Moment {
  /** Milliseconds since the epoch. */
  now: number;
  staleDays: number;
}

const current = new AsyncLocalStorage<Moment>();

/** Runs `fn` (and everything it awaits) as of `moment`. */
export function atMoment<T>(moment: Moment, fn: () => T): T {
  return current.run(moment, fn);
}

/** The moment of the current turn, or now with the default age outside a turn. */
export function currentMoment(): Moment {
  return current.getStore() ?? { now: Date.now(), staleDays: DEFAULT_STALE_DAYS };
}

/**
 * The sentence of an answer's footer that says when its facts were checked,
 * with "có thể đã thay đổi" when they are stale.
 */
export function verifiedText(lastVerified: string, moment: Moment = currentMoment()): string {
  const date = vnDate(lastVerified);
  return isStale(lastVerified, moment.now, moment.staleDays)
    ? `Thông tin kiểm tra ngày ${date}, có thể đã thay đổi.`
    : `Thông tin kiểm tra ngày ${date}.`;
}
