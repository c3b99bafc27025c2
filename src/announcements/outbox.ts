/**
 * Jobs (one run of an announcement) and the outbox (one row per job and
 * recipient, UNIQUE). The worker claims rows (pending → sending), sends, and
 * marks each row right after its send returns; after a crash, rows left in
 * `sending` go back to `pending`, so at most the in-flight sends repeat.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/db.js';
import type { ChannelName, Reply } from '../core/types.js';
import type { ChatRef, JobStats, JobStatus } from './model.js';
import type { Recipient } from './subscriptions.js';

/** A claimed outbox row. */
export interface OutboxRow {
  id: number;
  jobId: number;
  channel: ChannelName;
  chatId: string;
  isGroup: boolean;
  attempts: number;
}

/** A job as the worker and the progress reporter see it. */
export interface Job {
  id: number;
  announcementId: number;
  runAt: number;
  status: JobStatus;
  content: Reply;
  promotional: boolean;
  total: number;
  pausedUntil: number | null;
  pauseReason: string | null;
  startedAt: number;
  finishedAt: number | null;
  notify: ChatRef | null;
  progressMessageId: string | null;
  progressAt: number | null;
  reported: boolean;
}

interface JobRow {
  id: number;
  announcement_id: number;
  run_at: number;
  status: JobStatus;
  content: string;
  promotional: number;
  total: number;
  paused_until: number | null;
  pause_reason: string | null;
  started_at: number;
  finished_at: number | null;
  notify_channel: string | null;
  notify_chat: string | null;
  progress_message_id: string | null;
  progress_at: number | null;
  reported: number;
}

function jobFromRow(r: JobRow): Job {
  return {
    id: r.id,
    announcementId: r.announcement_id,
    runAt: r.run_at,
    status: r.status,
    content: JSON.parse(r.content) as Reply,
    promotional: r.promotional === 1,
    total: r.total,
    pausedUntil: r.paused_until,
    pauseReason: r.pause_reason,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    notify:
      r.notify_channel && r.notify_chat ? { channel: r.notify_channel as ChannelName, chatId: r.notify_chat } : null,
    progressMessageId: r.progress_message_id,
    progressAt: r.progress_at,
    reported: r.reported === 1,
  };
}

/** What a new job needs. */
export interface NewJob {
  announcementId: number;
  runAt: number;
  content: Reply;
  promotional: boolean;
  notify: ChatRef | null;
  recipients: Recipient[];
  /** Channels that can send now; rows for others are skipped as `channel_off`. */
  channels: ReadonlySet<string>;
}

