/**
 * Telegram's connection state: set by the channel's connect attempts, then
 * kept up to date by a light probe (getMe every few seconds with a short
 * timeout), so `/healthz` turns 503 within seconds when the Bot API cannot be
 * reached, in polling and in webhook mode alike, and 200 once it answers.
 */
import { GrammyError, type Api } from 'grammy';
import type { Logger } from 'pino';
import type { ChannelHealth } from '../../core/types.js';
import { HealthTracker, networkCause } from '../shared/health.js';

/** The state of one bot, with its probe. */
export class TelegramHealth {
  private readonly tracker: HealthTracker;
  private timer?: NodeJS.Timeout;
  private probing = false;

  constructor(
    private readonly api: Api,
    log: Logger,
    private readonly probeMs: number,
  ) {
    this.tracker = new HealthTracker('telegram', log);
  }

  /** The current state. */
  get(): ChannelHealth {
    return this.tracker.get();
  }

  /** A connect attempt succeeded: up, and probing from now on. */
  connected(): void {
    this.tracker.up();
    if (this.probeMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.probe(), this.probeMs);
      this.timer.unref();
    }
  }

  /** A call failed: records why; returns the new state. */
  failed(err: unknown): 'refused' | 'reconnecting' {
    if (err instanceof GrammyError && err.error_code === 401) {
      this.tracker.down('refused', 'HTTP 401: Telegram refused the token (TELEGRAM_BOT_TOKEN)');
      return 'refused';
    }
    const cause = err instanceof GrammyError ? `HTTP ${err.error_code}` : networkCause(err);
    this.tracker.down('reconnecting', cause);
    return 'reconnecting';
  }

  /** One getMe with a timeout shorter than the probe interval. */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const signal = AbortSignal.timeout(Math.max(1000, Math.min(4000, this.probeMs - 500)));
      await this.api.getMe(signal as unknown as Parameters<Api['getMe']>[0]);
      this.tracker.up();
    } catch (err) {
      this.failed(err);
    } finally {
      this.probing = false;
    }
  }

  /** Stops probing. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
