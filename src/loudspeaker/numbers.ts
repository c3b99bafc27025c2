/**
 * Numbers, digits, dates and times read the way a commune announcer reads
 * them on the loudspeakers. Whole numbers go through `read-vietnamese-number`
 * (maintained, handles "mốt", "lăm", "tư", "lẻ" and large numbers); what it
 * does not cover (digit-by-digit codes, clock times with "sáng/chiều", dates
 * with "mùng") is written here.
 *
 * @example
 * ```ts
 * readNumber('2026'); // "hai nghìn không trăm hai mươi sáu"
 * readDate(1, 12, 2026); // "ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu"
 * readTime(8, 0); // "tám giờ sáng"
 * ```
 */
import { doReadNumber, ReadingConfig } from 'read-vietnamese-number';

const config = new ReadingConfig();
config.unit = [];

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** A whole number (digits only, any size) in words. */
export function readNumber(digits: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '');
  return doReadNumber(clean, config);
}

/** A decimal written the Vietnamese way ("1,5" or "12,25") in words: "một phẩy năm". */
export function readDecimal(whole: string, fraction: string): string {
  const frac = fraction.startsWith('0') ? readDigits(fraction) : readNumber(fraction);
  return `${readNumber(whole)} phẩy ${frac}`;
}

/** Each digit on its own: codes, phone numbers ("113" → "một một ba"). */
export function readDigits(digits: string): string {
  return [...digits]
    .filter((c) => c >= '0' && c <= '9')
    .map((c) => DIGITS[Number(c)])
    .join(' ');
}

/**
 * A phone number read in the groups it was written in, digit by digit,
 * with a short pause (comma) between groups: "0225 3842 123" → "không hai
 * hai năm, ba tám bốn hai, một hai ba".
 */
export function readPhone(written: string): string {
  let groups = written.split(/[\s.-]+/).filter(Boolean);
  // Written in one block: the usual grouping, 4-3-3 (10 digits) or 4-3-4 (11), 4-4 for 1900/1800 numbers.
  const one = groups[0] ?? '';
  if (groups.length === 1 && one.length >= 8) groups = [one.slice(0, 4), one.slice(4, 7), one.slice(7)].filter(Boolean);
  if (groups.length === 1 && one.length === 8) groups = [one.slice(0, 4), one.slice(4)];
  return groups.map(readDigits).join(', ');
}

const MONTHS = ['', 'một', 'hai', 'ba', 'tư', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười', 'mười một', 'mười hai'];

/** A day of the month: "mùng một" … "mùng mười", then "mười một" … */
export function readDay(day: number): string {
  return day <= 10 ? `mùng ${readNumber(String(day))}` : readNumber(String(day));
}

/** A date in words, each part optional after the month. */
export function readDate(day: number | undefined, month: number, year?: number): string {
  const parts: string[] = [];
  if (day !== undefined) parts.push(`ngày ${readDay(day)}`);
  parts.push(`tháng ${MONTHS[month]}`);
  if (year !== undefined) parts.push(`năm ${readNumber(String(year))}`);
  return parts.join(' ');
}

/** Part of the day an hour falls in, as announcers say it. */
function partOfDay(hour: number): string {
  if (hour < 4) return 'đêm';
  if (hour < 11) return 'sáng';
  if (hour < 13) return 'trưa';
  if (hour < 18) return 'chiều';
  if (hour < 22) return 'tối';
  return 'đêm';
}

/**
 * A clock time on the 12-hour dial with the part of the day (midnight is "không giờ"):
 * 08:00 → "tám giờ sáng", 14:30 → "hai giờ ba mươi phút chiều", 12:00 → "mười hai giờ trưa".
 */
export function readTime(hour: number, minute: number): string {
  const m = minute === 0 ? '' : ` ${readNumber(String(minute))} phút`;
  // Midnight is "không giờ", with no part of the day.
  if (hour === 0) return `không giờ${m}`;
  const dial = hour > 12 ? hour - 12 : hour;
  return `${readNumber(String(dial))} giờ${m} ${partOfDay(hour)}`;
}

/** Whether d/m(/y) is a real calendar date (so "1/2" of a fraction or a ratio is not read as a date). */
export function isDate(day: number, month: number, year?: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const y = year ?? 2024; // a leap year, so 29/02 without a year is allowed
  return day <= new Date(Date.UTC(y, month, 0)).getUTCDate();
}
