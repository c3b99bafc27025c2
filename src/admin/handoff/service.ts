/**
 * The handoff's background work: the expiry sweep every half minute (waiting
 * requests nobody took become tickets, idle conversations end) and the
 * daily retention run that erases old transcripts (HANDOFF_RETENTION_DAYS).
 */
import type { Logger } from 'pino';
import type { Service } from '../../app/context.js';
import type { HandoffDesk } from './desk.js';

/** Options of {@link HandoffService} (tests shorten the timings). */
export interface HandoffServiceOptions {
  /** Interval of the expiry sweep (ms); default 30 s. */
  sweepIntervalMs?: number;
  /** Interval of the retention run (ms); default one day. */
  retentionIntervalMs?: number;
}

/** Runs {@link HandoffDesk.sweep} and {@link HandoffDesk.purge} on their schedules. */
export class HandoffService implements Service {
  readonly name = 'handoff';
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly desk: HandoffDesk,
    private readonly log: Logger,
    private readonly opts: HandoffServiceOptions = {},
  ) {}

  /** Purges now; returns how many handoffs had their transcript erased. */
  purgeOnce(): number {
    const n = this.desk.purge();
    if (n > 0)
      this.log.info({ handoffs: n, days: this.desk.settings.retentionDays }, 'transcripts of old handoffs erased');
    return n;
  }

  /** Sweeps now (expired requests, idle conversations). */
  async sweepOnce(): Promise<{ expired: number; ended: number }> {
    const r = await this.desk.sweep();
    if (r.expired + r.ended > 0) this.log.info(r, 'handoff sweep');
    return r;
  }

  /** Purges once, then schedules both runs. */
  start(): void {
    this.purgeOnce();
    const every = (ms: number, run: () => unknown, what: string) => {
      const t = setInterval(() => {
        Promise.resolve()
          .then(run)
          .catch((err: unknown) => this.log.error({ err }, `${what} failed`));
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.sweepIntervalMs ?? 30_000, () => this.sweepOnce(), 'handoff sweep');
    every(this.opts.retentionIntervalMs ?? 86_400_000, () => this.purgeOnce(), 'handoff retention');
  }

  /** Stops the schedules. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
