/**
 * Announcements: what to send, to whom and when. Recurring ones (cron) keep
 * `next_run_at` pointing at their next occurrence. One waiting for approval
 * keeps its planned time in `next_run_at` for display only: the scheduler
 * takes `scheduled` rows alone, and approving computes the time again.
 */
import type { Db } from '../storage/db.js';
import { nextCronRun } from './time.js';
import { fromRow, type Row } from './store-row.js';
import { OPEN_STATUSES, type Announcement, type Audience, type ChatRef, type Schedule } from './model.js';

/** What is needed to create an announcement. */
export interface NewAnnouncement {
  key?: string;
  title: string | null;
  body: string;
  audience: Audience;
  promotional?: boolean;
  schedule: Schedule;
  notify?: ChatRef | null;
  createdBy?: string;
}

/** The editable fields of an announcement. */
export type AnnouncementPatch = Partial<
  Pick<NewAnnouncement, 'title' | 'body' | 'audience' | 'schedule' | 'promotional'>
>;

const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** The first run time of a schedule, seen from `now`. */
export function firstRun(schedule: Schedule, now: number, tz: string): number | null {
  if (schedule.kind === 'now') return now;
  if (schedule.kind === 'at') return schedule.at;
  return nextCronRun(schedule.cron, tz, now);
}

