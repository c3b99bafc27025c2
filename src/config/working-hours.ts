/**
 * Working hours as a configuration value (`HANDOFF_HOURS`), parsed strictly:
 *
 * ```
 * Mon-Fri 07:30-11:30,13:30-17:00
 * Mon-Fri 07:30-11:30,13:30-17:00; Sat 07:30-11:30
 * T2-T6 07:30-11:30,13:30-17:00
 * off
 * ```
 *
 * Groups are separated by `;`. A group is days (`Mon`…`Sun` or `T2`…`T7`,
 * `CN`; a range `Mon-Fri` or a list `Mon,Wed,Fri`), a space, then one or
 * more `HH:MM-HH:MM` ranges separated by commas (`24:00` ends the day).
 * `off` means never (every request becomes a ticket). Times are local
 * times of the commune's time zone (`TZ_NAME`); public holidays are not known.
 */
import { tzOffsetMinutes } from '../core/time.js';

/** One open range of a day, in minutes since local midnight: `[start, end)`. */
export type MinuteRange = readonly [number, number];

/** Parsed working hours. */
export interface WorkingHours {
  /** The text as configured (trimmed). */
  spec: string;
  /** Open ranges per weekday, 0 = Sunday … 6 = Saturday, sorted. */
  days: MinuteRange[][];
  /** Vietnamese label for residents, e.g. "Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00". */
  label: string;
}

/** The default: the usual hours of a commune office. */
export const DEFAULT_WORKING_HOURS = 'Mon-Fri 07:30-11:30,13:30-17:00';

const DAY_CODES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  cn: 0,
  t2: 1,
  t3: 2,
  t4: 3,
  t5: 4,
  t6: 5,
  t7: 6,
};
const DAY_LABELS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** Result of {@link parseWorkingHours}: the hours, or one Vietnamese sentence saying what is wrong. */
export type ParseHoursResult = { ok: true; hours: WorkingHours } | { ok: false; error: string };

function dayOf(token: string): number | undefined {
  return DAY_CODES[token.toLowerCase()];
}

/** Days of a token such as `Mon-Fri`, `Sat`, `Mon,Wed`; Monday-first order for ranges (`Sat-Sun`, `T7-CN`). */
function parseDays(token: string): { days: number[]; label: string } | string {
  const days: number[] = [];
  const labels: string[] = [];
  for (const part of token.split(',')) {
    const m = /^([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?$/.exec(part);
    const a = m ? dayOf(m[1]!) : undefined;
    const b = m?.[2] !== undefined ? dayOf(m[2]) : a;
    if (!m || a === undefined || b === undefined) {
      return `không hiểu ngày "${part}" (dùng Mon, Tue, Wed, Thu, Fri, Sat, Sun hoặc T2–T7, CN; ví dụ Mon-Fri)`;
    }
    // Monday-first week: Sunday is the last day.
    const from = (a + 6) % 7;
    const to = (b + 6) % 7;
    if (to < from) return `khoảng ngày "${part}" phải đi từ đầu tuần về cuối tuần (ví dụ Mon-Fri)`;
    for (let i = from; i <= to; i++) days.push((i + 1) % 7);
    labels.push(a === b ? DAY_LABELS[a]! : `${DAY_LABELS[a]}–${DAY_LABELS[b]}`);
  }
  return { days, label: labels.join(', ') };
}

function parseTime(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

function parseRanges(token: string): MinuteRange[] | string {
  const out: MinuteRange[] = [];
  for (const part of token.split(',')) {
    const m = /^([^-]+)-([^-]+)$/.exec(part);
    if (!m) return `khung giờ "${part}" phải có dạng HH:MM-HH:MM (ví dụ 07:30-11:30)`;
    const start = parseTime(m[1]!);
    const end = parseTime(m[2]!);
    if (start === undefined || end === undefined)
      return `khung giờ "${part}": giờ phải có dạng HH:MM, từ 00:00 đến 24:00`;
    if (end <= start) return `khung giờ "${part}": giờ kết thúc phải sau giờ bắt đầu`;
    out.push([start, end]);
  }
  return out;
}

function hhmm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** Parses working hours (see the module comment); never throws. */
export function parseWorkingHours(text: string): ParseHoursResult {
  const spec = text.trim().replace(/\s+/g, ' ');
  const days: MinuteRange[][] = [[], [], [], [], [], [], []];
  if (/^(off|never|khong|không)$/i.test(spec))
    return { ok: true, hours: { spec, days, label: 'không nhận trò chuyện trực tiếp' } };
  const labels: string[] = [];
  for (const rawGroup of spec.split(';')) {
    const group = rawGroup.trim();
    const m = /^(\S+) (\S+)$/.exec(group.replace(/\s*([,-])\s*/g, '$1'));
    if (!m)
      return {
        ok: false,
        error: `nhóm "${group}" phải có dạng <ngày> <khung giờ>, ví dụ Mon-Fri 07:30-11:30,13:30-17:00`,
      };
    const d = parseDays(m[1]!);
    if (typeof d === 'string') return { ok: false, error: d };
    const ranges = parseRanges(m[2]!);
    if (typeof ranges === 'string') return { ok: false, error: ranges };
    for (const day of d.days) days[day]!.push(...ranges);
    labels.push(`${d.label} ${ranges.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(', ')}`);
  }
  for (const [i, list] of days.entries()) {
    list.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < list.length; k++) {
      if (list[k]![0] < list[k - 1]![1])
        return { ok: false, error: `các khung giờ của ${DAY_LABELS[i]} chồng lên nhau` };
    }
  }
  return { ok: true, hours: { spec, days, label: labels.join('; ') } };
}

/** Whether `ts` falls within the working hours, in time zone `tz`. */
export function isWithinHours(h: WorkingHours, ts: number, tz: string): boolean {
  const local = new Date(ts + tzOffsetMinutes(tz, ts) * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return (h.days[local.getUTCDay()] ?? []).some(([a, b]) => minute >= a && minute < b);
}

/** Whether the hours are never open (`off`). */
export function neverOpen(h: WorkingHours): boolean {
  return h.days.every((d) => d.length === 0);
}
