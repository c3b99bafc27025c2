/**
 * Local time (Asia/Ho_Chi_Minh by default) for schedules: parsing what staff
 * type, formatting what they read, and the next cron occurrence (croner).
 */
import { Cron } from 'croner';
import { tzOffsetMinutes } from '../core/time.js';

export { tzOffsetMinutes };

/** Local wall-clock fields of an instant. */
export function localParts(
  tz: string,
  at: number,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(at + tzOffsetMinutes(tz, at) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** Instant of a local wall-clock time. */
export function fromLocal(tz: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const off = tzOffsetMinutes(tz, guess - tzOffsetMinutes(tz, guess) * 60_000);
  return guess - off * 60_000;
}

/**
 * Parses a local date and time as staff write it: `08:00 01/12/2026`,
 * `01/12/2026 08:00`, `2026-12-01 08:00`, or `08:00` (today, or tomorrow if passed).
 * Returns the instant, or an error message in Vietnamese.
 */
export function parseLocalDateTime(
  input: string,
  tz: string,
  now: number,
): { ok: true; at: number } | { ok: false; error: string } {
  const s = input
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*(giờ|h)\s*(?=\d)/i, ':');
  const time = /(\d{1,2})[:h](\d{2})/i.exec(s);
  const dmy = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(s);
  const ymd = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  const bad = { ok: false as const, error: 'Thời gian chưa đúng dạng. Ví dụ: 08:00 01/12/2026.' };
  if (!time) return bad;
  const h = Number(time[1]);
  const mi = Number(time[2]);
  if (h > 23 || mi > 59) return bad;
  let y: number, mo: number, d: number;
  if (ymd) [y, mo, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else if (dmy) [d, mo, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else {
    const t = localParts(tz, now);
    let at = fromLocal(tz, t.year, t.month, t.day, h, mi);
    if (at <= now) at += 24 * 3600_000;
    return { ok: true, at };
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return bad;
  const at = fromLocal(tz, y, mo, d, h, mi);
  const back = localParts(tz, at);
  if (back.day !== d || back.month !== mo) return bad;
  return { ok: true, at };
}

/** `08:00 01/12/2026` in the given zone. */
export function formatLocal(at: number, tz: string): string {
  const p = localParts(tz, at);
  const z = (n: number) => String(n).padStart(2, '0');
  return `${z(p.hour)}:${z(p.minute)} ${z(p.day)}/${z(p.month)}/${p.year}`;
}

/** Default shortest gap between two runs of a recurring announcement: once a day. */
export const DEFAULT_MIN_CRON_INTERVAL_HOURS = 24;
/** How many upcoming runs are checked for a gap that is too short. */
const RUNS_CHECKED = 60;

/** The next `n` runs of a cron pattern after `after` (fewer when the pattern ends). */
export function nextCronRuns(pattern: string, tz: string, after: number, n: number): number[] {
  return new Cron(pattern, { timezone: tz, paused: true }).nextRuns(n, new Date(after)).map((d) => d.getTime());
}

/** "08:00 01/12/2026; 08:00 02/12/2026; …": upcoming runs in Vietnam time, for previews and refusals. */
export function upcomingRunsText(pattern: string, tz: string, after: number, n = 5): string {
  return runsText(nextCronRuns(pattern, tz, after, n), tz);
}

function runsText(runs: readonly number[], tz: string): string {
  return runs.map((t) => formatLocal(t, tz)).join('; ');
}

/**
 * Validates a cron pattern: its form, and that it does not send more often
 * than once every `minIntervalHours` (an easy slip: "* * * * *" is every
 * minute). Returns an error in Vietnamese, with the next five runs, or undefined.
 *
 * @example
 * ```ts
 * cronError('0 8 1 * *', 'Asia/Ho_Chi_Minh'); // undefined: 8 giờ sáng ngày 1 hằng tháng
 * cronError('* * * * *', 'Asia/Ho_Chi_Minh'); // "Lịch này gửi quá dày: …"
 * ```
 */
export function cronError(
  pattern: string,
  tz: string,
  opts: { now?: number; minIntervalHours?: number } = {},
): string | undefined {
  const r = checkCron(pattern, tz, opts);
  return r === NOT_CRON ? 'Lịch định kỳ chưa đúng dạng cron. Ví dụ: "0 8 1 * *" (8 giờ sáng ngày 1 hằng tháng).' : r;
}

/**
 * {@link cronError} without the error for a pattern that is not cron at all:
 * for checks that run after a schema has reported the form (declared-check.ts).
 */
export function cronRunsError(
  pattern: string,
  tz: string,
  opts: { now?: number; minIntervalHours?: number } = {},
): string | undefined {
  const r = checkCron(pattern, tz, opts);
  return r === NOT_CRON ? undefined : r;
}

const NOT_CRON = Symbol('not cron');

function checkCron(
  pattern: string,
  tz: string,
  opts: { now?: number; minIntervalHours?: number },
): string | typeof NOT_CRON | undefined {
  let runs: number[];
  try {
    runs = nextCronRuns(pattern, tz, opts.now ?? Date.now(), RUNS_CHECKED);
  } catch {
    return NOT_CRON;
  }
  if (runs.length === 0) return 'Lịch định kỳ này không có lần gửi nào sắp tới.';
  const minHours = opts.minIntervalHours ?? DEFAULT_MIN_CRON_INTERVAL_HOURS;
  const tooClose = runs.some((t, i) => i > 0 && t - runs[i - 1]! < minHours * 3_600_000);
  if (!tooClose) return undefined;
  const every = minHours % 24 === 0 ? `${minHours / 24 === 1 ? 'một' : minHours / 24} ngày` : `${minHours} giờ`;
  return `Lịch này gửi quá dày: mỗi thông báo định kỳ cách nhau ít nhất ${every}. Năm lần gửi tới theo lịch "${pattern}": ${runsText(runs.slice(0, 5), tz)}. Ví dụ lịch đúng: "0 8 1 * *" (8 giờ sáng ngày 1 hằng tháng).`;
}

/** The first occurrence of a cron pattern strictly after `after`, or null. */
export function nextCronRun(pattern: string, tz: string, after: number): number | null {
  const next = new Cron(pattern, { timezone: tz, paused: true }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}
