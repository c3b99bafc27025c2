import { describe, expect, it } from 'vitest';
import { cronError, upcomingRunsText } from '../../src/announcements/time.js';

const TZ = 'Asia/Ho_Chi_Minh';
const now = Date.UTC(2026, 11, 1, 3, 0); // 10:00 01/12/2026 in Vietnam

describe('recurring schedules a person means', () => {
  it.each([
    ['0 8 1 * *', undefined],
    ['0 8 * * *', undefined],
    ['30 7 * * 1', undefined],
    ['0 8 1,15 * *', undefined],
  ])('accepts %s', (cron, expected) => {
    expect(cronError(cron, TZ, { now })).toBe(expected);
  });

  it.each([
    ['* * * * *', 'every minute'],
    ['* * * * * *', 'every second'],
    ['* * * * * * *', 'seconds and a year field'],
    ['0 * * * *', 'every hour'],
    ['0 8,17 * * *', 'twice a day'],
  ])('refuses %s (%s) with the next five runs', (cron) => {
    const e = cronError(cron, TZ, { now });
    expect(e).toContain('Lịch này gửi quá dày');
    expect(e?.match(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/g)).toHaveLength(5);
  });

  it('follows the configured minimum', () => {
    expect(cronError('0 8,17 * * *', TZ, { now, minIntervalHours: 6 })).toBeUndefined();
    expect(cronError('0 8 * * *', TZ, { now, minIntervalHours: 48 })).toContain('ít nhất 2 ngày');
  });

  it('still refuses what is not cron, and lists runs in Vietnam time', () => {
    expect(cronError('every day', TZ, { now })).toContain('chưa đúng dạng cron');
    expect(upcomingRunsText('0 8 1 * *', TZ, now, 3)).toBe('08:00 01/01/2027; 08:00 01/02/2027; 08:00 01/03/2027');
  });
});
