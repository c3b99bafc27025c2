import { describe, expect, it } from 'vitest';
import { ChannelLimiter, defaultPolicies, TokenBucket, windowOpensAt } from '../../src/announcements/limits.js';
import { splitAnnouncementText } from '../../src/announcements/compose.js';
import { progressBar } from '../../src/announcements/report.js';
import { formatLocal, nextCronRun, parseLocalDateTime } from '../../src/announcements/time.js';
import { vn } from './helpers.js';

const TZ = 'Asia/Ho_Chi_Minh';

describe('local time', () => {
  it('parses the forms staff type, in Vietnam time', () => {
    const now = vn(2026, 11, 22, 10);
    for (const s of [
      '08:00 01/12/2026',
      '01/12/2026 08:00',
      '2026-12-01 08:00',
      '8h00 1/12/2026',
      '8 giờ 00 01-12-2026',
    ]) {
      expect(parseLocalDateTime(s, TZ, now)).toEqual({ ok: true, at: Date.UTC(2026, 11, 1, 1, 0) });
    }
    expect(parseLocalDateTime('09:00', TZ, now)).toEqual({ ok: true, at: vn(2026, 11, 23, 9) });
    expect(parseLocalDateTime('11:00', TZ, now)).toEqual({ ok: true, at: vn(2026, 11, 22, 11) });
    for (const bad of ['', 'mai', '25:00 01/12/2026', '08:00 31/02/2026', '08:00 01/13/2026'])
      expect(parseLocalDateTime(bad, TZ, now).ok).toBe(false);
    expect(formatLocal(Date.UTC(2026, 11, 1, 1, 0), TZ)).toBe('08:00 01/12/2026');
  });

  it('computes the next cron run in Vietnam time', () => {
    expect(nextCronRun('0 8 1 * *', TZ, vn(2026, 11, 22, 10))).toBe(vn(2026, 12, 1, 8));
    expect(nextCronRun('30 7 * * 1', TZ, vn(2026, 11, 22, 10))).toBe(vn(2026, 11, 23, 7, 30));
  });
});

describe('limits', () => {
  it('a token bucket refills at its rate', () => {
    const b = new TokenBucket(10, 2, 0);
    expect(b.tryTake(0)).toBe(true);
    expect(b.tryTake(0)).toBe(true);
    expect(b.tryTake(0)).toBe(false);
    expect(b.waitMs(0)).toBe(100);
    expect(b.tryTake(100)).toBe(true);
  });

  it('a drained bucket gives nothing until the pause ends, then one message and the plain rate (no burst)', () => {
    const b = new TokenBucket(10, 5, 0);
    b.drain(1000);
    expect(b.tryTake(500)).toBe(false);
    expect(b.tryTake(1000)).toBe(true);
    expect(b.tryTake(1000)).toBe(false);
    expect(b.waitMs(1000)).toBe(100);
    expect(b.tryTake(1100)).toBe(true);
    expect(b.tryTake(1100)).toBe(false);
  });

  it('Telegram at a rate just under a 1,000/s limit: a full bucket lets no more than 1,000 through in a second', () => {
    const l = new ChannelLimiter(defaultPolicies({ telegramRate: 980 }).telegram, 0);
    let sent = 0;
    for (let t = 0; t < 1000; t++) while (l.take(String(t), false, t).ok) sent++;
    expect(sent).toBeLessThanOrEqual(1000);
    expect(sent).toBeGreaterThanOrEqual(975);
    l.pause(2000);
    let after = 0;
    for (let t = 1000; t < 3000; t++) while (l.take(String(t), false, t).ok) after++;
    expect(after).toBeLessThanOrEqual(981);
    expect(defaultPolicies().telegram).toMatchObject({ rate: 25, burst: 1 });
  });

  it('limits one group to its per-minute budget without holding back others', () => {
    const l = new ChannelLimiter({ rate: 1000, burst: 1000, groupPerMinute: 20 }, 0);
    for (let i = 0; i < 20; i++) expect(l.take('-100g', true, 0)).toEqual({ ok: true });
    const r = l.take('-100g', true, 0);
    expect(r).toMatchObject({ ok: false, group: true });
    expect(l.take('user', false, 0)).toEqual({ ok: true });
    expect(l.take('-100g', true, 59_999)).toMatchObject({ ok: false, group: true, waitMs: 1 });
    expect(l.take('-100g', true, 60_000)).toEqual({ ok: true });
  });

  it('knows when the promotional window opens', () => {
    const w = { fromMinute: 8 * 60, toMinute: 21 * 60 + 30 };
    expect(windowOpensAt(w, vn(2026, 12, 1, 12), TZ)).toBeNull();
    expect(windowOpensAt(w, vn(2026, 12, 1, 22), TZ)).toBe(vn(2026, 12, 2, 8));
    expect(windowOpensAt(w, vn(2026, 12, 1, 5), TZ)).toBe(vn(2026, 12, 1, 8));
  });
});

describe('text', () => {
  it('takes a short first line as the title', () => {
    expect(splitAnnouncementText('Họp dân\nTối nay 19h')).toEqual({ title: 'Họp dân', body: 'Tối nay 19h' });
    expect(splitAnnouncementText('Chỉ một dòng')).toEqual({ title: null, body: 'Chỉ một dòng' });
    expect(splitAnnouncementText('  \u0000 ')).toBeUndefined();
  });

  it('draws a progress bar', () => {
    expect(progressBar(5, 10, 10)).toBe('[█████░░░░░] 50%');
    expect(progressBar(0, 0, 4)).toBe('[████] 100%');
  });
});
