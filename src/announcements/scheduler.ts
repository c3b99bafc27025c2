/**
 * The scheduler: turns due announcements into jobs (audience snapshot into
 * the outbox, in one transaction with moving the announcement to its next
 * run). A run later than the grace period (the process was down) is recorded
 * as missed and reported to staff instead of being sent.
 */
import type { Logger } from 'pino';
import type { Db } from '../storage/db.js';
import { TickLoop, type Clock } from './clock.js';
import type { Announcement } from './model.js';
import type { Outbox } from './outbox.js';
import { announcementReply } from './render.js';
import type { AnnouncementStore } from './store.js';
import type { Subscriptions } from './subscriptions.js';
import { nextCronRun } from './time.js';

/** Options of the {@link Scheduler}. */
export interface SchedulerOptions {
  db: Db;
  store: AnnouncementStore;
  outbox: Outbox;
  subscriptions: Subscriptions;
  clock: Clock;
  log: Logger;
  tz: string;
  /** A run at most this late is still sent. */
  graceMs: number;
  /** Names of channels that can send now. */
  channels: () => ReadonlySet<string>;
  /** Called after jobs were created or runs were missed. */
  onChange?: () => void;
  /** Called at the end of every tick (the engine tells approvers of new announcements waiting for them). */
  onTick?: () => void;
  tickMs?: number;
}

/** What one tick did. */
export interface TickResult {
  started: number[];
  missed: number[];
}

/** Runs announcements when they are due. */
export class Scheduler {
  private readonly ticker: TickLoop;

  constructor(private readonly o: SchedulerOptions) {
    this.ticker = new TickLoop(
      o.clock,
      () => this.tick(),
      o.tickMs ?? 1000,
      (err) => o.log.error({ err }, 'scheduler tick failed'),
    );
  }

  /** Processes every due announcement once. */
  tick(): TickResult {
    const res: TickResult = { started: [], missed: [] };
    for (const a of this.o.store.due(this.o.clock.now())) this.runDue(a, res);
    if (res.started.length + res.missed.length > 0) this.o.onChange?.();
    this.o.onTick?.();
    return res;
  }

  private runDue(due: Announcement, res: TickResult): void {
    const { db, outbox, store, clock, tz, graceMs } = this.o;
    db.transaction(() => {
      // Read again inside the transaction: another process (the CLI) may have edited it since `due()`, sending it
      // back for approval; only a row still scheduled, at the same run, is run, with its current content.
      const a = store.get(due.id);
      if (a?.status !== 'scheduled' || a.nextRunAt !== due.nextRunAt) return;
      const content = announcementReply(a.title, a.body);
      let runAt = a.nextRunAt;
      const now = clock.now();
      while (runAt !== null && runAt <= now) {
        if (now - runAt > graceMs) {
          const id = outbox.recordMissed(a.id, runAt, content, a.notify);
          if (id !== null) res.missed.push(id);
          runAt =
            a.schedule.kind === 'cron' ? nextCronRun(a.schedule.cron, tz, Math.max(runAt, now - graceMs - 1)) : null;
          continue;
        }
        const id = outbox.createJob({
          announcementId: a.id,
          runAt,
          content,
          // An OA article broadcast keeps the promotion hours (08:00–21:30), like promotion messages.
          promotional: a.promotional || a.audience.kind === 'oa_article',
          notify: a.notify,
          recipients: this.o.subscriptions.recipients(a.audience),
          channels: this.o.channels(),
        });
        if (id !== null) res.started.push(id);
        runAt = a.schedule.kind === 'cron' ? nextCronRun(a.schedule.cron, tz, Math.max(runAt, now)) : null;
      }
      store.setNextRun(a.id, runAt);
      // Immediate: with several processes, the write lock is taken before the re-read, not after it.
    }).immediate();
    this.o.log.info(
      { announcement: due.id, started: res.started.length, missed: res.missed.length },
      'announcement due',
    );
  }

  /** Ticks now (sending or reporting runs missed while down), then every `tickMs`. */
  start(): void {
    this.ticker.start();
  }

  /** Makes the next tick happen now (a new announcement was created). */
  poke(): void {
    this.ticker.poke();
  }

  /** Stops ticking. */
  async stop(): Promise<void> {
    await this.ticker.stop();
  }
}