/** Announcement storage. */
export class AnnouncementStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly tz: string,
  ) {}

  /** Creates an announcement and returns it; `pending`: it waits for approval instead of being scheduled. */
  create(a: NewAnnouncement, pending = false): Announcement {
    const t = this.now();
    const next = firstRun(a.schedule, t, this.tz);
    const r = this.db
      .prepare(
        `INSERT INTO ann_announcements (key, title, body, audience, promotional, schedule_kind, schedule_at, cron, next_run_at, status,
           notify_channel, notify_chat, created_by, created_at, updated_at, submitted_by, submitted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.key ?? null,
        a.title,
        a.body,
        JSON.stringify(a.audience),
        a.promotional ? 1 : 0,
        a.schedule.kind,
        a.schedule.kind === 'at' ? a.schedule.at : null,
        a.schedule.kind === 'cron' ? a.schedule.cron : null,
        next,
        pending ? 'pending_approval' : next === null ? 'done' : 'scheduled',
        a.notify?.channel ?? null,
        a.notify?.chatId ?? null,
        a.createdBy ?? null,
        t,
        t,
        a.createdBy ?? null,
        t,
      );
    return this.get(Number(r.lastInsertRowid))!;
  }

  /** One announcement by id. */
  get(id: number): Announcement | undefined {
    const r = this.db.prepare('SELECT * FROM ann_announcements WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** One announcement by its knowledge-base key. */
  getByKey(key: string): Announcement | undefined {
    const r = this.db.prepare('SELECT * FROM ann_announcements WHERE key = ?').get(key) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** Announcements, newest first; by default only those still open (scheduled, waiting for approval, returned). */
  list(opts: { all?: boolean; limit?: number } = {}): Announcement[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM ann_announcements ${opts.all ? '' : `WHERE status IN (${OPEN})`} ORDER BY id DESC LIMIT ?`,
      )
      .all(opts.limit ?? 50) as Row[];
    return rows.map(fromRow);
  }

  /** Announcements waiting for approval whose approvers were not told yet (created here or by another process). */
  unnotified(): Announcement[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM ann_announcements WHERE status = 'pending_approval' AND approval_notified_at IS NULL ORDER BY id`,
        )
        .all() as Row[]
    ).map(fromRow);
  }

  /** Approved or returned announcements whose author was not told the decision yet. */
  undecided(): Announcement[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM ann_announcements WHERE reviewed_at IS NOT NULL AND decision_notified_at IS NULL
             AND status IN ('scheduled', 'done', 'returned') ORDER BY id`,
        )
        .all() as Row[]
    ).map(fromRow);
  }

  /**
   * Records that approvers were told it waits (`approval`) or its author was
   * told the decision (`decision`); false when someone else recorded it first,
   * so each is told once.
   */
  markNotified(id: number, what: 'approval' | 'decision'): boolean {
    const col = what === 'approval' ? 'approval_notified_at' : 'decision_notified_at';
    return (
      this.db.prepare(`UPDATE ann_announcements SET ${col} = ? WHERE id = ? AND ${col} IS NULL`).run(this.now(), id)
        .changes > 0
    );
  }

  /** Announcements waiting for approval, oldest first. */
  pending(): Announcement[] {
    return (
      this.db.prepare(`SELECT * FROM ann_announcements WHERE status = 'pending_approval' ORDER BY id`).all() as Row[]
    ).map(fromRow);
  }

  /** Scheduled announcements whose next run is due. */
  due(now: number): Announcement[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM ann_announcements WHERE status = 'scheduled' AND next_run_at <= ? ORDER BY next_run_at, id`,
        )
        .all(now) as Row[]
    ).map(fromRow);
  }

  /** Moves an announcement to its next run (null: done). */
  setNextRun(id: number, next: number | null): void {
    this.db
      .prepare(
        `UPDATE ann_announcements SET next_run_at = ?, status = CASE WHEN ? IS NULL THEN 'done' ELSE status END, updated_at = ? WHERE id = ?`,
      )
      .run(next, next, this.now(), id);
  }

  /**
   * Edits an open announcement (text, title, audience, schedule). With
   * `opts.pending` it goes back to waiting for approval (any earlier approval
   * or return is cleared, `opts.by` becomes its submitter); without, it is
   * scheduled. Returns false if it is not open any more.
   */
  update(id: number, patch: AnnouncementPatch, opts: { pending?: boolean; by?: string | null } = {}): boolean {
    const cur = this.get(id);
    if (!cur || !OPEN_STATUSES.includes(cur.status)) return false;
    const schedule = patch.schedule ?? cur.schedule;
    const next = patch.schedule ? firstRun(schedule, this.now(), this.tz) : cur.nextRunAt;
    const status = opts.pending ? 'pending_approval' : next === null ? 'done' : 'scheduled';
    if (opts.pending)
      this.db
        .prepare(
          `UPDATE ann_announcements SET submitted_by = COALESCE(?, submitted_by), submitted_at = ?, reviewed_by = NULL,
             reviewed_at = NULL, review_comment = NULL, approval_notified_at = NULL WHERE id = ?`,
        )
        .run(opts.by ?? null, this.now(), id);
    this.db
      .prepare(
        `UPDATE ann_announcements SET title = ?, body = ?, audience = ?, promotional = ?, schedule_kind = ?, schedule_at = ?, cron = ?,
           next_run_at = ?, status = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        patch.title !== undefined ? patch.title : cur.title,
        patch.body ?? cur.body,
        JSON.stringify(patch.audience ?? cur.audience),
        (patch.promotional ?? cur.promotional) ? 1 : 0,
        schedule.kind,
        schedule.kind === 'at' ? schedule.at : null,
        schedule.kind === 'cron' ? schedule.cron : null,
        next,
        status,
        this.now(),
        id,
      );
    return true;
  }

  /**
   * Records the approval of an announcement waiting for it and schedules it
   * at `next` (null: nothing left to run, it is done). False if it was not waiting.
   */
  approve(id: number, by: string, next: number | null): boolean {
    const t = this.now();
    return (
      this.db
        .prepare(
          `UPDATE ann_announcements SET status = CASE WHEN ? IS NULL THEN 'done' ELSE 'scheduled' END, next_run_at = ?,
             reviewed_by = ?, reviewed_at = ?, review_comment = NULL, decision_notified_at = NULL, updated_at = ?
             WHERE id = ? AND status = 'pending_approval'`,
        )
        .run(next, next, by, t, t, id).changes > 0
    );
  }

  /** Returns an announcement waiting for approval to its author with a comment. False if it was not waiting. */
  returnForChanges(id: number, by: string, comment: string): boolean {
    const t = this.now();
    return (
      this.db
        .prepare(
          `UPDATE ann_announcements SET status = 'returned', reviewed_by = ?, reviewed_at = ?, review_comment = ?,
             decision_notified_at = NULL, updated_at = ? WHERE id = ? AND status = 'pending_approval'`,
        )
        .run(by, t, comment, t, id).changes > 0
    );
  }

  /** Forgets the knowledge-base key of a finished announcement (its id is declared anew). */
  detachKey(id: number): void {
    this.db.prepare('UPDATE ann_announcements SET key = NULL WHERE id = ?').run(id);
  }

  /**
   * Schedules one more run now (resend, or send a missed run after all): only
   * a scheduled or finished one, never one waiting for approval or returned.
   */
  runNow(id: number): boolean {
    const t = this.now();
    return (
      this.db
        .prepare(
          `UPDATE ann_announcements SET status = 'scheduled', next_run_at = ?, updated_at = ? WHERE id = ? AND status IN ('scheduled', 'done')`,
        )
        .run(t, t, id).changes > 0
    );
  }

  /** Cancels an announcement's future runs (or its approval). Returns false if it was not open. */
  cancel(id: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE ann_announcements SET status = 'cancelled', next_run_at = NULL, updated_at = ? WHERE id = ? AND status IN (${OPEN})`,
        )
        .run(this.now(), id).changes > 0
    );
  }
}
