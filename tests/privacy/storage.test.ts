/**
 * Where personal data may stay, and for how long: sessions expire and are
 * purged, the retention purge covers every table that holds some, and
 * deleted values are gone from the database file (secure_delete).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { ALL_PERSONAL_DATA } from '../../src/app/personal-data.js';
import { SESSION_TTL_MS, Sessions } from '../../src/core/session.js';
import { flushDeleted, PersonalDataService } from '../../src/privacy/service.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { cellsContaining, fileBytes } from './helpers.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);
const OLD = NOW - 400 * DAY;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileDb(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-db-'));
  dirs.push(dir);
  const path = join(dir, 'db.sqlite');
  return { db: openDatabase(path, ALL_MIGRATIONS), path };
}

/** One row in every table that holds personal data, written `at`, for the resident `u`. */
function seed(db: Db, u: string, at: number): void {
  const run = (sql: string, ...p: unknown[]) => db.prepare(sql).run(...p);
  const q = run(
    `INSERT INTO questions (ts, channel, user_hash, normalized, decision, answered, latency_ms) VALUES (?, 'telegram', ?, 'khai sinh', 'answer', 1, 1)`,
    at,
    `h-${u}`,
  ).lastInsertRowid;
  run(`INSERT INTO answer_feedback (question_id, user_hash, helpful, ts) VALUES (?, ?, 1, ?)`, q, `h-${u}`, at);
  run(
    `INSERT INTO sessions (channel, chat_id, user_id, data, updated_at) VALUES ('telegram', ?, ?, '{"feedback":{"content":"gopy ${u}"}}', ?)`,
    u,
    u,
    at,
  );
  run(`INSERT INTO reply_outbox (channel, chat_id, reply, created_at) VALUES ('telegram', ?, '{}', ?)`, u, at);
  run(`INSERT INTO web_inbox (session, reply, ts) VALUES (?, '{}', ?)`, u, at);
  run(`INSERT INTO zalo_choices (channel, chat_id, payloads, ts) VALUES ('zalo-bot', ?, '[]', ?)`, u, at);
  run(`INSERT INTO zalo_oa_followers (user_id, updated_at, unfollowed_at) VALUES (?, ?, ?)`, u, at, at);
  run(`INSERT INTO zalo_oa_promotions (user_id, sent_at) VALUES (?, ?)`, u, at);
  run(
    `INSERT INTO tickets (created_at, channel, user_hash, user_id, chat_id, name, phone, content, state) VALUES (?, 'telegram', ?, ?, ?, 'Tên ${u}', '0900${u}', 'nội dung ${u}', 'answered')`,
    at,
    `h-${u}`,
    u,
    u,
  );
  const h = run(
    `INSERT INTO handoffs (channel, chat_id, user_id, user_hash, user_name, state, requested_at, last_activity_at) VALUES ('telegram', ?, ?, ?, 'Tên ${u}', 'ended', ?, ?)`,
    u,
    u,
    `h-${u}`,
    at,
    at,
  ).lastInsertRowid;
  run(`INSERT INTO handoff_messages (handoff_id, ts, sender, text) VALUES (?, ?, 'resident', 'tin ${u}')`, h, at);
  run(
    `INSERT INTO ann_subscriptions (channel, chat_id, status, subscribed_at, updated_at) VALUES ('telegram', ?, 'unsubscribed', ?, ?)`,
    u,
    at,
    at,
  );
  const a = run(
    `INSERT INTO ann_announcements (body, audience, schedule_kind, status, created_at, updated_at) VALUES ('tin', 'all', 'now', 'done', ?, ?)`,
    at,
    at,
  ).lastInsertRowid;
  const j = run(
    `INSERT INTO ann_jobs (announcement_id, run_at, status, content, started_at) VALUES (?, ?, 'done', '{}', ?)`,
    a,
    at,
    at,
  ).lastInsertRowid;
  run(
    `INSERT INTO ann_outbox (job_id, channel, chat_id, status, updated_at) VALUES (?, 'telegram', ?, 'sent', ?)`,
    j,
    u,
    at,
  );
  run(
    `INSERT INTO quiz_periods (quiz_id, opens_at, closes_at, updated_at, updated_by) VALUES (?, ?, ?, ?, 'h-staff')`,
    `q-${at}`,
    at - DAY,
    at,
    at,
  );
  run(
    `INSERT INTO quiz_attempts (quiz_id, user_hash, channel, chat_id, village, score, total, started_at, finished_at) VALUES (?, ?, 'telegram', ?, 'thon-1', 3, 6, ?, ?)`,
    `q-${at}`,
    `h-${u}`,
    u,
    at,
    at,
  );
}

