/**
 * The resident conversation of a quiz, through the assistant: typed answers,
 * the village from a subscription, pausing and resuming, messages that are
 * not quiz answers, the attempt limit of a quiz that allows two, and staff
 * commands refused to residents.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import { renderPlainText } from '../../src/core/render-text.js';
import type { IncomingMessage } from '../../src/core/types.js';
import { silentLogger } from '../../src/log/index.js';
import { quizzesOf } from '../../src/quiz/plugin.js';
import { quizPersonalData } from '../../src/quiz/personal-data.js';
import { KB_DIR } from '../announcements/helpers.js';

const QUIZ = `quizzes:
  - id: thu
    title: Thi thử
    attempts: 2
    questions:
      - text: Thời hạn đăng ký khai sinh?
        options: [15 ngày, 30 ngày, 60 ngày, 90 ngày]
        answer: 3
        explanation: Trong 60 ngày kể từ ngày sinh.
        source: khai-sinh
      - text: Nơi nộp hồ sơ?
        options: [Bộ phận Một cửa, Chợ, Trường học, Bưu điện tỉnh]
        answer: 1
        explanation: Bộ phận Một cửa của xã.
        source: mot-cua
    lastVerified: 2026-12-01
  - id: thu-hai
    title: Thi thử lần hai
    askVillage: false
    questions:
      - text: Nơi nộp hồ sơ?
        options: [Bộ phận Một cửa, Chợ, Trường học, Bưu điện tỉnh]
        answer: 1
        explanation: Bộ phận Một cửa của xã.
        source: mot-cua
    tieBreak:
      text: Bạn đoán bao nhiêu người thi?
    lastVerified: 2026-12-01
`;

let app: App;
let now = 0;
beforeEach(async () => {
  now = Date.parse('2026-12-01T03:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'quiz-conv-'));
  cpSync(KB_DIR, dir, { recursive: true });
  mkdirSync(join(dir, 'quizzes'));
  writeFileSync(join(dir, 'quizzes', 'thu.yaml'), QUIZ);
  app = await createApp(
    parseConfig({
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      KNOWLEDGE_DIR: dir,
      USER_ID_SALT: 'quiz-test-salt-0123456',
      STAFF_IDS: 'console:staff',
    }),
    silentLogger,
    { now: () => now },
  );
  quizzesOf(app)!.open('thu', now - 3600_000, now + 86_400_000, 'test');
});
afterEach(async () => {
  await app.stop();
});

async function say(text: string, from: Partial<IncomingMessage> = {}): Promise<string[]> {
  const rs = await app.assistant.handle({ channel: 'console', userId: 'r1', chatId: 'r1', text, ...from });
  return rs.map((r) => renderPlainText(r));
}

describe('quiz conversation', () => {
  it('takes typed letters and numbers, and asks the village with a "prefer not to say" choice', async () => {
    const start = await say('/thi');
    expect(start[1]).toContain('Bạn ở thôn, tổ dân phố nào?');
    expect(start[1]).toContain('3. Không muốn trả lời');
    expect((await say('Thôn Tây'))[0]).toContain('Câu 1/2');
    const r = await say('c');
    expect(r[0]).toContain('Chính xác!');
    expect(r[0]).toContain('Nguồn: Cổng Dịch vụ công quốc gia');
    expect(r[1]).toContain('Câu 2/2');
    const end = await say('2');
    expect(end[0]).toContain('Chưa đúng. Đáp án đúng: A. Bộ phận Một cửa');
    expect(end[1]).toContain('Bạn trả lời đúng 1/2 câu.');
    const a = quizzesOf(app)!.store.allAttempts('thu');
    expect(a.map((x) => [x.village, x.answers, x.score, x.finishedAt !== null])).toEqual([
      ['thon-tay', [3, 2], 1, true],
    ]);
  });

  it('uses the village of the announcement subscription instead of asking', async () => {
    await say('/dangky thon-dong');
    const start = await say('/thi');
    expect(start.join('\n')).not.toContain('Bạn ở thôn');
    expect(start[1]).toContain('Câu 1/2');
    expect(quizzesOf(app)!.store.allAttempts('thu')[0]!.village).toBe('thon-dong');
  });

  it('answers another question normally, then resumes where the resident stopped; "dừng" pauses', async () => {
    await say('/thi');
    await say('/thi thu thon khong');
    await say('/thi thu 1 3');
    const other = await say('giờ làm việc của xã');
    expect(other.at(-1)).toBe('Bài thi của bạn đang tạm dừng. Gõ /thi để làm tiếp.');
    expect(other.join('\n')).not.toContain('Câu 2/2');
    // Once paused, a bare letter is a normal message again, not an answer.
    await say('a');
    expect(quizzesOf(app)!.store.allAttempts('thu')[0]!.answers).toEqual([3]);
    const resumed = await say('/thi');
    expect(resumed[0]).toContain('Bạn làm tiếp bài thi đang dở.');
    expect(resumed[1]).toContain('Câu 2/2');
    expect(await say('dừng')).toEqual(['Bạn đã tạm dừng bài thi. Gõ /thi để làm tiếp khi cuộc thi còn mở.']);
    // A pressed button still answers, and a repeated press is not counted twice.
    expect((await say('/thi thu 2 1'))[1]).toContain('Bạn trả lời đúng 2/2 câu.');
    expect(await say('/thi thu 2 1')).toEqual([
      'Bạn chưa bắt đầu hoặc đã hoàn thành cuộc thi này. Gõ /thi để xem các cuộc thi đang mở.',
    ]);
    expect(quizzesOf(app)!.store.allAttempts('thu')[0]!.score).toBe(2);
  });

  it('allows the number of attempts the quiz declares, then refuses', async () => {
    for (let i = 0; i < 2; i++) {
      await say('/thi thu');
      await say('/thi thu thon khong');
      await say('/thi thu 1 1');
      await say('/thi thu 2 1');
    }
    expect(await say('/thi')).toEqual(['Mỗi người được thi 2 lần, và bạn đã thi đủ. Điểm cao nhất của bạn: 1/2.']);
    expect(quizzesOf(app)!.store.allAttempts('thu')).toHaveLength(2);
  });

  it('refuses a closed quiz, group chats, and staff commands to residents', async () => {
    await say('/thi');
    await say('/thi thu thon khong');
    await say('/cuocthi dong thu', { userId: 'staff', chatId: 'staff' });
    expect(await say('/thi thu 1 3')).toEqual(['Cuộc thi này đã kết thúc. Cảm ơn bạn đã quan tâm.']);
    expect(await say('/thi', { chatId: 'g1', isGroup: true })).toEqual(['Bạn nhắn riêng cho trợ lý để dự thi nhé.']);
    const refused = await say('/cuocthi ketqua thu');
    expect(refused.join('\n')).not.toContain('Kết quả');
    now += 2 * 86_400_000;
    expect(await say('/thi')).toEqual(['Hiện chưa có cuộc thi nào đang mở. Cảm ơn bạn đã quan tâm.']);
  });

  it('erases who took a quiz QUIZ_RETENTION_DAYS after it ended, keeping village and score', async () => {
    await say('/thi');
    await say('/thi thu thon thon-dong');
    await say('/thi thu 1 3');
    await say('/thi thu 2 1');
    const svc = quizzesOf(app)!;
    // The privacy part's daily purge of every table runs this part's purge with QUIZ_RETENTION_DAYS.
    const days = { feedback: 365, handoff: 365, questions: 365, quiz: 90 };
    now += 80 * 86_400_000; // the quiz ended 79 days ago
    expect(quizPersonalData.purge!(app.db, days, now)).toEqual({ quiz_attempts: 0 });
    now += 20 * 86_400_000;
    expect(quizPersonalData.purge!(app.db, days, now)).toEqual({ quiz_attempts: 1 });
    expect(app.db.prepare('SELECT user_hash, chat_id, village, score FROM quiz_attempts').all()).toEqual([
      { user_hash: '', chat_id: '', village: 'thon-dong', score: 2 },
    ]);
    expect(svc.results(svc.quiz('thu')!).byVillage[0]).toMatchObject({
      village: 'thon-dong',
      finished: 1,
      averageScore: 2,
    });
  });

  it('lists the open quizzes when more than one is open, and asks the tie-break after the last question', async () => {
    quizzesOf(app)!.open('thu-hai', now - 1000, now + 86_400_000, 'test');
    const list = await app.assistant.handle({ channel: 'console', userId: 'r1', chatId: 'r1', text: '/thi' });
    expect(list[0]!.buttons).toEqual([
      { label: 'Thi thử', payload: '/thi thu' },
      { label: 'Thi thử lần hai', payload: '/thi thu-hai' },
    ]);
    const first = await say('/thi thu-hai');
    expect(first[1]).toContain('Câu 1/1'); // askVillage: false
    expect((await say('a'))[1]).toContain('Bạn đoán bao nhiêu người thi?');
    expect((await say('khoảng vài chục'))[0]).not.toContain('Bạn trả lời đúng');
    await say('/thi');
    await say('/thi thu-hai');
    expect((await say('1.200'))[0]).toContain('Bạn trả lời đúng 1/1 câu.');
    expect(quizzesOf(app)!.store.allAttempts('thu-hai')[0]!.tiebreak).toBe(1200);
  });
});
