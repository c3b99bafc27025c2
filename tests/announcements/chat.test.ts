import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import type { IncomingMessage, Reply } from '../../src/core/types.js';
import { silentLogger } from '../../src/log/index.js';
import { announcementReply } from '../../src/announcements/render.js';
import { parseSubscriptionCommand } from '../../src/announcements/subscribe.js';
import { KB_DIR } from './helpers.js';

let app: App;
beforeEach(async () => {
  app = await createApp(
    parseConfig({
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      KNOWLEDGE_DIR: KB_DIR,
      USER_ID_SALT: 'announce-test-salt-0123',
      STAFF_IDS: 'telegram:staff1',
      PRIVACY_NOTICE: 'false', // The first-contact notice has its own tests (tests/privacy); here it would add a reply to each first message.
    }),
    silentLogger,
  );
});
afterEach(async () => {
  await app.stop();
});

function say(text: string, from: Partial<IncomingMessage> = {}): Promise<Reply[]> {
  return app.assistant.handle({ channel: 'telegram', userId: 'r1', chatId: 'r1', text, ...from });
}
const asStaff = (text: string) => say(text, { userId: 'staff1', chatId: 'staff1' });
const all = (rs: Reply[]) => JSON.stringify(rs);
function topicsOf(chatId = 'r1'): string[] {
  return (
    app.db.prepare(`SELECT topic FROM ann_topics WHERE chat_id = ? ORDER BY topic`).all(chatId) as { topic: string }[]
  ).map((r) => r.topic);
}
function status(chatId = 'r1'): string | undefined {
  return (
    app.db.prepare(`SELECT status FROM ann_subscriptions WHERE chat_id = ?`).get(chatId) as
      | { status: string }
      | undefined
  )?.status;
}

describe('resident subscriptions', () => {
  it('subscribes with /dangky to the default topics and offers the villages', async () => {
    const r = await say('/dangky');
    expect(r[0]!.title).toBe('Đã đăng ký nhận tin từ UBND xã.');
    expect(status()).toBe('active');
    expect(topicsOf()).toEqual(['cchc', 'chung']);
    expect(r[0]!.buttons!.map((b) => b.payload)).toContain('/dangky thon-dong');
  });

  it('understands the plain phrases with or without accents', async () => {
    await say('Đăng ký nhận tin');
    expect(status()).toBe('active');
    const r = await say('huy nhan tin a');
    expect(r[0]!.title).toBe('Đã hủy nhận tin.');
    expect(status()).toBe('unsubscribed');
    await say('dang ky nhan tin');
    expect(status()).toBe('active');
  });

  it('does not take procedure questions that start with "đăng ký" or "hủy"', () => {
    for (const q of [
      'đăng ký khai sinh',
      'Đăng ký kết hôn cần gì',
      'đăng ký',
      'hủy đăng ký thường trú',
      'đăng ký nhận tin tức thời tiết ở đâu',
    ]) {
      expect(parseSubscriptionCommand(q)).toBeUndefined();
    }
    expect(parseSubscriptionCommand('/dangky@TroLyXaBot thon-dong')).toEqual({ kind: 'subscribe', arg: 'thon-dong' });
  });

  it('passes "đăng ký khai sinh" on to question answering', async () => {
    const r = await say('đăng ký khai sinh');
    expect(status()).toBeUndefined();
    expect(all(r)).not.toContain('nhận tin');
  });

  it('adds a village topic and removes one topic', async () => {
    await say('/dangky');
    await say('/dangky Thôn Đông');
    expect(topicsOf()).toEqual(['cchc', 'chung', 'thon:thon-dong']);
    const r = await say('/huy cchc');
    expect(r[0]!.title).toContain('Đã hủy nhận tin về "Tin cải cách hành chính"');
    expect(topicsOf()).toEqual(['chung', 'thon:thon-dong']);
    expect(status()).toBe('active');
  });

  it('answers an unknown topic politely with the list', async () => {
    const r = await say('/dangky xyz');
    expect(r[0]!.title).toBe('Xin lỗi, tôi chưa nhận ra chủ đề này.');
    expect(all(r)).toContain('/dangky thon-tay');
    expect(status()).toBeUndefined();
  });

  it('always confirms unsubscribing, even when not subscribed', async () => {
    const r = await say('/huy');
    expect(r[0]!.title).toBe('Bạn chưa đăng ký nhận tin, nên không có gì để hủy.');
    await say('/dangky');
    const r2 = await say('/huy');
    expect(r2[0]!.title).toBe('Đã hủy nhận tin.');
    expect(topicsOf()).toEqual([]);
  });

  it('subscribes a group chat as a group', async () => {
    await say('/dangky', { chatId: '-1001', isGroup: true });
    expect(
      (app.db.prepare(`SELECT is_group FROM ann_subscriptions WHERE chat_id = '-1001'`).get() as { is_group: number })
        .is_group,
    ).toBe(1);
  });
});

