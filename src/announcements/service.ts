/**
 * The announcement engine as one object: stores, scheduler, worker and
 * progress reporter, started and stopped as an app {@link Service}. Every
 * create and edit goes through the approval rule (approval.ts).
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
import type { Announcement, Audience } from './model.js';
import type { ApprovalRule } from '../config/approval.js';
import {
  needsApproval,
  reviewRefusal,
  runAfterApproval,
  type ApprovalSubject,
  type ApproverRef,
  type Reviewer,
  type ReviewOutcome,
} from './approval.js';
import { notifyAuthor, notifyPending, type ApprovalNoticeEnv } from './approval-notify.js';
import type { AnnouncementPatch } from './store.js';

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
  /** Which announcements need approval (`ANNOUNCE_APPROVAL`); default `[]`: none (the app's config defaults to `all,oa-article`). */
  approval?: ApprovalRule;
  /** Who can approve now (approvers and admins), for "who can approve" and the notices. */
  approvers?: () => readonly ApproverRef[];
  /** The Vietnamese label of an audience in notices (default: a plain one). */
  describeAudience?: (a: Audience) => string;
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
      onTick: () => this.tellApprovers(),
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

  /** Whether the commune's rule asks for approval of an announcement like this. */
  needsApproval(a: ApprovalSubject): boolean {
    return needsApproval(this.opts.approval ?? [], a);
  }

  /** Who can approve now (approvers and admins). */
  approvers(): readonly ApproverRef[] {
    return this.opts.approvers?.() ?? [];
  }

  /**
   * Creates an announcement. One the rule asks approval for waits
   * (`pending_approval`) and approvers are told on the next tick; any other one is
   * scheduled, and one due now starts at once if the engine runs.
   */
  create(a: NewAnnouncement): Announcement {
    const pending = this.needsApproval({ ...a, promotional: a.promotional ?? false });
    const created = this.store.create(a, pending);
    if (this.running) this.scheduler.poke();
    return created;
  }

  /**
   * Edits an open announcement (waiting, returned or scheduled, also an
   * approved one). When the edited announcement needs approval it waits for
   * it again, `by` (`channel:hash`) becoming its last editor; approvers are
   * told again. Returns false when it is not open any more.
   */
  edit(id: number, patch: AnnouncementPatch, by?: string | null): boolean {
    const cur = this.store.get(id);
    if (!cur) return false;
    const pending = this.needsApproval({
      audience: patch.audience ?? cur.audience,
      schedule: patch.schedule ?? cur.schedule,
      promotional: patch.promotional ?? cur.promotional,
    });
    if (!this.store.update(id, patch, { pending, by: by ?? null })) return false;
    if (this.running) this.scheduler.poke();
    return true;
  }

  /** Approves an announcement waiting for it (not by its author or last editor) and schedules it. */
  approve(id: number, who: Reviewer): ReviewOutcome {
    const a = this.store.get(id);
    const refused = reviewRefusal(a, who);
    if (refused || !a) return { ok: false, reason: refused ?? 'missing', ...(a ? { announcement: a } : {}) };
    const { next, late } = runAfterApproval(a, this.clock.now(), this.tz);
    if (!this.store.approve(id, who.key, next)) return { ok: false, reason: 'not_pending', announcement: a };
    if (this.running) this.scheduler.poke();
    return { ok: true, announcement: this.store.get(id)!, late };
  }

  /** Returns an announcement waiting for approval to its author, with a comment (required). */
  returnForChanges(id: number, who: Reviewer, comment: string): ReviewOutcome {
    const a = this.store.get(id);
    const refused = reviewRefusal(a, who) ?? (comment.trim() ? undefined : 'no_comment');
    if (refused || !a) return { ok: false, reason: refused ?? 'missing', ...(a ? { announcement: a } : {}) };
    if (!this.store.returnForChanges(id, who.key, comment.trim().slice(0, 1000)))
      return { ok: false, reason: 'not_pending', announcement: a };
    if (this.running) this.scheduler.poke();
    return { ok: true, announcement: this.store.get(id)!, late: false };
  }

  /**
   * Tells approvers (staff chat) of every announcement that waits for them and
   * was not announced yet, and authors of every decision not told yet: made
   * here, in the console, by the CLI in another process, or declared. Runs on
   * every scheduler tick; each is told once.
   */
  private tellApprovers(): void {
    if (!this.running) return; // a tick by hand (tests) or the CLI: the running assistant tells them
    for (const a of this.store.unnotified()) {
      if (!this.store.markNotified(a.id, 'approval')) continue;
      const edited = (a.review.submittedAt ?? a.createdAt) > a.createdAt;
      void this.notices(() => notifyPending(this.noticeEnv(), a, edited));
    }
    for (const a of this.store.undecided()) {
      if (!this.store.markNotified(a.id, 'decision')) continue;
      void this.notices(() => notifyAuthor(this.noticeEnv(), a));
    }
  }

  private noticeEnv(): ApprovalNoticeEnv {
    const o = this.opts;
    return {
      channels: o.channels,
      log: o.log,
      staffChats: o.staffChats ?? [],
      approvers: () => this.approvers(),
      hashUser: o.hashUser,
      describe: o.describeAudience ?? ((a) => (a.kind === 'all' ? 'Tất cả người đăng ký' : a.kind)),
      tz: this.tz,
    };
  }

  /** Sends approval notices in the background, only while the engine runs (the CLI has no channels). */
  private async notices(send: () => Promise<unknown>): Promise<void> {
    if (!this.running) return;
    try {
      await send();
    } catch (err) {
      this.opts.log.warn({ err }, 'approval notice failed');
    }
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

  /** Starts scheduler (missed runs first), worker (which first takes back rows left in flight) and reporter. */
  start(): void {
    if (this.running) return;
    this.running = true;
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
