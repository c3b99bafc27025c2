import { afterEach, describe, expect, it } from 'vitest';
import { announcementsOf } from '../../src/announcements/index.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';

const env = { ADMIN_IDS: 'telegram:admin1', STAFF_IDS: 'telegram:staff1' };
let t: TestApp;
afterEach(async () => t?.close());

describe('/loa in chat', () => {
  it('gives staff the loudspeaker script of an entry, with numbers in words and the reading time', async () => {
    t = await makeTestApp(env);
    const [r] = await t.say('telegram', 'staff1', '/loa khai-sinh');
    const text = replyText(r!);
    expect(r!.title).toBe('Bài đọc trên loa: Đăng ký khai sinh');
    expect(text).toContain('Alô, alô! Đài truyền thanh');
    expect(text).toMatch(/Thời gian đọc khoảng \d+ (phút|giây)/);
    expect(r!.sections.map((s) => s.text).join(' ')).not.toMatch(/\d/);
  });

  it('reads an announcement by its number', async () => {
    t = await makeTestApp(env);
    const a = announcementsOf(t.app)!.create({
      title: 'Tiếp công dân',
      body: 'Từ 08:00 01/12/2026, UBND xã tiếp công dân.',
      audience: { kind: 'all' },
      schedule: { kind: 'at', at: t.clock.now + 86_400_000 },
      createdBy: 'test',
    });
    const [r] = await t.say('telegram', 'staff1', `/loa ${a.id}`);
    expect(replyText(r!)).toContain(
      'Từ tám giờ sáng ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu, Ủy ban nhân dân xã tiếp công dân.',
    );
  });

  it('refuses residents with the one refusal, and says clearly when the id is unknown', async () => {
    t = await makeTestApp(env);
    const [refused] = await t.say('telegram', 'someone', '/loa khai-sinh');
    expect(replyText(refused!)).toContain('chỉ dành cho cán bộ');
    const [unknown] = await t.say('telegram', 'staff1', '/loa khong-co-muc-nay');
    expect(unknown!.kind).toBe('error');
    expect(replyText(unknown!)).toContain('Không có mục hay thông báo "khong-co-muc-nay"');
  });

  it('is listed in /lenh for staff', async () => {
    t = await makeTestApp(env);
    const [r] = await t.say('telegram', 'staff1', '/lenh');
    expect(replyText(r!)).toContain('/loa <mã mục | số thông báo>');
  });
});
