import { afterEach, describe, expect, it } from 'vitest';
import { adminHandles } from '../../src/admin/plugin.js';
import { NewsPlanReminder } from '../../src/admin/news-reminder.js';
import { makeTestApp, replyText, type TestApp } from './helpers.js';

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (y: number, m: number, d: number, h = 9) => Date.UTC(y, m - 1, d, h - 7);
let t: TestApp;
afterEach(async () => t?.close());

/** Records one CCHC news item sent to one subscriber at `at`. */
function sentCchcNews(at: number): void {
  const db = t.app.db;
  const a = db
    .prepare(
      `INSERT INTO ann_announcements (body, audience, schedule_kind, status, created_at, updated_at) VALUES ('b', ?, 'now', 'done', 0, 0)`,
    )
    .run(JSON.stringify({ kind: 'topic', topic: 'cchc' })).lastInsertRowid;
  const j = db
    .prepare(
      `INSERT INTO ann_jobs (announcement_id, run_at, status, content, started_at) VALUES (?, ?, 'done', 'c', ?)`,
    )
    .run(a, at, at).lastInsertRowid;
  db.prepare(`INSERT INTO ann_outbox (job_id, channel, chat_id, status) VALUES (?, 'telegram', 'r1', 'sent')`).run(j);
}

describe('monthly CCHC news plan reminder', () => {
  const env = { ADMIN_IDS: 'telegram:admin1', STAFF_CHAT: 'telegram:-100200', REPORT_TARGET_CCHC_NEWS_PER_MONTH: '2' };

  it('reminds the staff chat once, a week before the month ends, when the target is not met', async () => {
    t = await makeTestApp(env);
    const reminder = new NewsPlanReminder({ env: adminHandles(t.app)!.env, target: 2 });
    sentCchcNews(vn(2026, 12, 3));
    expect(await reminder.check(vn(2026, 12, 20))).toBe(false); // eleven days left: too early
    expect(await reminder.check(vn(2026, 12, 25))).toBe(true);
    const sent = t.fakes.get('telegram')!.sent;
    expect(sent.map((s) => s.chatId)).toEqual(['-100200']);
    expect(replyText(sent[0]!.reply)).toContain('Tháng 12/2026: mới gửi 1/2 tin CCHC theo kế hoạch.');
    expect(replyText(sent[0]!.reply)).toContain('cần thêm 1 tin');
    expect(await reminder.check(vn(2026, 12, 27))).toBe(false); // once a month
    expect(sent).toHaveLength(1);
  });

  it('says nothing when the month already has its news, and counts last month apart', async () => {
    t = await makeTestApp(env);
    const reminder = new NewsPlanReminder({ env: adminHandles(t.app)!.env, target: 2 });
    sentCchcNews(vn(2026, 11, 28)); // November: does not count for December
    sentCchcNews(vn(2026, 12, 2));
    sentCchcNews(vn(2026, 12, 9));
    expect(await reminder.check(vn(2026, 12, 26))).toBe(false);
    expect(t.fakes.get('telegram')!.sent).toHaveLength(0);
  });
});
