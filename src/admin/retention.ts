/**
 * Daily retention of personal data: erases the names, phone numbers and texts
 * of feedback tickets older than FEEDBACK_RETENTION_DAYS.
 */
import type { Logger } from 'pino';
import type { Db } from '../storage/db.js';
import { purgeExpiredTickets } from './tickets.js';

/** Options of {@link RetentionService}. */
export interface RetentionOptions {
  db: Db;
  log: Logger;
  days: number;
  now?: () => number;
  /** How often to run (ms); default one day. */
  intervalMs?: number;
}

/** Runs {@link purgeExpiredTickets} at start and then every day. */
export class RetentionService {
  readonly name = 'feedback-retention';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: RetentionOptions) {}

  /** Purges now; returns how many tickets were erased. */
  runOnce(): number {
    const n = purgeExpiredTickets(this.opts.db, this.opts.days, (this.opts.now ?? Date.now)());
    if (n > 0) this.opts.log.info({ tickets: n, days: this.opts.days }, 'personal data of old feedback tickets erased');
    return n;
  }

  /** Runs once and schedules the daily run. */
  start(): void {
    this.runOnce();
    this.timer = setInterval(() => {
      try {
        this.runOnce();
      } catch (err) {
        this.opts.log.error({ err }, 'feedback retention failed');
      }
    }, this.opts.intervalMs ?? 86_400_000);
    this.timer.unref();
  }

  /** Stops the schedule. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
