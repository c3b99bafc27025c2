/**
 * The reply outbox: a multi-part reply (Telegram HTML parts, Zalo text
 * chunks) is recorded before sending, each delivered part is counted, and
 * the row is removed once the reply is whole. After a crash (kill -9), a
 * channel's start sends the parts still missing, in order, so a resident
 * never keeps half an answer without its source line.
 *
 * Rows hold the reply (knowledge text, never the resident's message) and
 * live only until sent, or `maxAgeMs` at most.
 */
import type { Logger } from 'pino';
import type { PartProgress, Reply, SendResult } from '../../core/types.js';
import type { Db, Migration } from '../../storage/db.js';
import { isAbandoned, thisWorker, type WorkerIdentity } from '../../storage/workers.js';

export const outboxMigrations: Migration[] = [
  {
    id: 'outbox/001-reply-outbox',
    up: `CREATE TABLE reply_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      reply TEXT NOT NULL,
      sent INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX reply_outbox_channel ON reply_outbox (channel, id);`,
  },
  {
    // Several processes share one database: the one that records a reply delivers it.
    id: 'outbox/002-owner',
    up: 'ALTER TABLE reply_outbox ADD COLUMN owner TEXT;',
  },
];

/** Replies older than this are not resumed after a restart (default 1 hour). */
export const OUTBOX_MAX_AGE_MS = 60 * 60 * 1000;

/** How often a running process looks for replies left by another one that stopped since (default 30 s). */
export const OUTBOX_SWEEP_MS = 30_000;

/** A reply recorded by a process on another host is taken over when it is older than this. */
export const REPLY_LEASE_MS = 2 * 60 * 1000;

/** Sends one reply to a chat, from part `parts.skip` on. */
export type PartSender = (chatId: string, reply: Reply, parts: PartProgress) => Promise<SendResult>;

interface Row {
  id: number;
  chat_id: string;
  reply: string;
  sent: number;
  owner: string | null;
  created_at: number;
}

/**
 * One channel's outbox (statements prepared once).
 *
 * @example
 * ```ts
 * const outbox = new ReplyOutbox(db, 'zalo-bot');
 * // On start: finish the multi-part replies a restart cut off.
 * await outbox.resume((chatId, reply, parts) => channel.send(chatId, reply, { parts }), log);
 * const ids = outbox.open(chatId, replies); // then send each with outbox.progress(id), and outbox.close(id)
 * ```
 */
export class ReplyOutbox {
  private readonly insert;
  private readonly advance;
  private readonly remove;
  private readonly listPending;
  private readonly prune;
  private readonly takeOver;

  constructor(
    db: Db,
    readonly channel: string,
    private readonly now: () => number = Date.now,
    /** The process that records and delivers replies through this outbox. */
    private readonly worker: WorkerIdentity = thisWorker(),
  ) {
    this.insert = db.prepare(
      'INSERT INTO reply_outbox (channel, chat_id, reply, created_at, owner) VALUES (?, ?, ?, ?, ?)',
    );
    this.advance = db.prepare('UPDATE reply_outbox SET sent = ? WHERE id = ? AND sent < ?');
    this.remove = db.prepare('DELETE FROM reply_outbox WHERE id = ?');
    // Rows of this process's own turns (in flight) are never resumed, nor those of another live process.
    this.listPending = db.prepare(
      `SELECT id, chat_id, reply, sent, owner, created_at FROM reply_outbox
         WHERE channel = ? AND created_at >= ? AND owner IS NOT ? ORDER BY id`,
    );
    this.takeOver = db.prepare('UPDATE reply_outbox SET owner = ? WHERE id = ? AND owner IS ?');
    this.prune = db.prepare('DELETE FROM reply_outbox WHERE channel = ? AND created_at < ?');
    this.openAll = db.transaction((chatId: string, replies: readonly Reply[]) => {
      const at = this.now();
      return replies.map((r) =>
        Number(this.insert.run(this.channel, chatId, JSON.stringify(r), at, this.worker.id).lastInsertRowid),
      );
    });
  }

  private readonly openAll: (chatId: string, replies: readonly Reply[]) => number[];
  private resumed = false;
  private sweeper: NodeJS.Timeout | undefined;

  /** Records the replies of one turn (one transaction); returns their row ids, in order. */
  open(chatId: string, replies: readonly Reply[]): number[] {
    return replies.length === 0 ? [] : this.openAll(chatId, replies);
  }

  /** The progress hook of a recorded reply that has sent `skip` parts. */
  progress(id: number, skip = 0): PartProgress {
    return { skip, sent: (i) => void this.advance.run(i + 1, id, i + 1) };
  }

  /** Forgets a reply: sent whole, or given up (a failed send is not retried). */
  close(id: number): void {
    this.remove.run(id);
  }

  /**
   * Sends what is missing of the replies recorded less than `maxAgeMs` ago
   * by a process that stopped (of this host), or longer than
   * {@link REPLY_LEASE_MS} ago (of another host), oldest first; older ones
   * are dropped. Each is taken over first, so of several processes only one
   * sends it. Runs at the first start; then, every `sweepMs`, again for what
   * another process sharing the database left when it stopped, until
   * {@link ReplyOutbox.stop}. Returns how many replies the first run completed.
   */
  async resume(
    send: PartSender,
    log: Logger,
    maxAgeMs = OUTBOX_MAX_AGE_MS,
    sweepMs = OUTBOX_SWEEP_MS,
  ): Promise<number> {
    if (this.resumed) return 0;
    this.resumed = true;
    const done = await this.sweep(send, log, maxAgeMs);
    if (!this.sweeper && sweepMs > 0) {
      this.sweeper = setInterval(() => {
        this.sweep(send, log, maxAgeMs).catch((err: unknown) =>
          log.warn({ channel: this.channel, error: String((err as Error)?.message ?? err) }, 'reply sweep failed'),
        );
      }, sweepMs);
      this.sweeper.unref();
    }
    return done;
  }

  /** Stops the periodic sweep. */
  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private async sweep(send: PartSender, log: Logger, maxAgeMs: number): Promise<number> {
    const since = this.now() - maxAgeMs;
    this.prune.run(this.channel, since);
    const stale = this.now() - REPLY_LEASE_MS;
    const rows = (this.listPending.all(this.channel, since, this.worker.id) as Row[]).filter(
      (r) =>
        isAbandoned(r.owner, this.worker, r.created_at < stale) &&
        this.takeOver.run(this.worker.id, r.id, r.owner).changes === 1,
    );
    const failedChats = new Set<string>();
    let done = 0;
    for (const row of rows) {
      if (failedChats.has(row.chat_id)) {
        this.close(row.id);
        continue;
      }
      const r = await send(row.chat_id, JSON.parse(row.reply) as Reply, this.progress(row.id, row.sent)).catch(
        (err: unknown): SendResult => ({
          ok: false,
          kind: 'network',
          description: String((err as Error)?.message ?? err),
        }),
      );
      this.close(row.id);
      if (r.ok) done++;
      else failedChats.add(row.chat_id);
    }
    if (rows.length > 0)
      log.info({ channel: this.channel, replies: rows.length, completed: done }, 'unfinished replies resumed');
    return done;
  }
}
