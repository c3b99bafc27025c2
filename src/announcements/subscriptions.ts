/**
 * Subscriptions per channel and chat, with topics. Unsubscribing always
 * works; a chat that blocked the bot is marked inactive and skipped.
 */
import type { Db } from '../storage/db.js';
import type { ChannelName } from '../core/types.js';
import { DEFAULT_TOPICS, oaArticleChat, type Audience, type ChatRef } from './model.js';

/** Status of a subscription. */
export type SubscriptionStatus = 'active' | 'unsubscribed' | 'blocked' | 'unreachable';

/** A subscription as stored. */
export interface Subscription {
  channel: ChannelName;
  chatId: string;
  isGroup: boolean;
  status: SubscriptionStatus;
  topics: string[];
}

/** A recipient of a broadcast. */
export interface Recipient extends ChatRef {
  isGroup: boolean;
}

/** Subscription storage. */
export class Subscriptions {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** The subscription of a chat, or undefined. */
  get(channel: string, chatId: string): Subscription | undefined {
    const row = this.db
      .prepare('SELECT channel, chat_id, is_group, status FROM ann_subscriptions WHERE channel = ? AND chat_id = ?')
      .get(channel, chatId) as
      | { channel: ChannelName; chat_id: string; is_group: number; status: SubscriptionStatus }
      | undefined;
    if (!row) return undefined;
    const topics = (
      this.db
        .prepare('SELECT topic FROM ann_topics WHERE channel = ? AND chat_id = ? ORDER BY topic')
        .all(channel, chatId) as {
        topic: string;
      }[]
    ).map((r) => r.topic);
    return { channel: row.channel, chatId: row.chat_id, isGroup: row.is_group === 1, status: row.status, topics };
  }

  /**
   * Subscribes a chat (re-activating it) and adds topics; with no topics and
   * no existing ones, the default topics are used. Returns the subscription.
   */
  subscribe(channel: ChannelName, chatId: string, isGroup: boolean, topics: readonly string[] = []): Subscription {
    const t = this.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO ann_subscriptions (channel, chat_id, is_group, status, subscribed_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)
           ON CONFLICT (channel, chat_id) DO UPDATE SET status = 'active', is_group = excluded.is_group, last_error = NULL,
             subscribed_at = CASE WHEN ann_subscriptions.status = 'active' THEN ann_subscriptions.subscribed_at ELSE excluded.subscribed_at END, updated_at = excluded.updated_at`,
        )
        .run(channel, chatId, isGroup ? 1 : 0, t, t);
      const have = this.db
        .prepare('SELECT COUNT(*) AS n FROM ann_topics WHERE channel = ? AND chat_id = ?')
        .get(channel, chatId) as {
        n: number;
      };
      const add = topics.length > 0 ? topics : have.n === 0 ? DEFAULT_TOPICS : [];
      const ins = this.db.prepare('INSERT OR IGNORE INTO ann_topics (channel, chat_id, topic) VALUES (?, ?, ?)');
      for (const topic of add) ins.run(channel, chatId, topic);
    })();
    return this.get(channel, chatId)!;
  }

  /** Removes one topic; the subscription stays. Returns false if it was not there. */
  removeTopic(channel: string, chatId: string, topic: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM ann_topics WHERE channel = ? AND chat_id = ? AND topic = ?')
        .run(channel, chatId, topic).changes > 0
    );
  }

  /** Unsubscribes a chat from everything. Returns false if it was not subscribed. */
  unsubscribe(channel: string, chatId: string): boolean {
    const r = this.db
      .prepare(
        `UPDATE ann_subscriptions SET status = 'unsubscribed', updated_at = ? WHERE channel = ? AND chat_id = ? AND status = 'active'`,
      )
      .run(this.now(), channel, chatId);
    this.db.prepare('DELETE FROM ann_topics WHERE channel = ? AND chat_id = ?').run(channel, chatId);
    return r.changes > 0;
  }

  /** Marks a chat inactive after the channel said it blocked the bot or is gone. */
  markInactive(channel: string, chatId: string, status: 'blocked' | 'unreachable', reason: string): void {
    this.db
      .prepare(
        `UPDATE ann_subscriptions SET status = ?, last_error = ?, updated_at = ? WHERE channel = ? AND chat_id = ? AND status = 'active'`,
      )
      .run(status, reason.slice(0, 200), this.now(), channel, chatId);
  }

  /** Active recipients of an audience, in a stable order. */
  recipients(audience: Audience): Recipient[] {
    // One broadcast reaches every OA follower, subscribed here or not.
    if (audience.kind === 'oa_article')
      return [{ channel: 'zalo-oa', chatId: oaArticleChat(audience.articleId), isGroup: false }];
    type Row = { channel: ChannelName; chat_id: string; is_group: number };
    let rows: Row[];
    if (audience.kind === 'all') {
      rows = this.db
        .prepare(
          `SELECT channel, chat_id, is_group FROM ann_subscriptions WHERE status = 'active' ORDER BY channel, chat_id`,
        )
        .all() as Row[];
    } else if (audience.kind === 'topic') {
      rows = this.db
        .prepare(
          `SELECT s.channel, s.chat_id, s.is_group FROM ann_subscriptions s
           JOIN ann_topics t ON t.channel = s.channel AND t.chat_id = s.chat_id
           WHERE s.status = 'active' AND t.topic = ? ORDER BY s.channel, s.chat_id`,
        )
        .all(audience.topic) as Row[];
    } else {
      const q = this.db.prepare(
        `SELECT channel, chat_id, is_group FROM ann_subscriptions WHERE channel = ? AND chat_id = ? AND status = 'active'`,
      );
      rows = audience.chats
        .map((c) => q.get(c.channel, c.chatId) as Row | undefined)
        .filter((r): r is Row => r !== undefined);
    }
    return rows.map((r) => ({ channel: r.channel, chatId: r.chat_id, isGroup: r.is_group === 1 }));
  }

  /** Active group chats (for choosing groups as an audience). */
  groups(): Recipient[] {
    return (
      this.db
        .prepare(
          `SELECT channel, chat_id FROM ann_subscriptions WHERE status = 'active' AND is_group = 1 ORDER BY channel, chat_id`,
        )
        .all() as { channel: ChannelName; chat_id: string }[]
    ).map((r) => ({ channel: r.channel, chatId: r.chat_id, isGroup: true }));
  }

  /** Number of active subscriptions per topic (for staff). */
  counts(): { active: number; byTopic: Record<string, number> } {
    const active = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM ann_subscriptions WHERE status = 'active'`).get() as { n: number }
    ).n;
    const byTopic: Record<string, number> = {};
    for (const r of this.db
      .prepare(
        `SELECT t.topic, COUNT(*) AS n FROM ann_topics t JOIN ann_subscriptions s ON s.channel = t.channel AND s.chat_id = t.chat_id
         WHERE s.status = 'active' GROUP BY t.topic`,
      )
      .all() as { topic: string; n: number }[])
      byTopic[r.topic] = r.n;
    return { active, byTopic };
  }
}
