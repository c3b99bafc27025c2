/**
 * Handoff data: working hours parsing (HANDOFF_HOURS), the atomic take across
 * two database connections, transcript retention, and the report figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handoffHandles } from '../../src/admin/handoff/plugin.js';
import {
  addMessage,
  getHandoff,
  insertHandoff,
  markEnded,
  markExpired,
  markTaken,
  rateHandoff,
} from '../../src/admin/handoff/store.js';
import { parsePeriod } from '../../src/admin/period.js';
import { collectReport } from '../../src/admin/report-data.js';
import { reportCsv, reportMarkdown } from '../../src/admin/report-render.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { rememberChoices, resolveChoice } from '../../src/channels/shared/choices.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { isWithinHours, parseWorkingHours } from '../../src/config/working-hours.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { makeTestApp, replyText, type TestApp } from './helpers.js';

const MIN = 60_000;
const DAY = 86_400_000;
/** Local (UTC+7) time as epoch ms. */
const vn = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 7, min);
const TZ = 'Asia/Ho_Chi_Minh';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('HANDOFF_HOURS', () => {
  it('parses days, ranges and groups, in the commune time zone', () => {
    const r = parseWorkingHours('Mon-Fri 07:30-11:30,13:30-17:00; Sat 07:30-11:30');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hours.label).toBe('Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00; Thứ Bảy 07:30–11:30');
    const open = (ts: number) => isWithinHours(r.hours, ts, TZ);
    // 10 March 2026 is a Tuesday.
    expect(open(vn(2026, 3, 10, 7, 29))).toBe(false);
    expect(open(vn(2026, 3, 10, 7, 30))).toBe(true);
    expect(open(vn(2026, 3, 10, 11, 30))).toBe(false);
    expect(open(vn(2026, 3, 10, 12, 15))).toBe(false);
    expect(open(vn(2026, 3, 10, 16, 59))).toBe(true);
    expect(open(vn(2026, 3, 10, 17, 0))).toBe(false);
    expect(open(vn(2026, 3, 14, 9))).toBe(true); // Saturday morning
    expect(open(vn(2026, 3, 14, 14))).toBe(false); // Saturday afternoon
    expect(open(vn(2026, 3, 15, 9))).toBe(false); // Sunday
    // Vietnamese day names, lists, spaces around separators, the whole day.
    const vnNames = parseWorkingHours('T2 - T6 07:30 - 11:30 ; T7,CN 00:00-24:00');
    expect(vnNames.ok && isWithinHours(vnNames.hours, vn(2026, 3, 15, 23, 59), TZ)).toBe(true);
    expect(vnNames.ok && vnNames.hours.label).toBe('Thứ Hai–Thứ Sáu 07:30–11:30; Thứ Bảy, Chủ nhật 00:00–24:00');
    const off = parseWorkingHours('off');
    expect(off.ok && isWithinHours(off.hours, vn(2026, 3, 10, 10), TZ)).toBe(false);
  });

  it('refuses malformed hours with a clear message at start-up', () => {
    const bad: [string, string][] = [
      ['Mon-Fri 13:30-12:00', 'khung giờ "13:30-12:00": giờ kết thúc phải sau giờ bắt đầu'],
      ['Mon-Fry 07:30-11:30', 'không hiểu ngày "Mon-Fry"'],
      ['Mon-Fri 7:30-11:30', 'giờ phải có dạng HH:MM'],
      ['Mon-Fri 07:30-25:00', 'giờ phải có dạng HH:MM'],
      ['Mon-Fri', 'phải có dạng <ngày> <khung giờ>'],
      ['Fri-Mon 07:30-11:30', 'phải đi từ đầu tuần về cuối tuần'],
      ['Mon-Fri 07:30-11:30,11:00-12:00', 'chồng lên nhau'],
      ['Mon-Fri 07:30-11:30;', 'phải có dạng <ngày> <khung giờ>'],
    ];
    for (const [spec, message] of bad) {
      const r = parseWorkingHours(spec);
      expect(r.ok, spec).toBe(false);
      if (!r.ok) expect(r.error, spec).toContain(message);
    }
    let err: unknown;
    try {
      parseConfig({ HANDOFF_HOURS: 'Mon-Fri 13:30-12:00', HANDOFF_WAIT_MINUTES: '0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.split('\n')).toEqual([
      'HANDOFF_HOURS: khung giờ "13:30-12:00": giờ kết thúc phải sau giờ bắt đầu (ví dụ: HANDOFF_HOURS=Mon-Fri 07:30-11:30,13:30-17:00)',
      'HANDOFF_WAIT_MINUTES: phải là số nguyên từ 1 đến 240 (ví dụ: HANDOFF_WAIT_MINUTES=10)',
    ]);
    const c = parseConfig({});
    expect(c.HANDOFF_HOURS.label).toBe('Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00');
    expect([c.HANDOFF_WAIT_MINUTES, c.HANDOFF_IDLE_MINUTES, c.HANDOFF_RETENTION_DAYS]).toEqual([10, 30, undefined]);
  });

  it('with HANDOFF_HOURS=off every request becomes a ticket', async () => {
    t = await makeTestApp({ STAFF_CHAT: 'telegram:-100777', HANDOFF_HOURS: 'off' });
    const r = await t.say('telegram', 'r-1', '/gapcanbo');
    expect(r[0]!.title).toBe('Đã ghi yêu cầu thành phản ánh số 1');
  });
});