describe('retention', () => {
  it('purges every table holding personal data, and only what is older than its period', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    seed(db, '111111', OLD);
    seed(db, '222222', NOW - DAY / 24);
    const counts = new PersonalDataService(db, ALL_PERSONAL_DATA, () => NOW).purge({
      feedback: 365,
      handoff: 365,
      questions: 365,
      quiz: 90,
    });
    for (const part of ALL_PERSONAL_DATA)
      for (const table of part.tables.filter(
        (t) => !['ticket_ratings', 'audit_log', 'ann_topics', 'handoff_messages', 'privacy_notices'].includes(t),
      ))
        expect(counts[table], table).toBeGreaterThan(0);
    // Nothing of the old resident is left anywhere; the recent one is untouched.
    expect(cellsContaining(db, ['111111', 'h-111111'])).toEqual([]);
    expect(cellsContaining(db, ['222222']).length).toBeGreaterThan(8);
    // Figures stay: the old question, ticket and handoff rows are still counted.
    expect(db.prepare('SELECT COUNT(*) AS n FROM questions').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM ann_outbox').get()).toEqual({ n: 2 });
  });

  it("exports and erases a resident's quiz attempts, keeping the village and score for the figures", () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    seed(db, '333333', NOW - DAY);
    const svc = new PersonalDataService(db, ALL_PERSONAL_DATA, () => NOW);
    const who = { channel: 'telegram', userId: '333333', userHash: 'h-333333' };
    const quiz = svc.export(who).find((s) => s.heading.startsWith('Cuộc thi'));
    expect(quiz?.items[0]).toMatch(
      /^Cuộc thi q-\d+, mã dự thi \d+, ngày \d{4}-\d{2}-\d{2}: 3\/6 câu đúng, thôn thon-1$/,
    );
    svc.erase(who, 'desk');
    const row = db.prepare('SELECT user_hash, chat_id, village, score FROM quiz_attempts').get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ chat_id: '', village: 'thon-1', score: 3 });
    expect(String(row.user_hash)).toMatch(/^anon-/);
  });

  it('expires sessions: an abandoned /gopy is forgotten on the next message and purged anyway', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    let now = NOW;
    const sessions = new Sessions(db, () => now);
    const s = sessions.open('telegram', '5', '5');
    s.set('feedback', { step: 'phone', content: 'ổ gà đường thôn Đông' });
    s.save();
    sessions.open('telegram', '6', '6').set('x', 1);
    now += SESSION_TTL_MS + 1;
    expect(sessions.open('telegram', '5', '5').get('feedback')).toBeUndefined();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE chat_id = '5'`).get()).toEqual({ n: 0 });
    db.prepare(
      `INSERT INTO sessions (channel, chat_id, user_id, data, updated_at) VALUES ('web', 'w', 'w', '{"a":1}', ?)`,
    ).run(NOW);
    new PersonalDataService(db, ALL_PERSONAL_DATA, () => now).purge({
      feedback: 365,
      handoff: 365,
      questions: 365,
      quiz: 90,
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });
});

describe('deleted data leaves the file', () => {
  const PHONE = '0987 654 321 999';

  it('with secure_delete, a deleted value is not in the database file or its WAL', () => {
    const { db, path } = fileDb();
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.prepare(
      `INSERT INTO sessions (channel, chat_id, user_id, data, updated_at) VALUES ('telegram', '9', '9', ?, ?)`,
    ).run(JSON.stringify({ feedback: { phone: PHONE } }), NOW);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileBytes(path).includes(Buffer.from(PHONE))).toBe(true);
    db.prepare('DELETE FROM sessions').run();
    flushDeleted(db);
    db.close();
    expect(fileBytes(path).includes(Buffer.from(PHONE))).toBe(false);
  });

  it('without it, SQLite would have left the value readable (what the pragma prevents)', () => {
    const { db, path } = fileDb();
    db.pragma('secure_delete = OFF');
    db.prepare(
      `INSERT INTO sessions (channel, chat_id, user_id, data, updated_at) VALUES ('telegram', '9', '9', ?, ?)`,
    ).run(JSON.stringify({ feedback: { phone: PHONE } }), NOW);
    db.prepare('DELETE FROM sessions').run();
    flushDeleted(db);
    db.close();
    expect(fileBytes(path).includes(Buffer.from(PHONE))).toBe(true);
  });
});
