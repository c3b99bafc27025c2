/**
 * Jobs (one run of an announcement) and the outbox (one row per job and
 * recipient, UNIQUE). A worker claims rows (pending → sending, with its name
 * and a lease), sends, and marks each row right after its send returns.
 * Several processes may share one database: each claims in a write
 * transaction of its own, so no row is claimed twice, and renews the leases
 * of the rows it holds. Rows of a process that died go back to `pending`
 * (at once when it ran on this host, when the lease ends otherwise), so at
 * most its in-flight sends repeat.
 */
import type { Statement } from 'better-sqlite3';
import { type Db, isPostgres } from '../storage/db.js';
import { isAbandoned, isLocal, thisWorker, type WorkerIdentity } from '../storage/workers.js';
import type { ChannelName, Reply } from '../core/types.js';
import { type Job, jobFromRow, type JobRow, type StatusCount, statsOf } from './job-row.js';
import type { ChatRef, JobStats } from './model.js';
import type { Recipient } from './subscriptions.js';

export type { Job } from './job-row.js';

/** How long a claim holds without being renewed (the worker renews it every quarter of this). */
export const CLAIM_LEASE_MS = 60_000;

/** A claimed row as the database gives it. */
interface ClaimedRow {
  id: number;
  job_id: number;
  channel: ChannelName;
  chat_id: string;
  is_group: number;
  attempts: number;
}

const outboxRow = (r: ClaimedRow): OutboxRow => ({
  id: r.id,
  jobId: r.job_id,
  channel: r.channel,
  chatId: r.chat_id,
  isGroup: r.is_group === 1,
  attempts: r.attempts,
});

/** A claimed outbox row. */
export interface OutboxRow {
  id: number;
  jobId: number;
  channel: ChannelName;
  chatId: string;
  isGroup: boolean;
  attempts: number;
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
    /** The process that claims rows through this outbox. */
    readonly worker: WorkerIdentity = thisWorker(),
    readonly leaseMs = CLAIM_LEASE_MS,
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

  /**
   * Rows left in `sending` by a process of this host that is gone, or by a
   * process of another host whose lease ran out, go back to `pending`. Called at start
   * and by the worker's heartbeat. Returns how many.
   */
  recoverAbandoned(): number {
    return this.db
      .transaction(() => {
        const owners = this.q(`SELECT DISTINCT claimed_by AS owner FROM ann_outbox WHERE status = 'sending'`).all() as {
          owner: string | null;
        }[];
        const requeue = this.q(
          `UPDATE ann_outbox SET status = 'pending', claimed_by = NULL
           WHERE status = 'sending' AND claimed_by IS ? AND (? OR lease_until < ?)`,
        );
        const now = this.now();
        let n = 0;
        for (const { owner } of owners) {
          // This host's processes are judged by whether they run; other hosts' by their leases, row by row.
          const gone = isAbandoned(owner, this.worker);
          if (gone || !isLocal(owner, this.worker)) n += requeue.run(owner, gone ? 1 : 0, now).changes;
        }
        return n;
      })
      .immediate();
  }

  /** Extends the leases of the rows this process holds. */
  renewLeases(): number {
    return this.q(`UPDATE ann_outbox SET lease_until = ? WHERE status = 'sending' AND claimed_by = ?`).run(
      this.now() + this.leaseMs,
      this.worker.id,
    ).changes;
  }

  /**
   * Claims up to `limit` rows of one channel that are due, from running jobs
   * that are not paused, marking them `sending` with this process's name and
   * lease. The write lock is taken first (an immediate transaction), so two
   * processes never claim the same row.
   */
  claim(channel: string, limit: number): OutboxRow[] {
    const now = this.now();
    if (isPostgres(this.db)) return this.claimSkipLocked(channel, limit, now);
    return this.db
      .transaction(() => {
        const rows = this.q(
          `SELECT o.id, o.job_id, o.channel, o.chat_id, o.is_group, o.attempts FROM ann_outbox o JOIN ann_jobs j ON j.id = o.job_id
           WHERE o.status = 'pending' AND o.channel = ? AND o.next_attempt_at <= ? AND j.status = 'running'
             AND (j.paused_until IS NULL OR j.paused_until <= ?)
           ORDER BY o.id LIMIT ?`,
        ).all(channel, now, now, limit) as ClaimedRow[];
        const mark = this.q(
          `UPDATE ann_outbox SET status = 'sending', claimed_by = ?, lease_until = ?, updated_at = ? WHERE id = ?`,
        );
        for (const r of rows) mark.run(this.worker.id, now + this.leaseMs, now, r.id);
        return rows.map(outboxRow);
      })
      .immediate();
  }

  /**
   * The claim on PostgreSQL: one statement that locks the rows it takes and
   * skips those another process is taking (`FOR UPDATE SKIP LOCKED`), so
   * several workers claim at once, never the same row.
   */
  private claimSkipLocked(channel: string, limit: number, now: number): OutboxRow[] {
    const rows = this.q(
      `UPDATE ann_outbox SET status = 'sending', claimed_by = ?, lease_until = ?, updated_at = ?
       WHERE id IN (
         SELECT o.id FROM ann_outbox o JOIN ann_jobs j ON j.id = o.job_id
         WHERE o.status = 'pending' AND o.channel = ? AND o.next_attempt_at <= ? AND j.status = 'running'
           AND (j.paused_until IS NULL OR j.paused_until <= ?)
         ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED)
       RETURNING id, job_id, channel, chat_id, is_group, attempts`,
    ).all(this.worker.id, now + this.leaseMs, now, channel, now, now, limit) as ClaimedRow[];
    return rows.sort((a, b) => a.id - b.id).map(outboxRow);
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

  /** Marks several rows sent in one transaction (on PostgreSQL, one statement over arrays: one round trip). */
  markSentMany(rows: readonly { id: number; messageId?: string | undefined }[]): void {
    if (rows.length === 0) return;
    if (isPostgres(this.db)) {
      this.q(
        `UPDATE ann_outbox AS o SET status = 'sent', message_id = v.message_id, attempts = o.attempts + 1, updated_at = ?
         FROM (SELECT unnest(?::bigint[]) AS id, unnest(?::text[]) AS message_id) AS v WHERE o.id = v.id`,
      ).run(
        this.now(),
        rows.map((r) => r.id),
        rows.map((r) => r.messageId ?? null),
      );
      return;
    }
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
    return statsOf(
      this.q(`SELECT status, reason, COUNT(*) AS n FROM ann_outbox WHERE job_id = ? GROUP BY status, reason`).all(
        jobId,
      ) as StatusCount[],
    );
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

  /**
   * Takes the final report of a job for this process: true once, for the
   * one process that then sends it, false for every other.
   */
  claimReport(jobId: number): boolean {
    return this.q(`UPDATE ann_jobs SET reported = 1 WHERE id = ? AND reported = 0`).run(jobId).changes === 1;
  }

  /**
   * Takes the next progress update of a job: true for the one process that
   * moves `progress_at` on from the value it read, which then sends it.
   */
  claimProgress(jobId: number, seenAt: number | null, at: number): boolean {
    return (
      this.q(`UPDATE ann_jobs SET progress_at = ? WHERE id = ? AND progress_at IS ?`).run(at, jobId, seenAt).changes ===
      1
    );
  }
}
