/**
 * The broadcast worker: one lane per channel claims outbox rows, waits for
 * that channel's rate limits, sends through `Channel.send` and marks each row
 * as soon as its send returns (claim → send → mark; the successes of one turn
 * are written together, and a send keeps its slot until its row is written).
 * At most `concurrency` sends are in flight or unmarked across all lanes,
 * which bounds the duplicates a `kill -9` can cause. 429 with retry-after pauses the whole job (persisted).
 */
import type { Logger } from 'pino';
import type { Channel, ChannelName, SendResult } from '../core/types.js';
import { TickLoop, Waker, type Clock } from './clock.js';
import { type FailureDeps, recordFailure } from './failures.js';
import { ChannelLimiter, windowOpensAt, type ChannelPolicy } from './limits.js';
import type { Job, Outbox, OutboxRow } from './outbox.js';
import { Semaphore } from './semaphore.js';
import type { Subscriptions } from './subscriptions.js';

/** Longest time between two heartbeats (lease renewal, rows of stopped processes taken back). */
const HEARTBEAT_MS = 5000;

/** Options of the {@link BroadcastWorker}. */
export interface WorkerOptions {
  outbox: Outbox;
  subscriptions: Subscriptions;
  /** The app's channels (read when the worker starts). */
  channels: ReadonlyMap<ChannelName, Channel>;
  policies: Record<ChannelName, ChannelPolicy>;
  clock: Clock;
  log: Logger;
  tz: string;
  /** Hashes a chat id for log lines. */
  hashUser: (channel: string, id: string) => string;
  /** Sends in flight at most, over all channels. */
  concurrency: number;
  /** Attempts before a transient failure is final. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A send that takes longer counts as a network failure. */
  sendTimeoutMs?: number;
  /** How long a job pauses after an authorization failure. */
  authPauseMs?: number;
  /** Longest idle sleep between looks at the outbox. */
  idleMs?: number;
}

/** Sends the outbox. */
export class BroadcastWorker {
  private readonly sem: Semaphore;
  private readonly jobs = new Map<number, Job>();
  private readonly limiters = new Map<string, ChannelLimiter>();
  private readonly wakers: Waker[] = [];
  private lanes: Promise<void>[] = [];
  private stopping = false;
  private readonly stopCtrl = new AbortController();
  private readonly o: Required<Omit<WorkerOptions, 'log'>> & { log: Logger };
  /** Successful sends not yet written, each still holding its slot (see {@link flushMarks}). */
  private marks: { id: number; messageId?: string | undefined }[] = [];
  private flushQueued = false;
  private readonly failureDeps: FailureDeps;
  /** Renews this process's leases and takes back rows of processes that died. */
  private readonly heartbeat: TickLoop;

  constructor(opts: WorkerOptions) {
    this.o = {
      maxAttempts: 5,
      backoffBaseMs: 2000,
      backoffMaxMs: 10 * 60_000,
      sendTimeoutMs: 30_000,
      authPauseMs: 5 * 60_000,
      idleMs: 1000,
      ...opts,
    };
    this.sem = new Semaphore(opts.concurrency);
    this.failureDeps = { ...this.o, limiter: (channel) => this.limiters.get(channel) };
    this.heartbeat = new TickLoop(
      this.o.clock,
      () => this.beat(),
      // Often enough that a stopped process's rows return within seconds (this host's are told at once).
      Math.max(250, Math.min(HEARTBEAT_MS, this.o.outbox.leaseMs / 4)),
      (err) => this.o.log.error({ err }, 'broadcast heartbeat failed'),
    );
  }

  /** One heartbeat: keep what this process holds, take back what a stopped one left. */
  private beat(): void {
    this.o.outbox.renewLeases();
    const recovered = this.o.outbox.recoverAbandoned();
    if (recovered > 0) {
      this.o.log.warn({ recovered }, 'outbox rows left in flight by a stopped process were requeued');
      this.wake();
    }
  }

  /**
   * Starts the heartbeat, whose first beat (before any lane claims) takes back
   * the rows a stopped process left in flight, then one lane per channel.
   */
  start(): void {
    this.stopping = false;
    this.heartbeat.start();
    for (const [name, ch] of this.o.channels) {
      const waker = new Waker(this.o.clock);
      this.wakers.push(waker);
      this.lanes.push(this.lane(name, ch, waker));
    }
  }

  /** Ends the idle sleep of every lane (a job was created or resumed). */
  wake(): void {
    for (const w of this.wakers) w.wake();
  }

  /** Forgets cached job state (after a cancel or an edit from elsewhere). */
  forgetJob(jobId: number): void {
    this.jobs.delete(jobId);
  }