describe('the take is atomic', () => {
  it('lets one of two connections win when both saw the request waiting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-race-'));
    const path = join(dir, 'db.sqlite');
    const a = openDatabase(path, ALL_MIGRATIONS);
    const b = openDatabase(path, ALL_MIGRATIONS);
    try {
      const id = insertHandoff(a, {
        channel: 'telegram',
        chatId: 'r',
        userId: 'r',
        userHash: 'h',
        state: 'waiting',
        now: 1,
      });
      expect(getHandoff(a, id)!.state).toBe('waiting');
      expect(getHandoff(b, id)!.state).toBe('waiting');
      const take = (db: Db, who: string) =>
        markTaken(db, id, {
          staffHash: who,
          staffPrincipal: `telegram:${who}`,
          staffChat: who,
          staffLabel: 'Cán bộ xã',
          now: 2,
        });
      expect([take(a, 's1'), take(b, 's2')]).toEqual([true, false]);
      expect(getHandoff(b, id)!.staffPrincipal).toBe('telegram:s1');
      // Nor can the expiry close a request that was just taken.
      expect(markExpired(b, id, 3)).toBe(false);
      // One active conversation per staff member, enforced by the table itself too.
      const id2 = insertHandoff(a, {
        channel: 'telegram',
        chatId: 'r2',
        userId: 'r2',
        userHash: 'h2',
        state: 'waiting',
        now: 1,
      });
      expect(() =>
        a.prepare(`UPDATE handoffs SET state = 'active', staff_principal = 'telegram:s1' WHERE id = ?`).run(id2),
      ).toThrow(/UNIQUE|duplicate key/);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('numbered choices on plain-text channels', () => {
  it('are forgotten by a reply with an empty button list, so a bare number reaches the staff member as text', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    rememberChoices(db, 'zalo-bot', 'r', [{ label: 'Khai sinh', payload: '/xem khai-sinh' }], 1000);
    expect(resolveChoice(db, 'zalo-bot', 'r', '1', 2000)).toBe('/xem khai-sinh');
    rememberChoices(db, 'zalo-bot', 'r', [], 3000);
    expect(resolveChoice(db, 'zalo-bot', 'r', '1', 4000)).toBeUndefined();
  });
});

describe('retention of transcripts', () => {
  it('erases texts, names and platform ids after HANDOFF_RETENTION_DAYS, keeping the figures', async () => {
    t = await makeTestApp({
      STAFF_IDS: 'zalo-oa:staff2',
      STAFF_CHAT: 'telegram:-100777',
      HANDOFF_RETENTION_DAYS: '30',
      FEEDBACK_RETENTION_DAYS: '365',
    });
    const { desk, service } = handoffHandles(t.app)!;
    expect(desk.settings.retentionDays).toBe(30);
    await t.say('telegram', 'old', 'tôi muốn gặp cán bộ về tranh chấp đất', { userName: 'Bà Lan' });
    await t.say('zalo-oa', 'staff2', '/nhan 1');
    await t.say('zalo-oa', 'staff2', 'Bạn gửi giúp số thửa đất nhé');
    await t.say('telegram', 'old', 'Thửa số 123, tờ bản đồ 4');
    await t.say('telegram', 'old', '/ketthuc');
    t.clock.now += 20 * DAY;
    await t.say('telegram', 'new', '/gapcanbo');
    await t.say('telegram', 'new', 'Hỏi về trợ cấp');
    await t.say('telegram', 'new', '/ketthuc');

    expect(service.purgeOnce()).toBe(0);
    t.clock.now += 11 * DAY;
    expect(service.purgeOnce()).toBe(1);
    expect(desk.transcript(1)).toEqual([]);
    expect(desk.get(1)).toMatchObject({
      chatId: null,
      userId: null,
      userName: null,
      staffPrincipal: null,
      staffChat: null,
      state: 'ended',
    });
    expect(desk.get(1)!.purgedAt).toBe(t.clock.now);
    expect(desk.get(1)!.takenAt).not.toBeNull();
    expect(desk.transcript(2).map((m) => m.text)).toEqual(['Hỏi về trợ cấp']);
    const raw = JSON.stringify(t.app.db.prepare('SELECT * FROM handoffs WHERE id = 1').get());
    for (const s of ['Bà Lan', 'old', 'staff2']) expect(raw).not.toContain(s);
    expect(JSON.stringify(t.app.db.prepare('SELECT * FROM handoff_messages').all())).not.toContain('Thửa số 123');
    expect(service.purgeOnce()).toBe(0);
    // The service purges at start too, then on its interval.
    t.clock.now += 30 * DAY;
    service.start();
    service.stop();
    expect(desk.transcript(2)).toEqual([]);
  });

  it('keeps transcripts as long as tickets when HANDOFF_RETENTION_DAYS is not set', async () => {
    t = await makeTestApp({ FEEDBACK_RETENTION_DAYS: '45' });
    expect(handoffHandles(t.app)!.desk.settings.retentionDays).toBe(45);
  });
});

describe('report figures', () => {
  function fill(db: Db): void {
    const h = (at: number, chat: string) =>
      insertHandoff(db, { channel: 'telegram', chatId: chat, userId: chat, userHash: chat, state: 'waiting', now: at });
    const take = (id: number, at: number, who: string) =>
      markTaken(db, id, {
        staffHash: who,
        staffPrincipal: `telegram:${who}`,
        staffChat: who,
        staffLabel: 'Cán bộ xã',
        now: at,
      });
    const a = h(vn(2026, 2, 3, 9), 'a');
    take(a, vn(2026, 2, 3, 9) + 2 * MIN, 's1');
    addMessage(db, a, 'resident', 'x', vn(2026, 2, 3, 9, 5));
    markEnded(db, a, 'resident', vn(2026, 2, 3, 9, 10));
    rateHandoff(db, a, 'a', true);
    const b = h(vn(2026, 2, 4, 9), 'b');
    take(b, vn(2026, 2, 4, 9) + 6 * MIN, 's2');
    markEnded(db, b, 'staff', vn(2026, 2, 4, 9, 30));
    rateHandoff(db, b, 'b', false);
    const c = h(vn(2026, 2, 5, 9), 'c');
    take(c, vn(2026, 2, 5, 9) + 4 * MIN, 's1'); // still active at the report
    const e = h(vn(2026, 2, 6, 9), 'e');
    markExpired(db, e, vn(2026, 2, 6, 9, 10));
    const w = h(vn(2026, 2, 7, 9), 'w');
    markEnded(db, w, 'resident', vn(2026, 2, 7, 9, 1)); // cancelled while waiting
    insertHandoff(db, {
      channel: 'zalo-oa',
      chatId: 'z',
      userId: 'z',
      userHash: 'z',
      state: 'ticketed',
      now: vn(2026, 2, 7, 20),
    });
    const later = h(vn(2026, 4, 2, 9), 'l'); // next quarter
    take(later, vn(2026, 4, 2, 9) + 60 * MIN, 's3');
  }

  it('counts requests, takes, tickets, expiries and waiting times of the period', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    fill(db);
    const d = collectReport(db, parsePeriod('2026Q1')!);
    expect(d.handoffs).toEqual({
      available: true,
      requested: 6,
      taken: 3,
      ticketed: 1,
      expired: 1,
      cancelled: 1,
      medianWaitMs: 4 * MIN,
      maxWaitMs: 6 * MIN,
      helpful: 1,
      notHelpful: 1,
    });
    const md = reportMarkdown(d);
    expect(md).toContain('## 4. Gặp cán bộ (trò chuyện trực tiếp)');
    expect(md).toContain('- Yêu cầu gặp cán bộ: 6');
    expect(md).toContain('- Có cán bộ nhận trò chuyện: 3 (50%)');
    expect(md).toContain('- Quá thời gian chờ, ghi thành phản ánh: 1');
    expect(md).toContain('- Thời gian chờ đến khi có cán bộ nhận: trung vị 4 phút, lâu nhất 6 phút');
    const csv = reportCsv(d);
    expect(csv).toContain('gap_can_bo,yeu_cau,,6,,\r\n');
    expect(csv).toContain('gap_can_bo,cho_trung_vi_phut,,4,,\r\n');
    expect(csv).toContain('gap_can_bo,cho_lau_nhat_phut,,6,,\r\n');
    expect(collectReport(db, parsePeriod('2026Q2')!).handoffs).toMatchObject({
      requested: 1,
      taken: 1,
      maxWaitMs: 60 * MIN,
    });
  });

  it('tolerates a database without the handoff tables', () => {
    const db = openDatabase(
      ':memory:',
      ALL_MIGRATIONS.filter((m) => !m.id.startsWith('handoff/')),
    );
    const d = collectReport(db, parsePeriod('2026Q1')!);
    expect(d.handoffs.available).toBe(false);
    expect(reportMarkdown(d)).toContain('_Không có số liệu: chưa có dữ liệu gặp cán bộ');
  });

  it('shows the handoff line in the chat summary', async () => {
    t = await makeTestApp({ ADMIN_IDS: 'telegram:admin1' });
    fill(t.app.db);
    const r = await t.say('telegram', 'admin1', '/baocao 2026Q1');
    expect(replyText(r[0]!)).toContain(
      '6 yêu cầu, cán bộ nhận 3, ghi thành phản ánh 2 (quá thời gian chờ 1); chờ trung vị 4 phút, lâu nhất 6 phút.',
    );
  });
});
