import { afterEach, describe, expect, it } from 'vitest';
import { privacyPlugin } from '../../src/privacy/plugin.js';
import { retentionDays } from '../../src/privacy/retention.js';
import { intakeStart, parsePhone } from '../../src/admin/intake.js';
import { getTicket, purgeExpiredTickets } from '../../src/admin/tickets.js';
import { makeTestApp, memoryLogger, replyText, type TestApp } from './helpers.js';

const STAFF_CHAT = 'telegram:-100777';
const env = {
  ADMIN_IDS: 'telegram:admin1',
  STAFF_IDS: 'telegram:staff1,zalo-oa:staff2',
  STAFF_CHAT,
  FEEDBACK_RETENTION_DAYS: '30',
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('feedback intake triggers', () => {
  it('recognises /gopy, "phản ánh:" and "tôi muốn kiến nghị" but not questions about feedback', () => {
    expect(intakeStart('/gopy')).toEqual({ content: '' });
    expect(intakeStart('/gopy@xa_bot đường hỏng')).toEqual({ content: 'đường hỏng' });
    expect(intakeStart('Phản ánh: đèn đường thôn 3 hỏng')).toEqual({ content: 'đèn đường thôn 3 hỏng' });
    expect(intakeStart('phan anh : rac thai')).toEqual({ content: 'rac thai' });
    expect(intakeStart('Tôi muốn kiến nghị về việc cấp nước')).toEqual({ content: 'việc cấp nước' });
    expect(intakeStart('em muon gop y')).toEqual({ content: '' });
    expect(intakeStart('phản ánh kiến nghị ở đâu')).toBeUndefined();
    expect(intakeStart('phản ánh kiến nghị là gì')).toBeUndefined();
    expect(intakeStart('muốn gửi phản ánh thì làm sao')).toBeUndefined();
    expect(intakeStart('tôi muốn kiến nghị ở đâu')).toBeUndefined();
    expect(intakeStart('em muốn phản ánh thì phải làm thế nào ạ')).toBeUndefined();
    expect(intakeStart('làm giấy khai sinh cho con cần gì')).toBeUndefined();
    expect(intakeStart('/thutuc')).toBeUndefined();
  });

  it('parses Vietnamese phone numbers', () => {
    expect(parsePhone('0912 345 678')).toBe('0912345678');
    expect(parsePhone('+84 912.345.678')).toBe('0912345678');
    expect(parsePhone('12345')).toBeUndefined();
    expect(parsePhone('không')).toBeUndefined();
  });
});

describe('ticket round trip resident → staff → resident', () => {
  it('files, forwards, answers on the resident channel, and surveys by SIPAS factors', async () => {
    const mem = memoryLogger();
    t = await makeTestApp(env, { logger: mem.logger });
    const resident = { channel: 'zalo-bot' as const, id: 'r-42' };
    const ask = (text: string, extra = {}) =>
      t!.say(resident.channel, resident.id, text, { userName: 'Nguyễn Văn Tư', ...extra });

    let r = await ask('/gopy');
    expect(replyText(r[0]!)).toContain('nội dung phản ánh');
    r = await ask('ngắn');
    expect(replyText(r[0]!)).toContain('hơi ngắn');
    r = await ask('Đèn đường ở thôn Đông bị hỏng hai tuần nay, buổi tối rất tối');
    expect(replyText(r[0]!)).toContain('số điện thoại');
    r = await ask('12ab');
    expect(replyText(r[0]!)).toContain('chưa đúng');
    r = await ask('0912 345 678');
    expect(r[0]!.title).toBe('Đã nhận phản ánh số 1');

    const tk = getTicket(t.app.db, 1)!;
    expect(tk).toMatchObject({
      state: 'new',
      channel: 'zalo-bot',
      phone: '0912345678',
      name: 'Nguyễn Văn Tư',
      chatId: 'r-42',
    });
    expect(tk.content).toContain('thôn Đông');

    // Forwarded to the staff chat with content, phone and how to answer.
    const staffChat = t.fakes.get('telegram')!;
    const fwd = staffChat.textTo('-100777');
    expect(fwd).toContain('Phản ánh mới số 1');
    expect(fwd).toContain('thôn Đông');
    expect(fwd).toContain('0912345678');
    expect(fwd).toContain('/traloi 1');

    // Staff takes it (button payload), the resident is told.
    t.clock.now += 3_600_000;
    r = await t.say('telegram', 'staff1', '/xuly 1', { chatId: '-100777', isGroup: true, fromButton: true });
    expect(replyText(r[0]!)).toContain('Đã nhận xử lý phản ánh số 1');
    expect(getTicket(t.app.db, 1)!.state).toBe('in_progress');
    const residentCh = t.fakes.get('zalo-bot')!;
    expect(residentCh.textTo('r-42')).toContain('đang được cán bộ xã xử lý');

    // Staff answers from another channel; the answer reaches the resident on Zalo Bot.
    t.clock.now += 5 * 3_600_000;
    r = await t.say('zalo-oa', 'staff2', '/traloi 1 Xã đã cử người thay bóng đèn, tối nay sẽ sáng lại.');
    expect(replyText(r[0]!)).toContain('Đã gửi trả lời phản ánh số 1');
    const answered = getTicket(t.app.db, 1)!;
    expect(answered.state).toBe('answered');
    expect(answered.answeredAt! - answered.createdAt).toBe(6 * 3_600_000);
    expect(answered.delivered).toBe(true);
    const last = residentCh.sent.at(-1)!;
    expect(last.chatId).toBe('r-42');
    expect(replyText(last.reply)).toContain('thay bóng đèn');
    const survey = last.reply.buttons!.find((b) => b.label === 'Đánh giá')!;
    expect(survey.payload).toBe('/danhgia 1');

    // A second answer is refused politely.
    r = await t.say('telegram', 'staff1', '/traloi 1 lần nữa');
    expect(replyText(r[0]!)).toContain('đã được trả lời');

    // Somebody else cannot rate this ticket.
    r = await t.say('zalo-bot', 'other', '/danhgia 1', { fromButton: true });
    expect(replyText(r[0]!)).toContain('Không tìm thấy');

    // The resident rates 5 factors (one skipped).
    r = await ask(survey.payload, { fromButton: true });
    expect(r[0]!.title).toContain('Câu 1/5');
    for (const v of ['5', '4', 'bỏ qua', '3']) {
      r = await ask(v, { fromButton: true });
    }
    expect(r[0]!.title).toContain('Câu 5/5');
    r = await ask('5', { fromButton: true });
    expect(replyText(r[0]!)).toContain('Cảm ơn bạn đã đánh giá');
    const ratings = t.app.db
      .prepare('SELECT factor, score FROM ticket_ratings WHERE ticket_id = 1 ORDER BY factor')
      .all();
    expect(ratings).toEqual([
      { factor: 'access', score: 5 },
      { factor: 'feedback', score: 5 },
      { factor: 'procedure', score: 4 },
      { factor: 'result', score: 3 },
    ]);
    r = await ask('/danhgia 1');
    expect(replyText(r[0]!)).toContain('đã đánh giá');

    // Personal data and message text never reach the log.
    const log = mem.lines.join('');
    expect(log).toContain('feedback ticket created');
    for (const secret of ['0912345678', '0912 345 678', 'Nguyễn Văn Tư', 'thôn Đông', 'r-42', 'bóng đèn']) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('takes content from "phản ánh: …" in one message, skips the phone, and answers questions about feedback from the knowledge base', async () => {
    t = await makeTestApp(env);
    let r = await t.say('telegram', 'r1', 'Phản ánh: rác thải ở chợ xã không được thu gom');
    expect(replyText(r[0]!)).toContain('số điện thoại');
    r = await t.say('telegram', 'r1', 'bỏ qua', { fromButton: true });
    expect(r[0]!.title).toBe('Đã nhận phản ánh số 1');
    expect(getTicket(t.app.db, 1)).toMatchObject({ phone: null, content: 'rác thải ở chợ xã không được thu gom' });
    r = await t.say('telegram', 'r2', 'phản ánh kiến nghị ở đâu');
    expect(r[0]!.entryId).toBe('phan-anh-kien-nghi');
    // /huy cancels; a group chat is asked to write privately.
    await t.say('telegram', 'r3', '/gopy');
    r = await t.say('telegram', 'r3', '/huy');
    expect(replyText(r[0]!)).toContain('Đã hủy');
    r = await t.say('telegram', 'r4', '/gopy', { chatId: '-100555', isGroup: true });
    expect(replyText(r[0]!)).toContain('nhắn riêng');
    expect(getTicket(t.app.db, 2)).toBeUndefined();
  });

  it('tells staff when the answer could not be delivered', async () => {
    t = await makeTestApp(env);
    await t.say('zalo-oa', 'r1', 'phản ánh: cống thoát nước thôn 2 bị tắc');
    await t.say('zalo-oa', 'r1', 'bỏ qua');
    t.fakes.get('zalo-oa')!.result = { ok: false, kind: 'window_closed', description: 'outside the 48h window' };
    const r = await t.say('telegram', 'staff1', '/traloi 1 Đã thông cống.');
    expect(replyText(r[0]!)).toContain('chưa gửi được');
    expect(getTicket(t.app.db, 1)!.delivered).toBe(false);
  });
});

describe('retention of personal data', () => {
  it('erases names, phones, ids and texts after FEEDBACK_RETENTION_DAYS, keeping figures', async () => {
    t = await makeTestApp(env);
    const day = 86_400_000;
    await t.say('zalo-bot', 'old', 'phản ánh: đường liên thôn có ổ gà lớn', { userName: 'Bà Lan' });
    await t.say('zalo-bot', 'old', '0987654321');
    await t.say('telegram', 'staff1', '/traloi 1 Đã vá đường.');
    t.clock.now += 20 * day;
    await t.say('zalo-bot', 'new', 'phản ánh: cây đổ chắn đường thôn 5');
    await t.say('zalo-bot', 'new', '0911111111');

    // The privacy part's daily purge of every table erases old tickets (admin/personal-data.ts).
    const privacy = t.app.plugins.get(privacyPlugin)!;
    const days = retentionDays(t.app.config);
    const tickets = () => privacy.data.purge(days).tickets;
    expect(tickets()).toBe(0); // 20 days < 30
    t.clock.now += 11 * day; // ticket 1 is 31 days old, ticket 2 is 11 days old
    expect(tickets()).toBeGreaterThanOrEqual(1);
    const purged = getTicket(t.app.db, 1)!;
    expect(purged).toMatchObject({
      name: null,
      phone: null,
      userId: null,
      chatId: null,
      content: null,
      answer: null,
      state: 'answered',
    });
    expect(purged.purgedAt).toBe(t.clock.now);
    expect(getTicket(t.app.db, 2)).toMatchObject({ phone: '0911111111', content: 'cây đổ chắn đường thôn 5' });
    expect(tickets()).toBe(0);
    const raw = JSON.stringify(t.app.db.prepare('SELECT * FROM tickets WHERE id = 1').get());
    expect(raw).not.toContain('0987654321');
    expect(raw).not.toContain('Bà Lan');
    // The daily service runs at start and then on its interval.
    t.clock.now += 30 * day;
    privacy.purge.start();
    expect(getTicket(t.app.db, 2)!.phone).toBeNull();
    privacy.purge.stop();
    expect(purgeExpiredTickets(t.app.db, 30, t.clock.now)).toBe(0);
  });
});

describe('with the shipped knowledge base', () => {
  it('answers questions about feedback from the article and still starts intake on /gopy', async () => {
    const { createApp } = await import('../../src/app/app.js');
    const { parseConfig } = await import('../../src/config/index.js');
    const { silentLogger } = await import('../../src/log/index.js');
    const app = await createApp(
      parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', KNOWLEDGE_WATCH: 'false' }),
      silentLogger,
    );
    try {
      const say = (text: string) => app.assistant.handle({ channel: 'telegram', userId: 'r', chatId: 'r', text });
      expect((await say('phản ánh kiến nghị ở đâu'))[0]!.entryId).toBe('phan-anh-kien-nghi');
      expect(replyText((await say('/gopy'))[0]!)).toContain('nội dung phản ánh');
      expect(replyText((await say('/huy'))[0]!)).toContain('Đã hủy');
      expect((await say('lam giay khai sinh cho con can gi'))[0]!.entryId).toBe('khai-sinh');
    } finally {
      await app.stop();
    }
  });
});