/** Job and outbox storage. */
export class Outbox {
  private readonly stmts = new Map<string, Statement>();
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** A prepared statement, prepared once (the worker runs these hundreds of times a second). */
  private q(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Creates a job with its outbox rows (one transaction; call inside the
   * scheduler's transaction). Returns the job id, or null if this run exists.
   */
  createJob(j: NewJob): number | null {
    const t = this.now();
    const r = this.q(
      `INSERT OR IGNORE INTO ann_jobs (announcement_id, run_at, status, content, promotional, total, started_at, notify_channel, notify_chat)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
    ).run(
      j.announcementId,
      j.runAt,
      JSON.stringify(j.content),
      j.promotional ? 1 : 0,
      j.recipients.length,
      t,
      j.notify?.channel ?? null,
      j.notify?.chatId ?? null,
    );
    if (r.changes === 0) return null;
    const jobId = Number(r.lastInsertRowid);
    const ins = this.q(
      `INSERT OR IGNORE INTO ann_outbox (job_id, channel, chat_id, is_group, status, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const rc of j.recipients) {
      const on = j.channels.has(rc.channel);
      ins.run(
        jobId,
        rc.channel,
        rc.chatId,
        rc.isGroup ? 1 : 0,
        on ? 'pending' : 'skipped',
        on ? null : 'channel_off',
        t,
      );
    }
    return jobId;
  }

  /** Records a run that was missed (outside the grace period). */
  recordMissed(announcementId: number, runAt: number, content: Reply, notify: ChatRef | null): number | null {
    const r = this.q(
      `INSERT OR IGNORE INTO ann_jobs (announcement_id, run_at, status, content, started_at, finished_at, notify_channel, notify_chat)
         VALUES (?, ?, 'missed', ?, ?, ?, ?, ?)`,
    ).run(
      announcementId,
      runAt,
      JSON.stringify(content),
      this.now(),
      this.now(),
      notify?.channel ?? null,
      notify?.chatId ?? null,
    );
    return r.changes === 0 ? null : Number(r.lastInsertRowid);
  }

  /** After a restart: rows left in `sending` go back to `pending`. Returns how many. */
  recoverInFlight(): number {
    return this.q(`UPDATE ann_outbox SET status = 'pending' WHERE status = 'sending'`).run().changes;
  }

  /**
   * Claims up to `limit` rows of one channel that are due, from running jobs
   * that are not paused, marking them `sending`.
   */
  claim(channel: string, limit: number): OutboxRow[] {
    const now = this.now();
    return this.db.transaction(() => {
      const rows = this.q(
        `SELECT o.id, o.job_id, o.channel, o.chat_id, o.is_group, o.attempts FROM ann_outbox o JOIN ann_jobs j ON j.id = o.job_id
           WHERE o.status = 'pending' AND o.channel = ? AND o.next_attempt_at <= ? AND j.status = 'running'
             AND (j.paused_until IS NULL OR j.paused_until <= ?)
           ORDER BY o.id LIMIT ?`,
      ).all(channel, now, now, limit) as {
        id: number;
        job_id: number;
        channel: ChannelName;
        chat_id: string;
        is_group: number;
        attempts: number;
      }[];
      const mark = this.q(`UPDATE ann_outbox SET status = 'sending', updated_at = ? WHERE id = ?`);
      for (const r of rows) mark.run(now, r.id);
      return rows.map((r) => ({
        id: r.id,
        jobId: r.job_id,
        channel: r.channel,
        chatId: r.chat_id,
        isGroup: r.is_group === 1,
        attempts: r.attempts,
      }));
    })();
  }

  /** Earliest `next_attempt_at` of a channel's pending rows in running jobs (for sleeping). */
  nextDue(channel: string): number | null {
    const r = this.q(
      `SELECT MIN(MAX(o.next_attempt_at, COALESCE(j.paused_until, 0))) AS t FROM ann_outbox o JOIN ann_jobs j ON j.id = o.job_id
         WHERE o.status = 'pending' AND o.channel = ? AND j.status = 'running'`,
    ).get(channel) as { t: number | null };
    return r.t;
  }

  /** Marks a row sent. */
  markSent(id: number, messageId?: string): void {
    this.q(
      `UPDATE ann_outbox SET status = 'sent', message_id = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`,
    ).run(messageId ?? null, this.now(), id);
  }

  /** Marks several rows sent in one transaction. */
  markSentMany(rows: readonly { id: number; messageId?: string | undefined }[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.markSent(r.id, r.messageId);
    })();
  }

  /** Marks a row failed for good, or skipped (window, quota), with a reason. */
  markFinal(id: number, status: 'failed' | 'skipped', reason: string): void {
    this.q(`UPDATE ann_outbox SET status = ?, reason = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`).run(
      status,
      reason,
      this.now(),
      id,
    );
  }

  /** Puts a row back to `pending` for a later attempt; `countAttempt` false for pauses (429). */
  retryAt(id: number, at: number, reason: string | null, countAttempt: boolean): void {
    this.q(
      `UPDATE ann_outbox SET status = 'pending', next_attempt_at = ?, reason = ?, attempts = attempts + ?, updated_at = ? WHERE id = ?`,
    ).run(at, reason, countAttempt ? 1 : 0, this.now(), id);
  }

  /** Returns claimed but unsent rows to `pending`. */
  release(ids: readonly number[]): void {
    const q = this.q(`UPDATE ann_outbox SET status = 'pending' WHERE id = ? AND status = 'sending'`);
    this.db.transaction(() => {
      for (const id of ids) q.run(id);
    })();
  }

  /** Pauses a whole job until `until` (persisted, so a restart keeps the pause). */
  pauseJob(jobId: number, until: number, reason: string): void {
    this.q(`UPDATE ann_jobs SET paused_until = MAX(COALESCE(paused_until, 0), ?), pause_reason = ? WHERE id = ?`).run(
      until,
      reason,
      jobId,
    );
  }

  /** One job. */
  job(id: number): Job | undefined {
    const r = this.q('SELECT * FROM ann_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return r ? jobFromRow(r) : undefined;
  }

  /** Jobs of an announcement, newest first. */
  jobsOf(announcementId: number): Job[] {
    return (
      this.q('SELECT * FROM ann_jobs WHERE announcement_id = ? ORDER BY id DESC').all(announcementId) as JobRow[]
    ).map(jobFromRow);
  }

  /** Running jobs, and finished ones whose report was not sent yet. */
  activeJobs(): Job[] {
    return (
      this.q(`SELECT * FROM ann_jobs WHERE status = 'running' OR reported = 0 ORDER BY id`).all() as JobRow[]
    ).map(jobFromRow);
  }

  /** Counts of a job's rows by status and reason. */
  stats(jobId: number): JobStats {
    const s: JobStats = { total: 0, sent: 0, pending: 0, failed: {}, skipped: {}, cancelled: 0 };
    const rows = this.q(
      `SELECT status, reason, COUNT(*) AS n FROM ann_outbox WHERE job_id = ? GROUP BY status, reason`,
    ).all(jobId) as { status: string; reason: string | null; n: number }[];
    for (const r of rows) {
      s.total += r.n;
      if (r.status === 'sent') s.sent += r.n;
      else if (r.status === 'pending' || r.status === 'sending') {
        s.pending += r.n;
        if (r.reason === 'night') s.night = (s.night ?? 0) + r.n;
      } else if (r.status === 'cancelled') s.cancelled += r.n;
      else {
        const bucket = r.status === 'failed' ? s.failed : s.skipped;
        const key = r.reason ?? 'unknown';
        bucket[key] = (bucket[key] ?? 0) + r.n;
      }
    }
    return s;
  }

  /** Marks a running job done when nothing is left to send. Returns true if it finished now. */
  finishIfDone(jobId: number): boolean {
    const left = this.q(
      `SELECT COUNT(*) AS n FROM ann_outbox WHERE job_id = ? AND status IN ('pending', 'sending')`,
    ).get(jobId) as { n: number };
    if (left.n > 0) return false;
    return (
      this.q(`UPDATE ann_jobs SET status = 'done', finished_at = ? WHERE id = ? AND status = 'running'`).run(
        this.now(),
        jobId,
      ).changes > 0
    );
  }

  /**
   * Cancels the unsent rows of a job (claimed ones too: a send already in
   * flight still ends as `sent`). Returns how many were cancelled.
   */
  cancelJob(jobId: number): number {
    return this.db.transaction(() => {
      const n = this.q(
        `UPDATE ann_outbox SET status = 'cancelled', updated_at = ? WHERE job_id = ? AND status IN ('pending', 'sending')`,
      ).run(this.now(), jobId).changes;
      this.q(`UPDATE ann_jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'running'`).run(
        this.now(),
        jobId,
      );
      return n;
    })();
  }

  /** Remembers the progress message (for editing in place) and when it was last sent. */
  setProgress(jobId: number, messageId: string | null, at: number): void {
    this.q(
      `UPDATE ann_jobs SET progress_message_id = COALESCE(?, progress_message_id), progress_at = ? WHERE id = ?`,
    ).run(messageId, at, jobId);
  }

  /** Marks the final report as sent. */
  setReported(jobId: number): void {
    this.q(`UPDATE ann_jobs SET reported = 1 WHERE id = ?`).run(jobId);
  }
}
