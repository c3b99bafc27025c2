/**
 * Reporting periods (month, quarter, half-year, year) as time ranges in the
 * commune's time zone: `2026-03`, `2026Q1`, `2026H1`, `2026`.
 */
import { tzOffsetMinutes } from '../core/time.js';

/** A reporting period `[from, to)` in epoch milliseconds. */
export interface Period {
  kind: 'month' | 'quarter' | 'half' | 'year';
  /** Canonical label, also used in file names: `2026Q1`, `2026-03`, `2026H1`, `2026`. */
  label: string;
  /** Vietnamese title: "Quý I/2026". */
  title: string;
  from: number;
  to: number;
  /** Number of calendar months covered. */
  months: number;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Offset (ms) of a time zone at an instant: local wall time minus UTC. */
function tzOffset(ts: number, timeZone: string): number {
  return tzOffsetMinutes(timeZone, ts) * 60_000;
}

/** Epoch ms of local midnight on the first day of `month` (1–12, may overflow into the next year). */
export function localMonthStart(year: number, month: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, 1);
  let t = guess - tzOffset(guess, timeZone);
  t = guess - tzOffset(t, timeZone);
  return t;
}

function make(
  kind: Period['kind'],
  label: string,
  title: string,
  year: number,
  firstMonth: number,
  months: number,
  tz: string,
): Period {
  return {
    kind,
    label,
    title,
    from: localMonthStart(year, firstMonth, tz),
    to: localMonthStart(year, firstMonth + months, tz),
    months,
  };
}

type PeriodPattern = [RegExp, (y: number, n: number, timeZone: string) => Period | undefined];

const PATTERNS: PeriodPattern[] = [
  [
    /^(\d{4})-?Q([1-4])$/,
    (y, q, tz) => make('quarter', `${y}Q${q}`, `Quý ${ROMAN[q - 1]}/${y}`, y, (q - 1) * 3 + 1, 3, tz),
  ],
  [
    /^(\d{4})-?H([12])$/,
    (y, h, tz) =>
      make('half', `${y}H${h}`, `${h === 1 ? '6 tháng đầu' : '6 tháng cuối'} năm ${y}`, y, h === 1 ? 1 : 7, 6, tz),
  ],
  [
    /^(\d{4})-(\d{1,2})$/,
    (y, mo, tz) =>
      mo < 1 || mo > 12
        ? undefined
        : make('month', `${y}-${String(mo).padStart(2, '0')}`, `Tháng ${mo}/${y}`, y, mo, 1, tz),
  ],
  [/^(\d{4})$/, (y, _n, tz) => make('year', `${y}`, `Năm ${y}`, y, 1, 12, tz)],
];

/** Parses `2026Q1`, `2026-03`, `2026H1` or `2026`; undefined when malformed. */
export function parsePeriod(s: string, timeZone = 'Asia/Ho_Chi_Minh'): Period | undefined {
  const t = s.trim().toUpperCase();
  for (const [re, build] of PATTERNS) {
    const m = re.exec(t);
    if (m) return build(Number(m[1]), Number(m[2] ?? 0), timeZone);
  }
  return undefined;
}

/** The calendar month containing `now`. */
export function currentMonth(now: number, timeZone = 'Asia/Ho_Chi_Minh'): Period {
  const local = new Date(now + tzOffset(now, timeZone));
  return parsePeriod(`${local.getUTCFullYear()}-${local.getUTCMonth() + 1}`, timeZone)!;
}

/** The quarter containing `now`. */
export function currentQuarter(now: number, timeZone = 'Asia/Ho_Chi_Minh'): Period {
  const local = new Date(now + tzOffset(now, timeZone));
  const q = Math.floor(local.getUTCMonth() / 3) + 1;
  return parsePeriod(`${local.getUTCFullYear()}Q${q}`, timeZone)!;
}
