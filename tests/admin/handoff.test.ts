/**
 * Live handoff to a staff member ("gặp cán bộ"), end to end over the fake
 * channels: queue, staff chat notice, take, relay both ways, end, rating,
 * tickets outside working hours and after the wait, races, roles, logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handoffHandles } from '../../src/admin/handoff/plugin.js';
import { getTicket } from '../../src/admin/tickets.js';
import type { Reply } from '../../src/core/types.js';
import { makeTestApp, memoryLogger, replyText, type TestApp } from './helpers.js';

const MIN = 60_000;
const env = {
  ADMIN_IDS: 'telegram:admin1',
  STAFF_IDS: 'telegram:staff1,zalo-oa:staff2',
  STAFF_CHAT: 'telegram:-100777',
  HANDOFF_WAIT_MINUTES: '10',
  HANDOFF_IDLE_MINUTES: '30',
};
/** Tuesday 10 March 2026, 19:00 in Hà Nội: after working hours. */
const EVENING = Date.UTC(2026, 2, 10, 12, 0);

const texts = (rs: Reply[]) => rs.map(replyText).join('\n---\n');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('handoff during working hours', () => {
  it('queues a Telegram resident, a Zalo OA staff member takes it, messages go both ways, the resident ends and rates', async () => {
    const mem = memoryLogger();
    t = await makeTestApp(env, { logger: mem.logger });
    const desk = handoffHandles(t.app)!.desk;
    const tg = t.fakes.get('telegram')!;
    const oa = t.fakes.get('zalo-oa')!;
    const resident = (text: string, extra = {}) =>
      t!.say('telegram', 'r-7', text, { userName: 'Trần Thị Mai', ...extra });
    const staff = (text: string) => t!.say('zalo-oa', 'staff2', text);

    let r = await resident('tôi muốn gặp cán bộ');
    expect(r).toHaveLength(1);
    expect(r[0]!.title).toBe('Đang chờ gặp cán bộ xã');
    expect(replyText(r[0]!)).toContain('/ketthuc');
    expect(desk.waitingHandoffs().map((h) => [h.id, h.channel, h.chatId])).toEqual([[1, 'telegram', 'r-7']]);
    // The staff chat gets the notice with the "Nhận" button.
    const notice = tg.sent.find((s) => s.chatId === '-100777')!;
    expect(notice.reply.title).toBe('🙋 Người dân cần gặp cán bộ (yêu cầu số 1)');
    expect(notice.reply.buttons).toEqual([{ label: 'Nhận', payload: '/nhan 1' }]);
    expect(replyText(notice.reply)).toContain('Trần Thị Mai');

    // While waiting: stored, reminded once, no search answer.
    r = await resident('Tôi cần hỏi về đất nhà tôi ở thôn Đông');
    expect(texts(r)).toContain('Bạn đang chờ gặp cán bộ xã (yêu cầu số 1)');
    expect(await resident('làm giấy khai sinh cho con cần gì')).toEqual([]);

    t.clock.now += 2 * MIN;
    r = await staff('/nhan 1');
    expect(r[0]!.title).toBe('Bạn đã nhận yêu cầu số 1 (Telegram)');
    expect(texts(r)).toContain('Mọi tin bạn gửi ở đây sẽ chuyển đến người dân. Gõ /ketthuc để kết thúc.');
    expect(texts(r)).toContain('thôn Đông');
    expect(tg.textTo('r-7')).toContain('Cán bộ xã đã tham gia trò chuyện');
    expect(tg.textTo('r-7')).toContain('trợ lý tạm dừng trả lời');

    // Two messages each way; the bot answers none of them.
    expect(await staff('Chào bạn, bạn cần hỏi gì về đất?')).toEqual([]);
    expect(await resident('làm sổ đỏ cần những gì')).toEqual([]);
    expect(await staff('Bạn mang CCCD đến Bộ phận Một cửa nhé.')).toEqual([]);
    expect(await resident('cảm ơn')).toEqual([]);
    const toResident = tg.sent.filter((s) => s.chatId === 'r-7').map((s) => s.reply);
    expect(toResident.slice(-2).map((x) => [x.title, x.sections[0]!.text])).toEqual([
      ['💬 Cán bộ xã', 'Chào bạn, bạn cần hỏi gì về đất?'],
      ['💬 Cán bộ xã', 'Bạn mang CCCD đến Bộ phận Một cửa nhé.'],
    ]);
    const toStaff = oa.sent.filter((s) => s.chatId === 'staff2').map((s) => s.reply);
    expect(toStaff.map((x) => x.sections[0]!.text)).toEqual(['làm sổ đỏ cần những gì', 'cảm ơn']);
    expect(toStaff[0]!.title).toBe('Người dân (yêu cầu số 1)');

    // Staff commands still work during the conversation; only plain messages are relayed.
    expect(texts(await staff('/hangdoi'))).toContain('Số 1 · Telegram · đang trò chuyện');

    // The resident ends it; the staff member is told; the resident rates 👍 once.
    r = await resident('/ketthuc');
    expect(r[0]!.title).toBe('Cuộc trò chuyện đã kết thúc');
    expect(r[0]!.buttons!.map((b) => b.payload)).toEqual(['/danhgiacanbo 1 1', '/danhgiacanbo 1 0']);
    expect(oa.textTo('staff2')).toContain('Người dân đã kết thúc cuộc trò chuyện số 1.');
    expect(texts(await resident('/danhgiacanbo 1 1', { fromButton: true }))).toContain('Cảm ơn bạn đã đánh giá!');
    expect(texts(await resident('/danhgiacanbo 1 0', { fromButton: true }))).toContain('Không tìm thấy');
    // The bot answers again, and staff messages no longer go anywhere.
    r = await resident('làm giấy khai sinh cho con cần gì');
    expect(r[0]!.entryId).toBe('khai-sinh');
    expect(texts(await staff('còn gì nữa không'))).not.toContain('Người dân');

    const h = desk.get(1)!;
    expect(h).toMatchObject({
      state: 'ended',
      endedBy: 'resident',
      staffPrincipal: 'zalo-oa:staff2',
      staffLabel: 'Cán bộ xã',
      rating: 1,
    });
    expect(h.staffHash).toBe(t.app.assistant.hashUser('zalo-oa', 'staff2'));
    expect(h.takenAt! - h.requestedAt).toBe(2 * MIN);
    expect(desk.transcript(1).map((m) => `${m.from}: ${m.text}`)).toEqual([
      'resident: tôi muốn gặp cán bộ',
      'resident: Tôi cần hỏi về đất nhà tôi ở thôn Đông',
      'resident: làm giấy khai sinh cho con cần gì',
      'staff: Chào bạn, bạn cần hỏi gì về đất?',
      'resident: làm sổ đỏ cần những gì',
      'staff: Bạn mang CCCD đến Bộ phận Một cửa nhé.',
      'resident: cảm ơn',
    ]);
    const audit = t.app.db
      .prepare(`SELECT action, outcome, detail FROM audit_log WHERE channel = 'zalo-oa' ORDER BY id`)
      .all();
    expect(audit).toEqual([
      { action: 'nhan', outcome: 'ok', detail: 'handoff 1' },
      { action: 'tinnhan', outcome: 'ok', detail: 'handoff 1' },
      { action: 'tinnhan', outcome: 'ok', detail: 'handoff 1' },
      { action: 'hangdoi', outcome: 'ok', detail: '0 waiting, 1 active' },
    ]);

    // Logs carry ids and hashes, never the texts, names or platform ids.
    const log = mem.lines.join('');
    expect(log).toContain('handoff taken');
    expect(log).toContain('handoff message from resident');
    for (const secret of [
      'thôn Đông',
      'sổ đỏ',
      'CCCD',
      'bạn cần hỏi gì',
      'Trần Thị Mai',
      'gặp cán bộ',
      'r-7',
      'staff2',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('takes from the staff chat button and goes on in the private chat; a role revoked mid-way stops the relay', async () => {
    t = await makeTestApp(env);
    const tg = t.fakes.get('telegram')!;
    const bot = t.fakes.get('zalo-bot')!;
    await t.say('zalo-bot', 'r-8', '/gapcanbo', { fromButton: true });
    const r = await t.say('telegram', 'staff1', '/nhan 1', { chatId: '-100777', isGroup: true, fromButton: true });
    expect(texts(r)).toContain('Đã giao yêu cầu số 1 cho bạn. Trợ lý đã nhắn riêng cho bạn');
    expect(tg.textTo('staff1')).toContain('Mọi tin bạn gửi ở đây sẽ chuyển đến người dân.');
    // A bare "/gapcanbo" starts no transcript.
    expect(handoffHandles(t.app)!.desk.transcript(1)).toEqual([]);
    await t.say('telegram', 'staff1', 'Xin chào, tôi là cán bộ tư pháp.');
    expect(bot.textTo('r-8')).toContain('Xin chào, tôi là cán bộ tư pháp.');
    // Plain text in the group is never relayed.
    await t.say('telegram', 'staff1', 'ghi chú nội bộ', { chatId: '-100777', isGroup: true });
    expect(bot.textTo('r-8')).not.toContain('ghi chú nội bộ');
    // Nor is the text of an announcement the staff member is writing meanwhile.
    await t.say('telegram', 'staff1', '/thongbao moi');
    const draft = await t.say('telegram', 'staff1', 'Lịch tiêm chủng cho trẻ vào sáng thứ Bảy tại trạm y tế xã.');
    expect(texts(draft)).toContain('Lịch tiêm chủng');
    expect(bot.textTo('r-8')).not.toContain('Lịch tiêm chủng');
    expect(texts(await t.say('telegram', 'staff1', '/thongbao thoat'))).toContain('Đã bỏ bản nháp.');
    await t.say('telegram', 'staff1', 'Bạn còn ở đó không?');
    expect(bot.textTo('r-8')).toContain('Bạn còn ở đó không?');

    await t.say('telegram', 'admin1', '/capquyen telegram:staff1 canbo');
    await t.say('telegram', 'admin1', '/thuhoi telegram:staff1');
    const refused = await t.say('telegram', 'staff1', 'tin sau khi bị thu hồi quyền');
    expect(texts(refused)).toContain('Xin lỗi, lệnh này chỉ dành cho cán bộ xã.');
    expect(bot.textTo('r-8')).not.toContain('thu hồi');
    const row = t.app.db
      .prepare(`SELECT outcome FROM audit_log WHERE action = 'tinnhan' ORDER BY id DESC LIMIT 1`)
      .get();
    expect(row).toEqual({ outcome: 'refused' });
  });

  it('lets only one of two staff members pressing "Nhận" at once win, and one staff member hold one conversation', async () => {
    t = await makeTestApp(env);
    const desk = handoffHandles(t.app)!.desk;
    await t.say('zalo-bot', 'r-1', 'cho tôi nói chuyện với người thật');
    await t.say('zalo-bot', 'r-2', 'có ai trực không');
    const [a, b] = await Promise.all([
      t.say('telegram', 'staff1', '/nhan 1', { chatId: '-100777', isGroup: true, fromButton: true }),
      t.say('zalo-oa', 'staff2', '/nhan 1'),
    ]);
    const outcomes = [texts(a), texts(b)];
    expect(outcomes.filter((x) => x.includes('đã có cán bộ khác nhận'))).toHaveLength(1);
    expect(outcomes.filter((x) => /Đã giao yêu cầu số 1|Bạn đã nhận yêu cầu số 1/.test(x))).toHaveLength(1);
    expect(
      t.fakes
        .get('zalo-bot')!
        .textTo('r-1')
        .match(/đã tham gia/g),
    ).toHaveLength(1);

    // The API too: of two concurrent takes of request 2, one wins.
    const winner = desk.get(1)!.staffPrincipal!;
    const other =
      winner === 'zalo-oa:staff2'
        ? { channel: 'telegram', userId: 'staff1' }
        : { channel: 'zalo-oa', userId: 'staff2' };
    const third = { channel: 'telegram', userId: 'admin1', role: 'admin' as const };
    const results = await Promise.all([desk.takeHandoff(2, { ...other, role: 'staff' }), desk.takeHandoff(2, third)]);
    expect(results.map((x) => x.ok).sort()).toEqual([false, true]);
    expect(results.find((x) => !x.ok)).toMatchObject({ reason: 'taken' });

    // One active conversation per staff member.
    await t.say('zalo-bot', 'r-3', '/gapcanbo');
    const busy =
      winner === 'zalo-oa:staff2'
        ? await t.say('zalo-oa', 'staff2', '/nhan 3')
        : await t.say('telegram', 'staff1', '/nhan 3');
    expect(texts(busy)).toContain(
      'Bạn đang trò chuyện ở yêu cầu số 1. Gõ /ketthuc để kết thúc trước khi nhận yêu cầu khác.',
    );
  });

  it('refuses /nhan and /hangdoi to a resident (audited) and lists the commands for staff', async () => {
    t = await makeTestApp(env);
    await t.say('zalo-bot', 'r-1', '/gapcanbo');
    for (const cmd of ['/nhan 1', '/hangdoi']) {
      const r = await t.say('telegram', 'r-9', cmd);
      expect(texts(r)).toBe('Xin lỗi, lệnh này chỉ dành cho cán bộ xã.');
    }
    expect(handoffHandles(t.app)!.desk.get(1)!.state).toBe('waiting');
    const rows = t.app.db.prepare(`SELECT action, role, outcome FROM audit_log ORDER BY id`).all();
    expect(rows).toEqual([
      { action: 'nhan', role: 'resident', outcome: 'refused' },
      { action: 'hangdoi', role: 'resident', outcome: 'refused' },
    ]);
    const help = texts(await t.say('telegram', 'staff1', '/lenh'));
    expect(help).toContain('/nhan <số>');
    expect(help).toContain('/hangdoi');
    const queue = texts(await t.say('telegram', 'staff1', '/hangdoi'));
    expect(queue).toContain('Số 1 · Zalo Bot · chờ 1 phút · /nhan 1');
    // A resident cancels while waiting.
    expect(texts(await t.say('zalo-bot', 'r-1', '/ketthuc'))).toContain('Đã hủy yêu cầu gặp cán bộ');
    expect(handoffHandles(t.app)!.desk.get(1)).toMatchObject({ state: 'ended', endedBy: 'resident', takenAt: null });
    expect(texts(await t.say('zalo-bot', 'r-1', '/ketthuc'))).toContain('không có cuộc trò chuyện nào');
    // A staff member closes a waiting request of someone else with its number.
    await t.say('zalo-bot', 'r-2', '/gapcanbo');
    expect(texts(await t.say('telegram', 'staff1', '/ketthuc 2'))).toContain('Đã kết thúc yêu cầu số 2.');
    expect(t.fakes.get('zalo-bot')!.textTo('r-2')).toContain('đã được cán bộ đóng');
    expect(texts(await t.say('telegram', 'staff1', '/ketthuc 2'))).toContain('đã kết thúc trước đó');
  });
});

describe('handoff in a group chat', () => {
  it('keeps the numbers in a group chat, where its button asks to write privately', async () => {
    t = await makeTestApp(env);
    const [r] = await t.say('zalo-bot', 'r-1', 'cho tôi gặp cán bộ', { chatId: 'g-1', isGroup: true });
    expect(r?.title).toBe('Liên hệ cán bộ xã');
    const button = r!.buttons!.find((b) => b.payload === '/gapcanbo')!;
    const [next] = await t.say('zalo-bot', 'r-1', button.payload, { chatId: 'g-1', isGroup: true, fromButton: true });
    expect(replyText(next!)).toContain('nhắn riêng');
  });
});

describe('handoff that becomes a ticket', () => {
  it('opens a ticket outside working hours and tells the resident; the staff answer reaches them', async () => {
    t = await makeTestApp(env, { now: EVENING });
    const r = await t.say('zalo-bot', 'r-5', 'tôi muốn gặp cán bộ để hỏi về trợ cấp người cao tuổi', {
      userName: 'Ông Ba',
    });
    expect(r[0]!.title).toBe('Đã ghi yêu cầu thành phản ánh số 1');
    expect(texts(r)).toContain('ngoài giờ nhận trò chuyện trực tiếp của xã (Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00)');
    expect(texts(r)).toContain('/gopy');
    const tk = getTicket(t.app.db, 1)!;
    expect(tk).toMatchObject({ channel: 'zalo-bot', chatId: 'r-5', name: 'Ông Ba', phone: null, state: 'new' });
    expect(tk.content).toContain('ngoài giờ làm việc');
    expect(tk.content).toContain('trợ cấp người cao tuổi');
    expect(handoffHandles(t.app)!.desk.get(1)).toMatchObject({ state: 'ticketed', ticketId: 1 });
    expect(t.fakes.get('telegram')!.textTo('-100777')).toContain('Phản ánh mới số 1');
    expect(t.fakes.get('telegram')!.textTo('-100777')).not.toContain('/nhan');
    // The bot goes on answering; staff answer the ticket as usual.
    expect((await t.say('zalo-bot', 'r-5', 'làm giấy khai sinh cho con cần gì'))[0]!.entryId).toBe('khai-sinh');
    await t.say('telegram', 'staff1', '/traloi 1 Sáng mai bạn mang CCCD đến UBND xã nhé.');
    expect(t.fakes.get('zalo-bot')!.textTo('r-5')).toContain('Sáng mai bạn mang CCCD');
  });

  it('expires a request nobody takes within the wait: a ticket with what the resident wrote, and the resident is told', async () => {
    t = await makeTestApp(env);
    const { desk, service } = handoffHandles(t.app)!;
    await t.say('telegram', 'r-1', '/gapcanbo', { fromButton: true });
    await t.say('telegram', 'r-1', 'Tôi hỏi về hồ sơ đất bị trả lại');
    t.clock.now += 9 * MIN;
    expect(await service.sweepOnce()).toEqual({ expired: 0, ended: 0 });
    t.clock.now += 2 * MIN;
    expect(await service.sweepOnce()).toEqual({ expired: 1, ended: 0 });
    expect(desk.get(1)).toMatchObject({ state: 'expired', endedBy: 'timeout', ticketId: 1 });
    expect(getTicket(t.app.db, 1)!.content).toContain('chưa có cán bộ nhận trong 10 phút');
    expect(getTicket(t.app.db, 1)!.content).toContain('hồ sơ đất bị trả lại');
    const told = t.fakes.get('telegram')!.textTo('r-1');
    expect(told).toContain('Chưa có cán bộ nào nhận trong 10 phút');
    expect(told).toContain('phản ánh số 1');
    expect(texts(await t.say('telegram', 'staff1', '/nhan 1'))).toContain('Yêu cầu số 1 đã kết thúc.');

    // Without the timer: the resident's next message finds the request overdue, and is answered normally.
    await t.say('telegram', 'r-2', '/gapcanbo');
    t.clock.now += 11 * MIN;
    const r = await t.say('telegram', 'r-2', 'làm giấy khai sinh cho con cần gì');
    expect(r[0]!.entryId).toBe('khai-sinh');
    expect(desk.get(2)!.state).toBe('expired');
    expect(t.fakes.get('telegram')!.textTo('r-2')).toContain('phản ánh số 2');
  });

  it('ends a conversation idle for HANDOFF_IDLE_MINUTES and tells both sides', async () => {
    t = await makeTestApp(env);
    const { desk, service } = handoffHandles(t.app)!;
    await t.say('zalo-bot', 'r-1', '/gapcanbo');
    await t.say('zalo-oa', 'staff2', '/nhan 1');
    await t.say('zalo-oa', 'staff2', 'Bạn cần gì ạ?');
    t.clock.now += 31 * MIN;
    expect(await service.sweepOnce()).toEqual({ expired: 0, ended: 1 });
    expect(desk.get(1)).toMatchObject({ state: 'ended', endedBy: 'timeout' });
    expect(t.fakes.get('zalo-bot')!.textTo('r-1')).toContain('tự kết thúc vì không có tin nhắn mới trong 30 phút');
    expect(t.fakes.get('zalo-oa')!.textTo('staff2')).toContain('Cuộc trò chuyện số 1 tự kết thúc');
  });

  it('opens a ticket at once when no staff chat can be reached', async () => {
    t = await makeTestApp(env);
    t.fakes.get('telegram')!.result = { ok: false, kind: 'blocked', description: 'bot was kicked' };
    const r = await t.say('zalo-bot', 'r-1', 'tôi muốn gặp cán bộ');
    expect(texts(r)).toContain('Hiện chưa liên hệ được cán bộ nào.');
    expect(handoffHandles(t.app)!.desk.get(1)).toMatchObject({ state: 'ticketed', ticketId: 1 });
  });
});
