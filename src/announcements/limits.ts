/**
 * Per-channel sending limits: token buckets (overall and per group) and
 * time windows (Zalo OA promotional messages are refused at night).
 *
 * Telegram: about 30 msg/s overall (we cap at 25) and 20 msg/min per group.
 * Zalo OA: a few requests per second; promotion only 08:00–21:30 local time.
 * zalo-personal: the channel itself enforces its interval and daily cap.
 */
import type { ChannelName } from '../core/types.js';
import { fromLocal, localParts } from './time.js';

/** A token bucket: `rate` tokens per second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private notBefore = 0;
  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }

  /** Milliseconds until a token is available (0: now). Does not take it. */
  waitMs(now: number): number {
    if (now < this.notBefore) return this.notBefore - now;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  /** Takes a token if one is available. */
  tryTake(now: number): boolean {
    if (now < this.notBefore) return false;
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Nothing before `until`, then one message and the plain rate (no burst right after a pause). */
  drain(until: number): void {
    this.tokens = Math.min(1, this.burst);
    this.last = Math.max(this.last, until);
    this.notBefore = until;
  }
}

/**
 * At most `limit` events in any window of `windowMs` (a strict limit, unlike a
 * token bucket, which allows a full burst plus the refill within one window).
 */
export class SlidingWindow {
  private readonly times: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
  }

  /** Milliseconds until one more event is allowed (0: now). */
  waitMs(now: number): number {
    this.prune(now);
    return this.times.length < this.limit ? 0 : this.times[0]! + this.windowMs - now;
  }

  /** Records an event if allowed. */
  tryTake(now: number): boolean {
    if (this.waitMs(now) > 0) return false;
    this.times.push(now);
    return true;
  }
}

/** Limits of one channel. */
export interface ChannelPolicy {
  /** Messages per second over the whole channel. */
  rate: number;
  /** Bucket size (how many may go at once after a quiet period). */
  burst: number;
  /** Messages per minute into one group chat (undefined: no group limit). */
  groupPerMinute?: number;
  /** Local hours [from, to) in which promotional messages may be sent (undefined: any time). */
  promoWindow?: { fromMinute: number; toMinute: number };
}

/** Options that tune the default policies (from configuration). */
export interface PolicyOptions {
  telegramRate?: number;
  telegramGroupPerMinute?: number;
  zaloOaRate?: number;
  /**
   * How many app processes send broadcasts from one database (APP_PROCESSES).
   * The platforms count per bot or OA, not per process: each process sends its share.
   */
  processes?: number;
}

/** The default policy of each channel. */
export function defaultPolicies(o: PolicyOptions = {}): Record<ChannelName, ChannelPolicy> {
  const share = 1 / Math.max(1, o.processes ?? 1);
  const tg = (o.telegramRate ?? 25) * share;
  const oa = (o.zaloOaRate ?? 5) * share;
  return {
    // A bucket lets `burst + rate` through in one second and Telegram counts per
    // second: a burst of 20 ms of sending keeps a rate set just under the limit under it.
    telegram: {
      rate: tg,
      burst: Math.max(1, Math.round(tg / 50)),
      groupPerMinute: (o.telegramGroupPerMinute ?? 20) * share,
    },
    'zalo-oa': {
      rate: oa,
      burst: Math.max(1, Math.round(oa / 5)),
      promoWindow: { fromMinute: 8 * 60, toMinute: 21 * 60 + 30 },
    },
    'zalo-bot': { rate: 5 * share, burst: 1 },
    'zalo-personal': { rate: 1 * share, burst: 1 },
    // Web messages go to the visitors' inboxes in the database.
    web: { rate: 1000, burst: 100 },
    console: { rate: 1000, burst: 100 },
    cli: { rate: 1000, burst: 100 },
  };
}

/**
 * If `now` is outside the window, the instant the window next opens (local
 * time in `tz`); otherwise null.
 */
export function windowOpensAt(
  window: { fromMinute: number; toMinute: number },
  now: number,
  tz: string,
): number | null {
  const p = localParts(tz, now);
  const m = p.hour * 60 + p.minute;
  if (m >= window.fromMinute && m < window.toMinute) return null;
  let open = fromLocal(tz, p.year, p.month, p.day, Math.floor(window.fromMinute / 60), window.fromMinute % 60);
  if (open <= now) open += 24 * 3600_000;
  return open;
}

/** Buckets of one channel: overall and per group. */
export class ChannelLimiter {
  private readonly overall: TokenBucket;
  private readonly groups = new Map<string, SlidingWindow>();
  constructor(
    readonly policy: ChannelPolicy,
    now: number,
  ) {
    this.overall = new TokenBucket(policy.rate, policy.burst, now);
  }

  /** Milliseconds until the overall bucket has a token. */
  overallWait(now: number): number {
    return this.overall.waitMs(now);
  }

  /** The service said "too many": nothing until `until`, then the plain rate without a burst. */
  pause(until: number): void {
    this.overall.drain(until);
  }

  /**
   * Takes the tokens for one message if it may go now. Otherwise says how
   * long to wait: `group` true when only that group's bucket is empty (the
   * message should be deferred, others may go), false when the channel is.
   */
  take(chatId: string, isGroup: boolean, now: number): { ok: true } | { ok: false; group: boolean; waitMs: number } {
    const ow = this.overall.waitMs(now);
    if (ow > 0) return { ok: false, group: false, waitMs: ow };
    if (isGroup && this.policy.groupPerMinute) {
      let g = this.groups.get(chatId);
      if (!g) {
        g = new SlidingWindow(this.policy.groupPerMinute, 60_000);
        this.groups.set(chatId, g);
      }
      if (!g.tryTake(now)) return { ok: false, group: true, waitMs: g.waitMs(now) };
    }
    this.overall.tryTake(now);
    return { ok: true };
  }
}
