/**
 * Helpers for the announcement tests: a manual clock, a channel-neutral fake
 * channel (records what it is asked to send, answers what the test scripts)
 * and an engine over an in-memory database with a fixture knowledge base.
 */
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import type { Clock } from '../../src/announcements/clock.js';
import { Announcements, type AnnouncementsOptions } from '../../src/announcements/service.js';
import type { Channel, ChannelName, Reply, SendOptions, SendResult } from '../../src/core/types.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase, type Db } from '../../src/storage/db.js';

/** Knowledge folder with two villages and one declared announcement. */
export const KB_DIR = 'tests/announcements/fixtures/kb';

/** Lets pending promise chains and immediates run. */
export async function flush(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** A clock that only moves when the test says so. */
export class ManualClock implements Clock {
  private timers: { at: number; resolve: () => void }[] = [];
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }
  /** Moves time forward, waking sleepers in order and letting them run. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const next = this.timers.reduce<number | null>((m, x) => (m === null || x.at < m ? x.at : m), null);
      if (next === null || next > end) break;
      this.t = Math.max(this.t, next);
      const due = this.timers.filter((x) => x.at <= this.t);
      this.timers = this.timers.filter((x) => x.at > this.t);
      for (const d of due) d.resolve();
    }
    this.t = end;
    await flush();
  }
}

/** What a fake channel answers for one send. */
export type Responder = (chatId: string, attempt: number) => SendResult | Promise<SendResult>;

/** A channel-neutral fake: it speaks the `Channel` port, not a platform's wire format. */
export class FakeChannel implements Channel {
  readonly sent: { chatId: string; reply: Reply; at: number; opts?: SendOptions | undefined }[] = [];
  readonly edits: { chatId: string; messageId: string; reply: Reply }[] = [];
  private readonly attempts = new Map<string, number>();
  private seq = 0;
  responder: Responder = () => ({ ok: true });
  constructor(
    readonly name: ChannelName,
    private readonly clock: Clock,
    canEdit = true,
  ) {
    if (!canEdit) this.edit = undefined;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, reply: Reply, opts?: SendOptions): Promise<SendResult> {
    const n = (this.attempts.get(chatId) ?? 0) + 1;
    this.attempts.set(chatId, n);
    const r = await this.responder(chatId, n);
    if (r.ok) {
      const messageId = String(++this.seq);
      this.sent.push({ chatId, reply, at: this.clock.now(), opts });
      return { ok: true, messageId };
    }
    return r;
  }
  edit?: Channel['edit'] = async (chatId, messageId, reply) => {
    this.edits.push({ chatId, messageId, reply });
    return { ok: true, messageId };
  };
  /** Messages delivered to a chat. */
  to(chatId: string): Reply[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.reply);
  }
}

/** Announcement titles delivered to a chat, without the 📢 mark. */
export function titles(ch: FakeChannel, chatId: string): string[] {
  return ch.to(chatId).map((r) => (r.title ?? '').replace(/^📢 /, ''));
}

/** An engine over a database (new in-memory one by default). */
export function engine(
  clock: ManualClock,
  channels: FakeChannel[],
  opts: Partial<AnnouncementsOptions> & { db?: Db } = {},
): { ann: Announcements; db: Db; kb: KnowledgeStore } {
  const db = opts.db ?? openDatabase(':memory:', ALL_MIGRATIONS);
  const kb = KnowledgeStore.load(KB_DIR, silentLogger);
  const ann = new Announcements({
    db,
    log: silentLogger,
    channels: new Map(channels.map((c) => [c.name, c])),
    hashUser: (c, id) => `${c}#${id.length}`,
    clock,
    schedulerTickMs: 1000,
    progressTickMs: 1000,
    progressIntervalMs: 5000,
    worker: { idleMs: 1000, backoffBaseMs: 1000 },
    ...opts,
  });
  return { ann, db, kb };
}

/** Local time in Vietnam (UTC+7) as an instant. */
export function vn(y: number, mo: number, d: number, h: number, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h - 7, mi);
}
