/**
 * The announcement engine as one object: stores, scheduler, worker and
 * progress reporter, started and stopped as an app {@link Service}.
 */
import type { Logger } from 'pino';
import type { Channel, ChannelName } from '../core/types.js';
import type { Db } from '../storage/db.js';
import { systemClock, type Clock } from './clock.js';
import { defaultPolicies, type ChannelPolicy, type PolicyOptions } from './limits.js';
import type { ChatRef } from './model.js';
import { Outbox } from './outbox.js';
import { ProgressReporter } from './progress.js';
import { Scheduler } from './scheduler.js';
import { AnnouncementStore, type NewAnnouncement } from './store.js';
import { Subscriptions } from './subscriptions.js';
import { BroadcastWorker, type WorkerOptions } from './worker.js';
import type { Announcement } from './model.js';

/** Options of {@link Announcements}. */
export interface AnnouncementsOptions {
  db: Db;
  log: Logger;
  channels: ReadonlyMap<ChannelName, Channel>;
  hashUser: (channel: string, id: string) => string;
  clock?: Clock;
  tz?: string;
  graceMinutes?: number;
  /** Shortest gap between two runs of a recurring announcement, in hours (default 24: once a day). */
  minCronIntervalHours?: number;
  concurrency?: number;
  staffChats?: readonly ChatRef[];
  policies?: Partial<Record<ChannelName, ChannelPolicy>>;
  policyOptions?: PolicyOptions;
  /** Worker tuning (backoff, timeouts); mostly for tests. */
  worker?: Partial<
    Pick<WorkerOptions, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'sendTimeoutMs' | 'authPauseMs' | 'idleMs'>
  >;
  schedulerTickMs?: number;
  progressTickMs?: number;
  progressIntervalMs?: number;
}

/**
 * The announcement engine.
 *
 * @example
 * ```ts
 * const ann = new Announcements({ db, log, channels, hashUser: (ch, id) => assistant.hashUser(ch, id) });
 * ann.start(); // scheduler, broadcast worker, progress reports
 * const a = ann.create({
 *   title: 'Họp dân',
 *   body: 'Mời bà con dự họp tại nhà văn hoá thôn lúc 8 giờ sáng Chủ nhật.',
 *   audience: { kind: 'topic', topic: 'chung' },
 *   schedule: { kind: 'cron', cron: '0 8 * * 6' }, // Saturdays 08:00, Vietnam time
 * });
 * ```
 */
export class Announcements {
  readonly name = 'announcements';
  readonly clock: Clock;
  readonly tz: string;
  readonly subscriptions: Subscriptions;
  readonly store: AnnouncementStore;
  readonly outbox: Outbox;
  readonly scheduler: Scheduler;
  readonly worker: BroadcastWorker;
  readonly reporter: ProgressReporter;
  private running = false;

  constructor(readonly opts: AnnouncementsOptions) {
    const clock = opts.clock ?? systemClock;
    this.clock = clock;
    const now = () => clock.now();
    this.tz = opts.tz ?? 'Asia/Ho_Chi_Minh';
    this.subscriptions = new Subscriptions(opts.db, now);
    this.store = new AnnouncementStore(opts.db, now, this.tz);
    this.outbox = new Outbox(opts.db, now);
    this.worker = new BroadcastWorker({
      outbox: this.outbox,
      subscriptions: this.subscriptions,
      channels: opts.channels,
      policies: { ...defaultPolicies(opts.policyOptions), ...opts.policies },
      clock,
      log: opts.log,
      tz: this.tz,
      hashUser: opts.hashUser,
      concurrency: opts.concurrency ?? 8,
      ...opts.worker,
    });
    this.scheduler = new Scheduler({
      db: opts.db,
      store: this.store,
      outbox: this.outbox,
      subscriptions: this.subscriptions,
      clock,
      log: opts.log,
      tz: this.tz,
      graceMs: (opts.graceMinutes ?? 60) * 60_000,
      channels: () => new Set(opts.channels.keys()),
      onChange: () => {
        this.worker.wake();
        this.reporter.poke();
      },
      ...(opts.schedulerTickMs ? { tickMs: opts.schedulerTickMs } : {}),
    });
    this.reporter = new ProgressReporter({
      outbox: this.outbox,
      channels: opts.channels,
      clock,
      log: opts.log,
      tz: this.tz,
      staffChats: opts.staffChats ?? [],
      ...(opts.progressIntervalMs ? { intervalMs: opts.progressIntervalMs } : {}),
      ...(opts.progressTickMs ? { tickMs: opts.progressTickMs } : {}),
    });
  }

  /** Creates an announcement; one due now starts at once if the engine runs. */
  create(a: NewAnnouncement): Announcement {
    const created = this.store.create(a);
    if (this.running) this.scheduler.poke();
    return created;
  }

  /** Runs an announcement once more now. */
  runNow(id: number): boolean {
    const ok = this.store.runNow(id);
    if (ok && this.running) this.scheduler.poke();
    return ok;
  }

  /** Cancels an announcement and the unsent part of its running jobs. Returns false if nothing was left to cancel. */
  cancel(id: number): boolean {
    let any = this.store.cancel(id);
    for (const j of this.outbox.jobsOf(id)) {
      if (j.status !== 'running') continue;
      this.outbox.cancelJob(j.id);
      this.worker.forgetJob(j.id);
      any = true;
    }
    if (any && this.running) this.reporter.poke();
    return any;
  }

  /** Recovers in-flight rows, then starts scheduler (missed runs first), worker and reporter. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const recovered = this.outbox.recoverInFlight();
    if (recovered > 0) this.opts.log.warn({ recovered }, 'outbox rows in flight at the last stop were requeued');
    this.scheduler.start();
    this.worker.start();
    this.reporter.start();
  }

  /** Stops everything; in-flight sends finish and are marked. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.scheduler.stop();
    await this.worker.stop();
    await this.reporter.stop();
  }
}
