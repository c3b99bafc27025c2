/**
 * Approval before publishing, end to end through the fake Telegram Bot API:
 * the whole app (real grammY bot, real assistant and engine) with the
 * default rule (ANNOUNCE_APPROVAL unset: anything to all subscribers needs
 * approval). A staff member writes an announcement to everyone; it waits
 * ("Chờ duyệt") and the staff chat is told; a resident cannot approve; an
 * approver sees the preview and approves with the button, and only then do
 * residents receive it; an approver cannot approve their own; an edit of an
 * approved one sends it back for approval; a return carries the comment to
 * the author. Every step is in the audit log.
 */
import { describe, expect, it } from 'vitest';
import { recentAudit } from '../../src/admin/audit.js';
import { announcementsOf } from '../../src/announcements/index.js';
import { boot, buttonsOf, messageOf, perTestTelegram, sentTo, settle, textsTo } from '../telegram/harness.js';

const AUTHOR = 501; // staff
const LEAD = 601; // approver
const LEAD2 = 602; // approver
const STAFF_CHAT = -100900;
const RESIDENTS = [1001, 1002];
const ENV = {
  STAFF_IDS: `telegram:${AUTHOR}`,
  APPROVER_IDS: `telegram:${LEAD},telegram:${LEAD2}`,
  STAFF_CHAT: `telegram:${STAFF_CHAT}`,
  TELEGRAM_FLOOD_LIMIT: '0', // staff type fast here; the flood limit has its own tests
};

