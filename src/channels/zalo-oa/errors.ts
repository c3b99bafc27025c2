/**
 * OA Open API error codes (body field `error`, 0 = success) mapped to the
 * channel-neutral {@link SendErrorKind}. Failures are usually HTTP 200 with a
 * negative `error`; codes are classified, the `message` text is kept as the
 * description.
 */
import type { SendErrorKind } from '../../core/types.js';

/** Access token invalid or expired: refresh once and retry once. */
export const EXPIRED_TOKEN_CODES: ReadonlySet<number> = new Set([-216, -220]);

const KINDS: ReadonlyMap<number, SendErrorKind> = new Map<number, SendErrorKind>([
  [-216, 'auth'],
  [-220, 'auth'],
  // app removed, API not granted/registered/supported, OA unverified/disabled/missing, cloud account problems
  [-219, 'auth'],
  [-223, 'auth'],
  [-212, 'auth'],
  [-209, 'auth'],
  [-221, 'auth'],
  [-204, 'auth'],
  [-205, 'auth'],
  [-320, 'auth'],
  [-321, 'auth'],
  [-14020, 'auth'],
  [-14004, 'auth'],
  [-14003, 'auth'],
  [-230, 'window_closed'],
  [-232, 'window_closed'],
  [-211, 'quota'],
  [-218, 'quota'],
  [-224, 'quota'],
  // -234: promotion at night; only that recipient waits until the morning
  [-32, 'rate_limited'],
  [-234, 'window_closed'],
  [-213, 'unreachable'],
  [-227, 'unreachable'],
  [-237, 'unreachable'],
  [-403, 'unreachable'],
  [-244, 'blocked'],
  [-201, 'invalid'],
  [-210, 'invalid'],
  [-233, 'invalid'],
  [-240, 'invalid'],
  [-200, 'network'],
]);

/** Promotion messages are sent only from 08:00 to 21:30 Vietnam time (Zalo refuses 22:00–06:00). */
export const PROMOTION_HOURS = { fromMinute: 8 * 60, toMinute: 21 * 60 + 30 } as const;

/** Milliseconds until 08:00 in Vietnam (UTC+7), when promotions may be sent again. */
export function msUntilMorning(now: number): number {
  const day = 24 * 3600 * 1000;
  const local = now + 7 * 3600 * 1000;
  const morning = Math.floor(local / day) * day + PROMOTION_HOURS.fromMinute * 60_000;
  return (morning > local ? morning : morning + day) - local;
}

/** 0 inside the promotion hours, otherwise milliseconds until they open (08:00 Vietnam time). */
export function promotionWaitMs(now: number): number {
  const day = 24 * 3600 * 1000;
  const minute = Math.floor(((now + 7 * 3600 * 1000) % day) / 60_000);
  return minute >= PROMOTION_HOURS.fromMinute && minute < PROMOTION_HOURS.toMinute ? 0 : msUntilMorning(now);
}

/** Maps an OA error code to a send error kind and an optional retry delay. */
export function classifyOaError(code: number, now = Date.now()): { kind: SendErrorKind; retryAfterMs?: number } {
  const kind = KINDS.get(code) ?? 'invalid';
  if (code === -32) return { kind, retryAfterMs: 60_000 };
  if (code === -234) return { kind, retryAfterMs: msUntilMorning(now) };
  return { kind };
}