  /** Stops taking rows, lets in-flight sends finish and releases claimed rows. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopCtrl.abort();
    this.wake();
    await this.heartbeat.stop();
    await Promise.all(this.lanes);
    await this.sem.idle();
    this.flushMarks();
    this.lanes = [];
  }

  /**
   * Writes pending "sent" marks in one transaction, then frees their slots: a
   * successful send holds its slot until its row is durably marked, so the
   * rows in flight or sent but not yet marked never exceed the concurrency,
   * and the marks of all sends that ended in one turn share one write.
   */
  private flushMarks(): void {
    if (this.marks.length === 0) return;
    const m = this.marks;
    this.marks = [];
    try {
      this.o.outbox.markSentMany(m);
    } finally {
      for (let i = 0; i < m.length; i++) this.sem.release();
    }
  }

  private job(id: number): Job | undefined {
    let j = this.jobs.get(id);
    if (!j) {
      j = this.o.outbox.job(id);
      if (j) this.jobs.set(id, j);
    }
    return j;
  }

  private async lane(name: ChannelName, ch: Channel, waker: Waker): Promise<void> {
    const { outbox, clock } = this.o;
    const limiter = new ChannelLimiter(this.o.policies[name] ?? { rate: 5, burst: 1 }, clock.now());
    this.limiters.set(name, limiter);
    // About a second of sending: small enough that a cancel from another process stops soon.
    const batch = Math.min(200, Math.max(this.o.concurrency * 2, Math.ceil(limiter.policy.rate)));
    let buf: OutboxRow[] = [];
    let idle = true;
    try {
      while (!this.stopping) {
        if (buf.length === 0) {
          this.jobs.clear();
          buf = outbox.claim(name, batch);
          if (buf.length === 0) {
            idle = true;
            const due = outbox.nextDue(name);
            const wait = due === null ? this.o.idleMs : Math.min(this.o.idleMs, Math.max(1, due - clock.now()));
            await waker.wait(wait);
            continue;
          }
          // After a start, restart or pause, resume at the plain rate: no burst on top of what the service still counts.
          if (idle) limiter.pause(clock.now());
          idle = false;
        }
        const row = buf[0]!;
        const job = this.job(row.jobId);
        const now = clock.now();
        if (job?.status !== 'running') {
          buf.shift();
          outbox.release([row.id]);
          continue;
        }
        if (job.pausedUntil !== null && job.pausedUntil > now) {
          const mine = buf.filter((r) => r.jobId === job.id);
          buf = buf.filter((r) => r.jobId !== job.id);
          outbox.release(mine.map((r) => r.id));
          continue;
        }
        const win = job.promotional ? limiter.policy.promoWindow : undefined;
        const opens = win ? windowOpensAt(win, now, this.o.tz) : null;
        if (opens !== null) {
          buf.shift();
          outbox.retryAt(row.id, opens, 'night', false);
          continue;
        }
        const t = limiter.take(row.chatId, row.isGroup, now);
        if (!t.ok) {
          if (t.group) {
            buf.shift();
            outbox.retryAt(row.id, now + t.waitMs, null, false);
          } else {
            // Sleep for a few tokens at once when the bucket allows it: timers
            // are too coarse to wake once per token at hundreds per second.
            const batchMs = Math.min(5, (limiter.policy.burst * 1000) / limiter.policy.rate / 2);
            await clock.sleep(Math.max(t.waitMs, batchMs), this.stopCtrl.signal);
          }
          continue;
        }
        await this.sem.acquire();
        if (this.stopping || (job.pausedUntil !== null && job.pausedUntil > clock.now()) || job.status !== 'running') {
          this.sem.release();
          continue;
        }
        buf.shift();
        void this.sendOne(ch, row, job);
      }
    } finally {
      this.flushMarks();
      outbox.release(buf.map((r) => r.id));
    }
  }

  private async sendOne(ch: Channel, row: OutboxRow, job: Job): Promise<void> {
    let res: SendResult;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<SendResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, kind: 'network', description: 'timeout' }), this.o.sendTimeoutMs);
      });
      res = await Promise.race([
        ch.send(row.chatId, job.content, { purpose: 'announcement', promotional: job.promotional }),
        timeout,
      ]);
    } catch (err) {
      res = { ok: false, kind: 'network', description: (err as Error).message ?? 'error' };
    } finally {
      clearTimeout(timer);
    }
    this.record(row, job, res);
  }

  /** Records a send's result; its slot is freed once the result is written. */
  private record(row: OutboxRow, job: Job, res: SendResult): void {
    if (res.ok) {
      this.marks.push({ id: row.id, messageId: res.messageId });
      if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => {
          this.flushQueued = false;
          this.flushMarks();
        });
      }
      return;
    }
    try {
      recordFailure(this.failureDeps, row, job, res);
    } finally {
      this.sem.release();
    }
  }
}
