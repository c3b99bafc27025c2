/**
 * The personal data in the tables of the core and the channels, which belong
 * to no plugin (see storage/personal.ts): the question log, 👍/👎 votes,
 * sessions, the reply outbox, the web inbox, Zalo's numbered choices and the
 * Zalo OA follower records.
 *
 * @example
 * ```ts
 * baseData.erase(db, { channel: 'telegram', userId: '42', userHash }, 'anon-1f2e3d4c', Date.now());
 * baseData.purge!(db, { feedback: 365, handoff: 365, questions: 365, quiz: 90 }, Date.now());
 * ```
 */
import { OUTBOX_MAX_AGE_MS } from '../channels/shared/outbox.js';
import { INBOX_TTL_MS } from '../channels/web/inbox.js';
import { SESSION_TTL_MS } from '../core/session.js';
import type { Db } from '../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart, TableCounts } from '../storage/personal.js';

const DAY = 86_400_000;
/** Zalo counts promotion messages per person per month: older rows are of no use. */
const PROMOTION_DAYS = 40;
/** How many of the latest questions an export lists. */
const LAST_QUESTIONS = 10;

function exportBase(db: Db, who: DataSubject): ExportSection[] {
  const n = (db.prepare('SELECT COUNT(*) AS n FROM questions WHERE user_hash = ?').get(who.userHash) as { n: number })
    .n;
  const last = db
    .prepare('SELECT ts, normalized FROM questions WHERE user_hash = ? ORDER BY id DESC LIMIT ?')
    .all(who.userHash, LAST_QUESTIONS) as { ts: number; normalized: string }[];
  const votes = db
    .prepare('SELECT entry_id, helpful, ts FROM answer_feedback WHERE user_hash = ? ORDER BY ts')
    .all(who.userHash) as { entry_id: string | null; helpful: number; ts: number }[];
  const sessions = (
    db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE channel = ? AND user_id = ?').get(who.channel, who.userId) as {
      n: number;
    }
  ).n;
  const questions = n === 0 ? [] : [`Số câu hỏi đã lưu: ${n} (không kèm tên, số điện thoại)`];
  for (const q of last) questions.push(`${day(q.ts)}: ${q.normalized}`);
  return [
    { heading: 'Câu hỏi', items: questions },
    {
      heading: 'Đánh giá câu trả lời',
      items: votes.map(
        (v) => `${day(v.ts)}: ${v.helpful ? '👍 hữu ích' : '👎 chưa hữu ích'} (${v.entry_id ?? 'không rõ mục'})`,
      ),
    },
    { heading: 'Cuộc trò chuyện đang dở', items: sessions > 0 ? ['Có (tự xoá sau 24 giờ không nhắn)'] : [] },
  ];
}

function eraseBase(db: Db, who: DataSubject, anon: string): TableCounts {
  const { channel, userId, userHash } = who;
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes;
  return {
    questions: run('UPDATE questions SET user_hash = ? WHERE user_hash = ?', anon, userHash),
    answer_feedback: run('UPDATE answer_feedback SET user_hash = ? WHERE user_hash = ?', anon, userHash),
    sessions: run('DELETE FROM sessions WHERE channel = ? AND (user_id = ? OR chat_id = ?)', channel, userId, userId),
    reply_outbox: run('DELETE FROM reply_outbox WHERE channel = ? AND chat_id = ?', channel, userId),
    web_inbox: channel === 'web' ? run('DELETE FROM web_inbox WHERE session = ?', userId) : 0,
    zalo_choices: run('DELETE FROM zalo_choices WHERE channel = ? AND chat_id = ?', channel, userId),
    zalo_oa_followers: channel === 'zalo-oa' ? run('DELETE FROM zalo_oa_followers WHERE user_id = ?', userId) : 0,
    zalo_oa_promotions: channel === 'zalo-oa' ? run('DELETE FROM zalo_oa_promotions WHERE user_id = ?', userId) : 0,
  };
}

function purgeBase(db: Db, days: { questions: number }, now: number): TableCounts {
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes;
  const old = now - days.questions * DAY;
  return {
    sessions: run('DELETE FROM sessions WHERE updated_at < ?', now - SESSION_TTL_MS),
    questions: run(`UPDATE questions SET user_hash = 'purged' WHERE ts < ? AND user_hash <> 'purged'`, old),
    answer_feedback: run(
      `UPDATE answer_feedback SET user_hash = 'purged-' || rowid WHERE ts < ? AND user_hash NOT LIKE 'purged-%'`,
      old,
    ),
    reply_outbox: run('DELETE FROM reply_outbox WHERE created_at < ?', now - OUTBOX_MAX_AGE_MS),
    web_inbox: run('DELETE FROM web_inbox WHERE ts < ?', now - INBOX_TTL_MS),
    zalo_choices: run('DELETE FROM zalo_choices WHERE ts < ?', now - SESSION_TTL_MS),
    zalo_oa_followers: run('DELETE FROM zalo_oa_followers WHERE unfollowed_at < ?', old),
    zalo_oa_promotions: run('DELETE FROM zalo_oa_promotions WHERE sent_at < ?', now - PROMOTION_DAYS * DAY),
  };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The core's and the channels' {@link PersonalDataPart}. */
export const baseData: PersonalDataPart = {
  name: 'core',
  tables: [
    'questions',
    'answer_feedback',
    'sessions',
    'reply_outbox',
    'web_inbox',
    'zalo_choices',
    'zalo_oa_followers',
    'zalo_oa_promotions',
  ],
  export: exportBase,
  erase: eraseBase,
  purge: purgeBase,
};
