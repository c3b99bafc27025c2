/**
 * /dulieucuatoi and /xoadulieu on Zalo Bot with every kind of data: a ticket
 * answered and rated (SIPAS), a 👍 vote, a subscription, a handoff; export,
 * then erasure, then nothing left but figures. Refused in groups.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';
import { cellsContaining } from './helpers.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const ME = 'r-900';
const say = (text: string, extra = {}) => t.say('zalo-bot', ME, text, { userName: 'Vũ Thị Lan', ...extra });

async function fill(): Promise<void> {
  await say('/gopy Rác thải đổ trộm ven kênh thôn Nam');
  await say('0903 555 246');
  await t.say('telegram', 'staff1', '/traloi 1 Xã đã cho thu dọn ven kênh.');
  await say('/danhgia 1', { fromButton: true });
  for (const v of ['5', '4', '3', '5', '4']) await say(v, { fromButton: true });
  const answer = (await say('làm giấy khai sinh')).find((r) => r.questionId !== undefined);
  if (answer?.questionId === undefined) throw new Error('no answered question');
  t.app.assistant.recordFeedback({ channel: 'zalo-bot', userId: ME, questionId: answer.questionId, helpful: true });
  await say('/dangky');
  await say('/gapcanbo');
}

describe('the resident commands on their data', () => {
  it('export everything readable, then erase it all but the figures', async () => {
    t = await makeTestApp({ STAFF_IDS: 'telegram:staff1' });
    await fill();
    const hash = t.app.assistant.hashUser('zalo-bot', ME);
    const [exported] = await say('/dulieucuatoi');
    const text = replyText(exported!);
    for (const part of [
      'Rác thải đổ trộm ven kênh thôn Nam',
      'Vũ Thị Lan',
      '0903555246',
      'Xã đã cho thu dọn ven kênh.',
      'Tiếp cận dịch vụ: 5/5',
      '👍 hữu ích (khai-sinh)',
      'Nhận thông báo: đang nhận',
      'Chủ đề: tin cải cách hành chính, thông báo chung',
      `bạn đưa mã: zalo-bot:${ME}`,
      'Yêu cầu số 1',
    ])
      expect(text).toContain(part);

    await say('/xoadulieu');
    const [done] = await say('/xoadulieu xacnhan', { fromButton: true });
    expect(done!.title).toBe('Đã xoá dữ liệu');
    expect(cellsContaining(t.app.db, [hash, ME, 'Vũ Thị Lan', '0903555246', 'Rác thải'])).toEqual([]);
    const count = (sql: string) => (t.app.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM ticket_ratings')).toBe(5);
    expect(count('SELECT COUNT(*) AS n FROM answer_feedback WHERE helpful = 1')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM tickets')).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM handoffs WHERE state = 'ended'`)).toBe(1);
    const [again] = await say('/dulieucuatoi');
    // Asking again is a new contact: the only row about them is the fresh notice flag, if any.
    expect(replyText(again!)).not.toContain('Phản ánh');
  });

  it('are refused in a group, where everyone would read the answer', async () => {
    t = await makeTestApp();
    for (const cmd of ['/dulieucuatoi', '/xoadulieu', '/xoadulieu xacnhan']) {
      const [r] = await t.say('telegram', 'g1', cmd, { chatId: '-100555', isGroup: true });
      expect(replyText(r!)).toContain('nhắn riêng');
    }
  });
});
