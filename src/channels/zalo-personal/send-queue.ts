/**
 * The outgoing queue of the personal account. Zalo blocks accounts that send
 * too fast, so sends run one at a time with a minimum interval (plus jitter)
 * and stop at a daily cap. The day's count is kept in the database, so a
 * restart does not reset it. The day follows Vietnam time (UTC+7).
 */
import type { SendResult } from '../../core/types.js';
import type { Db } from '../../storage/db.js';

/** Options of {@link ThrottledSendQueue}. */
export interface SendQueueOptions {
  db: Db;
  /** Counter key, e.g. the channel name. */
  key: string;
  minIntervalMs: number;
  /** Random extra delay up to this many ms (default a quarter of the interval). */
  jitterMs?: number;
  dailyCap: number;
  now?: () => number;
  random?: () => number;
}

const DAY_MS = 24 * 3600 * 1000;
const VN_OFFSET_MS = 7 * 3600 * 1000;

/** The day key (YYYY-MM-DD, Vietnam time) of an instant. */
export function vnDay(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

interface Job {
  task: () => Promise<SendResult>;
  resolve: (r: SendResult) => void;
}

/** A serial, throttled, capped send queue. */
export class ThrottledSendQueue {
  private readonly jobs: Job[] = [];
  private running = false;
  private lastAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: SendQueueOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Sends counted today. */
  sentToday(): number {
    const row = this.opts.db
      .prepare('SELECT count FROM zalo_send_counter WHERE channel = ? AND day = ?')
      .get(this.opts.key, vnDay(this.now())) as { count: number } | undefined;
    return row?.count ?? 0;
  }

  /** Jobs waiting. */
  get pending(): number {
    return this.jobs.length;
  }

  /** Queues a send; resolves with its result, or with `quota` once the daily cap is reached. */
  enqueue(task: () => Promise<SendResult>): Promise<SendResult> {
    if (this.closed) return Promise.resolve({ ok: false, kind: 'network', description: 'channel stopped' });
    return new Promise((resolve) => {
      this.jobs.push({ task, resolve });
      void this.drain();
    });
  }

  /** Rejects waiting jobs (as `network` failures) and stops. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    for (const j of this.jobs.splice(0)) j.resolve({ ok: false, kind: 'network', description: 'channel stopped' });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.jobs.length > 0 && !this.closed) {
        const job = this.jobs[0]!;
        if (this.sentToday() >= this.opts.dailyCap) {
          this.jobs.shift();
          const now = this.now();
          const nextDay = Math.floor((now + VN_OFFSET_MS) / DAY_MS + 1) * DAY_MS - VN_OFFSET_MS;
          job.resolve({
            ok: false,
            kind: 'quota',
            description: `daily cap of ${this.opts.dailyCap} messages reached`,
            retryAfterMs: nextDay - now,
          });
          continue;
        }
        const jitter = Math.floor(
          (this.opts.random ?? Math.random)() * (this.opts.jitterMs ?? this.opts.minIntervalMs / 4),
        );
        const wait = this.lastAt + this.opts.minIntervalMs + jitter - this.now();
        if (wait > 0) {
          await new Promise<void>((r) => {
            this.wake = r;
            this.timer = setTimeout(r, wait);
          });
          if (this.closed) break;
        }
        this.jobs.shift();
        this.count();
        this.lastAt = this.now();
        let r: SendResult;
        try {
          r = await job.task();
        } catch (err) {
          r = { ok: false, kind: 'network', description: (err as Error).message };
        }
        job.resolve(r);
      }
    } finally {
      this.running = false;
    }
  }

  private count(): void {
    this.opts.db
      .prepare(
        `INSERT INTO zalo_send_counter (channel, day, count) VALUES (?, ?, 1)
         ON CONFLICT (channel, day) DO UPDATE SET count = zalo_send_counter.count + 1`,
      )
      .run(this.opts.key, vnDay(this.now()));
  }
}
