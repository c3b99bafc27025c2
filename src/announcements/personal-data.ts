/**
 * The announcements part's personal data (see storage/personal.ts): a
 * resident's subscription (their private chat id and topics) and the rows of
 * the broadcast outbox addressed to them.
 *
 * @example
 * ```ts
 * announcementsPersonalData.erase(db, who, 'anon-1f2e3d4c', Date.now()); // { ann_subscriptions: 1, ann_outbox: 3 }
 * ```
 */
import type { Db } from '../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart } from '../storage/personal.js';
import { TOPIC_CCHC, TOPIC_GENERAL } from './model.js';

/** A topic as residents read it (the commune's village names need the knowledge base: their id is shown). */
function topicName(topic: string): string {
  if (topic === TOPIC_GENERAL) return 'thông báo chung';
  if (topic === TOPIC_CCHC) return 'tin cải cách hành chính';
  return topic.replace(/^thon:/, 'thôn ');
}

const STATUS: Record<string, string> = {
  active: 'đang nhận',
  unsubscribed: 'đã hủy',
  blocked: 'đã chặn trợ lý',
  unreachable: 'không gửi được',
};

function exportSubscriptions(db: Db, who: DataSubject): ExportSection[] {
  const s = db
    .prepare('SELECT status, subscribed_at FROM ann_subscriptions WHERE channel = ? AND chat_id = ?')
    .get(who.channel, who.userId) as { status: string; subscribed_at: number } | undefined;
  const topics = (
    db
      .prepare('SELECT topic FROM ann_topics WHERE channel = ? AND chat_id = ? ORDER BY topic')
      .all(who.channel, who.userId) as {
      topic: string;
    }[]
  ).map((t) => topicName(t.topic));
  const sent = (
    db
      .prepare('SELECT COUNT(*) AS n FROM ann_outbox WHERE channel = ? AND chat_id = ?')
      .get(who.channel, who.userId) as {
      n: number;
    }
  ).n;
  const items: string[] = [];
  if (s) {
    const since = new Date(s.subscribed_at).toISOString().slice(0, 10);
    items.push(`Nhận thông báo: ${STATUS[s.status] ?? s.status}, từ ${since}`);
    items.push(`Chủ đề: ${topics.length > 0 ? topics.join(', ') : 'tất cả'}`);
  }
  if (sent > 0) items.push(`Số thông báo đã gửi tới bạn: ${sent}`);
  return [{ heading: 'Đăng ký nhận thông báo', items }];
}

function eraseSubscriptions(db: Db, who: DataSubject, anon: string): Record<string, number> {
  const subs = db
    .prepare('DELETE FROM ann_subscriptions WHERE channel = ? AND chat_id = ?')
    .run(who.channel, who.userId).changes;
  const pending = db
    .prepare(`DELETE FROM ann_outbox WHERE channel = ? AND chat_id = ? AND status IN ('pending', 'sending')`)
    .run(who.channel, who.userId).changes;
  // Sent and failed rows stay counted in their job's figures, without the chat id.
  const kept = db
    .prepare(`UPDATE ann_outbox SET chat_id = ? || '-' || id, message_id = NULL WHERE channel = ? AND chat_id = ?`)
    .run(anon, who.channel, who.userId).changes;
  return { ann_subscriptions: subs, ann_outbox: pending + kept };
}

/** Ended subscriptions and finished broadcast rows older than the retention lose their chat ids. */
function purgeSubscriptions(db: Db, days: number, now: number): Record<string, number> {
  const cutoff = now - days * 86_400_000;
  const subs = db
    .prepare(`DELETE FROM ann_subscriptions WHERE status <> 'active' AND updated_at < ?`)
    .run(cutoff).changes;
  const outbox = db
    .prepare(
      `UPDATE ann_outbox SET chat_id = 'purged-' || id, message_id = NULL
       WHERE status NOT IN ('pending', 'sending') AND job_id IN (SELECT id FROM ann_jobs WHERE started_at < ?) AND chat_id NOT LIKE 'purged-%' AND chat_id NOT LIKE 'anon-%'`,
    )
    .run(cutoff).changes;
  return { ann_subscriptions: subs, ann_outbox: outbox };
}

/** The announcements part's {@link PersonalDataPart}. */
export const announcementsPersonalData: PersonalDataPart = {
  name: 'announcements',
  tables: ['ann_subscriptions', 'ann_topics', 'ann_outbox'],
  export: exportSubscriptions,
  erase: (db, who, anon) => eraseSubscriptions(db, who, anon),
  purge: (db, days, now) => purgeSubscriptions(db, days.feedback, now),
};