describe('approval before publishing, through Telegram', () => {
  const t = perTestTelegram();

  /** Sends a message and waits for the next reply in that private chat; returns the texts of the new replies. */
  async function say(from: number, text: string, replies = 1): Promise<string[]> {
    const before = sentTo(t.fake, from).length;
    t.fake.sendText(text, { id: from });
    await t.fake.waitFor(() => sentTo(t.fake, from).length >= before + replies);
    return textsTo(t.fake, from).slice(before);
  }

  /** Writes an announcement to all subscribers in chat, up to the confirmation; returns its number and the reply. */
  async function compose(from: number, text: string, when: string): Promise<{ id: number; reply: string }> {
    await say(from, '/thongbao moi');
    await say(from, text, 2);
    await say(from, '/thongbao chon all');
    await say(from, `/thongbao luc ${when}`);
    const reply = (await say(from, '/thongbao xacnhan')).join('\n');
    return { id: Number(/Đã tạo thông báo #(\d+)/.exec(reply)![1]), reply };
  }

  it('holds, refuses residents and self-approval, approves, re-asks after an edit, and returns with a comment', async () => {
    t.h = await boot(t.fake, ENV);
    const ann = announcementsOf(t.h.app)!;
    for (const r of RESIDENTS) await say(r, '/dangky', 1);
    const tellsResidents = () => RESIDENTS.flatMap((r) => textsTo(t.fake, r)).filter((x) => x.includes('Họp dân'));

    // The author: created, but waiting; the reply says so and who can approve.
    // (The shipped knowledge declares announcements too: they are created first, so numbers come from the replies.)
    const { id, reply: created } = await compose(AUTHOR, 'Họp dân\nTối thứ Bảy 19h tại nhà văn hóa.', 'ngay');
    expect(created).toContain('Chờ duyệt');
    expect(created).toContain(`telegram:${LEAD} (người duyệt)`);
    expect(ann.store.get(id)!.status).toBe('pending_approval');
    // Approvers are told in the staff chat, with a button to the preview.
    await t.fake.waitFor(() => sentTo(t.fake, STAFF_CHAT).length >= 1);
    const notice = sentTo(t.fake, STAFF_CHAT)[0]!;
    expect(String(notice.params.text)).toContain(`Thông báo #${id} chờ duyệt`);
    expect(buttonsOf(notice).map((b) => b.text)).toEqual(['Xem và duyệt']);

    // A resident cannot approve: the registry's one refusal; the author (staff) is told who can.
    expect(await say(RESIDENTS[0]!, `/duyet ok ${id}`)).toEqual(['Xin lỗi, lệnh này chỉ dành cho cán bộ xã.']);
    expect((await say(AUTHOR, `/duyet ok ${id}`)).join('\n')).toContain('Chỉ người duyệt hoặc quản trị viên');
    expect((await say(AUTHOR, `/thongbao guilai ${id}`)).join('\n')).toContain('chưa được duyệt');
    await settle();
    expect(ann.store.get(id)!.status).toBe('pending_approval');
    expect(tellsResidents()).toEqual([]);

    // The approver: the exact message as residents get it, then the two buttons; "Duyệt" sends it.
    const shown = await say(LEAD, `/duyet ${id}`, 2);
    expect(shown[0]).toBe(textsTo(t.fake, AUTHOR).find((x) => x.startsWith('<b>📢 Họp dân')));
    expect(shown[1]).toContain('Telegram: đúng như tin ở trên');
    const card = sentTo(t.fake, LEAD).at(-1)!;
    const approve = buttonsOf(card).find((b) => b.text === 'Duyệt')!;
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Duyệt', 'Trả lại']);
    const before = sentTo(t.fake, LEAD).length;
    t.fake.press(approve.callback_data, { id: LEAD }, messageOf(card));
    await t.fake.waitFor(() => sentTo(t.fake, LEAD).length > before);
    expect(textsTo(t.fake, LEAD).at(-1)).toContain(`Đã duyệt thông báo #${id}.`);
    await t.fake.waitFor(() => tellsResidents().length === RESIDENTS.length);
    await t.fake.waitFor(() => textsTo(t.fake, AUTHOR).some((x) => x.includes(`Thông báo #${id} đã được duyệt`)));

    // Self-approval: an approver's own announcement waits for another approver.
    const { id: id2, reply: own } = await compose(
      LEAD,
      'Tiêm phòng\nSáng Chủ nhật tiêm phòng dại cho chó mèo.',
      '08:00 01/05/2031',
    );
    expect(own).toContain('Chờ duyệt');
    expect((await say(LEAD, `/duyet ok ${id2}`)).join('\n')).toContain('không tự duyệt được');
    expect(ann.store.get(id2)!.status).toBe('pending_approval');
    expect((await say(LEAD2, `/duyet ok ${id2}`)).join('\n')).toContain('Lần gửi tới: 08:00 01/05/2031');
    expect(ann.store.get(id2)!.status).toBe('scheduled');

    // An edit of the approved announcement sends it back for approval; its editor cannot approve it either.
    await say(LEAD, `/thongbao sua ${id2}`);
    const edited = (
      await say(LEAD, 'Tiêm phòng\nSáng Chủ nhật 7h tiêm phòng dại cho chó mèo tại nhà văn hóa.', 2)
    ).join('\n');
    expect(edited).toContain('Chờ duyệt');
    expect(ann.store.get(id2)).toMatchObject({ status: 'pending_approval', review: { reviewedBy: null } });
    await t.fake.waitFor(() =>
      textsTo(t.fake, STAFF_CHAT).some((x) => x.includes(`#${id2} chờ duyệt (đã sửa, cần duyệt lại)`)),
    );
    // The scheduler would not pick it up, even after its time.
    expect(ann.store.due(Date.UTC(2031, 4, 2)).map((a) => a.id)).not.toContain(id2);

    // Returned with a comment, typed after pressing "Trả lại"; the author is told what to fix.
    await say(LEAD2, `/duyet ${id2}`, 2);
    const card2 = sentTo(t.fake, LEAD2).at(-1)!;
    const back = buttonsOf(card2).find((b) => b.text === 'Trả lại')!;
    const n = sentTo(t.fake, LEAD2).length;
    t.fake.press(back.callback_data, { id: LEAD2 }, messageOf(card2));
    await t.fake.waitFor(() => sentTo(t.fake, LEAD2).length > n);
    expect((await say(LEAD2, 'Ghi rõ giá tiền mỗi mũi tiêm.')).join('\n')).toContain(`Đã trả lại thông báo #${id2}`);
    expect(ann.store.get(id2)).toMatchObject({
      status: 'returned',
      review: { comment: 'Ghi rõ giá tiền mỗi mũi tiêm.' },
    });
    await t.fake.waitFor(() => textsTo(t.fake, LEAD).some((x) => x.includes('Ghi rõ giá tiền mỗi mũi tiêm.')));

    // Every step is audited, with hashed ids and no text.
    const audit = recentAudit(t.h.app.db, 200).map((e) => `${e.action}:${e.outcome}:${e.detail ?? ''}`);
    for (const line of [
      `thongbao:ok:xacnhan #${id} now all pending_approval`,
      'duyet:refused:',
      `duyet:failed:#${id} approve not_approver`,
      `duyet:ok:#${id} approve`,
      `duyet:failed:#${id2} approve self`,
      `duyet:ok:#${id2} approve`,
      `thongbao sua:ok:#${id2} pending_approval`,
      `duyet tralai:ok:#${id2} return`,
    ])
      expect(audit).toContain(line);
    // No field holds the raw id (a substring test would also match a timestamp ending in the same digits).
    const fields = recentAudit(t.h.app.db, 200).flatMap((a) => Object.values(a).map(String));
    expect(
      fields.filter((v) => v === String(LEAD) || v.includes(`:${LEAD}`) || v.split(/\W+/).includes(String(LEAD))),
    ).toEqual([]);
    expect(JSON.stringify(recentAudit(t.h.app.db, 200))).not.toContain('giá tiền');
  }, 30_000);
});