describe('staff commands', () => {
  it('refuses staff commands to residents with a short message that leaks nothing', async () => {
    for (const cmd of ['/thongbao', '/thongbao moi', '/thongbao ds', '/thongbao huy 1']) {
      const r = await say(cmd);
      expect(r).toHaveLength(1);
      expect(r[0]!.kind).toBe('refusal');
      // The one refusal of every staff command (core/commands), with the same words as the admin commands'.
      expect(r[0]!.title).toBeUndefined();
      expect(r[0]!.sections).toEqual([{ text: 'Xin lỗi, lệnh này chỉ dành cho cán bộ xã.' }]);
      expect(r[0]!.buttons).toBeUndefined();
    }
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM ann_announcements').get()).toEqual({ n: 0 });
  });

  it('composes with an exact preview, chooses audience and a local time, then lists, edits and cancels', async () => {
    await say('/dangky thon-dong');
    expect((await asStaff('/thongbao moi'))[0]!.title).toBe('Soạn thông báo mới');
    const preview = await asStaff('Lịch tiêm chủng\nThứ Bảy này tiêm chủng tại trạm y tế xã.\n\nMang theo sổ tiêm.');
    expect(preview[0]).toEqual(
      announcementReply('Lịch tiêm chủng', 'Thứ Bảy này tiêm chủng tại trạm y tế xã.\n\nMang theo sổ tiêm.'),
    );
    expect(preview[0]!.sections).toHaveLength(2);
    const payloads = preview[1]!.buttons!.map((b) => b.payload);
    expect(payloads).toContain('/thongbao chon thon-dong');
    const aud = await asStaff('/thongbao chon thon-dong');
    expect(aud[0]!.title).toContain('Thôn Đông');
    expect(aud[0]!.title).toContain('(1 nơi nhận hiện tại)');
    expect((await asStaff('25:00 hôm qua'))[0]!.title).toBe('Thời gian chưa đúng.');
    const when = await asStaff('08:00 01/12/2099');
    expect(when[0]!.title).toBe('Xác nhận gửi thông báo');
    expect(all(when)).toContain('Gửi lúc 08:00 01/12/2099');
    const done = await asStaff('/thongbao xacnhan');
    expect(done[0]!.title).toMatch(/^Đã tạo thông báo #\d+\.$/);
    const row = app.db.prepare('SELECT id, next_run_at, audience, title, notify_chat FROM ann_announcements').get() as {
      id: number;
      next_run_at: number;
      audience: string;
      title: string;
      notify_chat: string;
    };
    expect(new Date(row.next_run_at).toISOString()).toBe('2099-12-01T01:00:00.000Z');
    expect(JSON.parse(row.audience)).toEqual({ kind: 'topic', topic: 'thon:thon-dong' });
    expect(row.notify_chat).toBe('staff1');
    expect(all(await asStaff('/thongbao ds'))).toContain(`#${row.id} Lịch tiêm chủng: 08:00 01/12/2099`);
    await asStaff(`/thongbao sua ${row.id}`);
    const edited = await asStaff('Lịch tiêm chủng (sửa)\nĐổi sang Chủ nhật.');
    expect(edited[1]!.title).toBe(`Đã sửa thông báo #${row.id}.`);
    expect(all(await asStaff(`/thongbao doigio ${row.id} 09:30 02/12/2099`))).toContain('09:30 02/12/2099');
    expect(all(await asStaff(`/thongbao huy ${row.id}`))).toContain(`Đã hủy thông báo #${row.id}.`);
    expect(app.db.prepare('SELECT status, title FROM ann_announcements').get()).toEqual({
      status: 'cancelled',
      title: 'Lịch tiêm chủng (sửa)',
    });
  });

  it('accepts a cron schedule and rejects a bad one', async () => {
    await asStaff('/thongbao moi');
    await asStaff('Nhắc nộp thuế');
    await asStaff('/thongbao chon all');
    await asStaff('/thongbao luc dinhky');
    expect((await asStaff('every day'))[0]!.title).toBe('Lịch chưa đúng.');
    await asStaff('0 8 1 * *');
    await asStaff('/thongbao xacnhan');
    expect(app.db.prepare('SELECT schedule_kind, cron FROM ann_announcements').get()).toEqual({
      schedule_kind: 'cron',
      cron: '0 8 1 * *',
    });
  });

  it('refuses a schedule more often than once a day, showing the next five runs, and previews the next runs', async () => {
    await asStaff('/thongbao moi');
    await asStaff('Nhắc nộp thuế');
    await asStaff('/thongbao chon all');
    await asStaff('/thongbao luc dinhky');
    const [refused] = await asStaff('* * * * *');
    expect(refused!.title).toBe('Lịch chưa đúng.');
    const text = refused!.sections[0]!.text!;
    expect(text).toContain('Lịch này gửi quá dày');
    expect(text.match(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/g)).toHaveLength(5);
    const [preview] = await asStaff('0 8 1 * *');
    expect(preview!.sections[0]!.text).toMatch(
      /các lần gửi tới: 08:00 01\/\d{2}\/\d{4}; 08:00 01\/\d{2}\/\d{4}; 08:00 01\//,
    );
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM ann_announcements').get()).toEqual({ n: 0 });
  });
});
