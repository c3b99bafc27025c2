/**
 * Connection state of a channel, shared by the adapters: each reports
 * successes and failures of its platform calls here, and one log line is
 * written per change of state (down with its cause, back up), never one per
 * retry.
 */
import type { Logger } from 'pino';
import type { ChannelHealth, ChannelState, SendResult } from '../../core/types.js';

/** Tracks one channel's {@link ChannelHealth}. */
export class HealthTracker {
  private current: ChannelHealth;

  constructor(
    private readonly channel: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    initial: ChannelState = 'starting',
  ) {
    this.current = { state: initial, since: this.now() };
  }

  /** The current state. */
  get(): ChannelHealth {
    return { ...this.current };
  }

  /** The platform answered: connected (logs once when coming back). */
  up(): void {
    const was = this.current;
    if (was.state === 'connected') return;
    this.current = { state: 'connected', since: this.now() };
    if (was.state !== 'starting') {
      this.log.info(
        { channel: this.channel, downMs: this.current.since - was.since, wasCause: was.cause },
        'channel is back up',
      );
    }
  }

  /** The platform could not be reached (`reconnecting`) or refused the token (`refused`). */
  down(state: 'reconnecting' | 'refused', cause: string): void {
    const was = this.current;
    if (was.state === state) {
      // Still down: the cause may change from retry to retry, the log line is written once.
      this.current = { ...was, cause };
      return;
    }
    this.current = { state, since: this.now(), cause };
    const line = { channel: this.channel, state, cause };
    if (state === 'refused') this.log.error(line, 'channel is down: the platform refused the token');
    else this.log.warn(line, 'channel is down: cannot reach the platform; retrying');
  }
}

/** Network error codes turned into short causes an operator can act on. */
const CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
};

/**
 * A short cause for a network error (fetch wraps the real one in `cause`,
 * grammY's HttpError in `error`). Never includes URLs, which carry tokens.
 */
export function networkCause(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const o = e as { code?: unknown; name?: unknown; cause?: unknown; error?: unknown };
    if (typeof o.code === 'string' && CODES[o.code]) return CODES[o.code]!;
    if (o.name === 'TimeoutError' || o.name === 'AbortError') return 'timed out';
    e = o.cause ?? o.error;
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'network error';
}

/**
 * Updates a tracker from the outcome of one platform call: any answer of the
 * platform is "up", except a refused token; a network failure (or a token
 * refresh that could not reach the server) is "reconnecting".
 */
export function recordSendHealth(tracker: HealthTracker, r: { ok: true } | Extract<SendResult, { ok: false }>): void {
  if (r.ok) return tracker.up();
  if (r.kind === 'network' || /^token refresh failed/.test(r.description))
    return tracker.down('reconnecting', r.description);
  if (r.kind === 'auth') return tracker.down('refused', r.description);
  tracker.up();
}
