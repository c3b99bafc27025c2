/**
 * What the broadcast worker does with a send that failed, by kind: a 429
 * with retry-after pauses the whole job (persisted), network errors back off
 * and retry up to `maxAttempts`, an authorization failure pauses the job, a
 * blocked or unreachable recipient is marked inactive, a closed window waits
 * once for the morning (Zalo OA promotion at night) or is skipped, quota is
 * skipped, anything else fails that row.
 */
import type { Logger } from 'pino';
import type { SendResult } from '../core/types.js';
import { type ChannelLimiter, windowOpensAt } from './limits.js';
import type { Job, Outbox, OutboxRow } from './outbox.js';
import type { Subscriptions } from './subscriptions.js';

/** What {@link recordFailure} needs from the worker. */
export interface FailureDeps {
  outbox: Outbox;
  subscriptions: Subscriptions;
  clock: { now(): number };
  log: Logger;
  tz: string;
  hashUser: (channel: string, id: string) => string;
  /** The lane's limiter of a channel (paused on 429, read for the promotion window). */
  limiter: (channel: string) => ChannelLimiter | undefined;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  authPauseMs: number;
}

/** Records one failed send of `row` (of `job`). */
export function recordFailure(d: FailureDeps, row: OutboxRow, job: Job, res: Extract<SendResult, { ok: false }>): void {
  const { outbox, clock } = d;
  const now = clock.now();
  const log = d.log.child({ channel: row.channel, user: d.hashUser(row.channel, row.chatId), job: job.id });
  switch (res.kind) {
    case 'rate_limited':
      if (res.retryAfterMs !== undefined) {
        const until = now + res.retryAfterMs;
        outbox.pauseJob(job.id, until, 'rate_limited');
        job.pausedUntil = Math.max(job.pausedUntil ?? 0, until);
        d.limiter(row.channel)?.pause(until);
        outbox.retryAt(row.id, 0, 'rate_limited', false);
        log.warn({ retryAfterMs: res.retryAfterMs }, 'broadcast paused by rate limit');
        return;
      }
      backoff(d, row, 'rate_limited', now, log);
      return;
    case 'network':
      backoff(d, row, 'network', now, log);
      return;
    case 'auth': {
      const until = now + d.authPauseMs;
      outbox.pauseJob(job.id, until, 'auth');
      job.pausedUntil = Math.max(job.pausedUntil ?? 0, until);
      outbox.retryAt(row.id, 0, 'auth', false);
      log.error('broadcast paused: channel authorization failed');
      return;
    }
    case 'unreachable':
      // Left the channel for now (Zalo OA unfollow): skipped, the subscription stays for when they come back.
      if (res.reason === 'unfollowed') {
        outbox.markFinal(row.id, 'skipped', 'unfollowed');
        return;
      }
      outbox.markFinal(row.id, 'failed', res.kind);
      d.subscriptions.markInactive(row.channel, row.chatId, res.kind, res.description);
      log.info({ kind: res.kind }, 'recipient marked inactive');
      return;
    case 'blocked':
      outbox.markFinal(row.id, 'failed', res.kind);
      d.subscriptions.markInactive(row.channel, row.chatId, res.kind, res.description);
      log.info({ kind: res.kind }, 'recipient marked inactive');
      return;
    case 'window_closed':
      // Reachable later (Zalo OA promotion at night): only this row waits, counted, so it cannot loop.
      if (res.retryAfterMs !== undefined && row.attempts + 1 < d.maxAttempts) {
        const win = d.limiter(row.channel)?.policy.promoWindow;
        const opens = win ? windowOpensAt(win, now, d.tz) : null;
        outbox.retryAt(row.id, opens ?? now + res.retryAfterMs, res.reason ?? 'night', true);
        return;
      }
      outbox.markFinal(row.id, 'skipped', 'window_closed');
      return;
    case 'quota':
      outbox.markFinal(row.id, 'skipped', res.reason ?? res.kind);
      return;
    default:
      outbox.markFinal(row.id, 'failed', res.kind);
      log.warn({ kind: res.kind }, 'broadcast send failed');
  }
}

function backoff(d: FailureDeps, row: OutboxRow, reason: string, now: number, log: Logger): void {
  const attempts = row.attempts + 1;
  if (attempts >= d.maxAttempts) {
    d.outbox.markFinal(row.id, 'failed', reason);
    log.warn({ kind: reason, attempts }, 'broadcast send failed after retries');
    return;
  }
  const base = Math.min(d.backoffMaxMs, d.backoffBaseMs * 2 ** (attempts - 1));
  const delay = Math.round(base * (0.8 + Math.random() * 0.4));
  d.outbox.retryAt(row.id, now + delay, reason, true);
}
