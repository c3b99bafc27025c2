/**
 * Written Vietnamese turned into what an announcer says: every number,
 * date, time, amount of money, phone number, procedure code, legal document
 * number, web address and abbreviation becomes words, so the text can be
 * read aloud as it is (or given to a speech engine). Rules run in a fixed
 * order, most specific first, so "13/2023/NĐ-CP" is read as a document
 * before "13" could be read as a number. Written by hand: no library reads
 * Vietnamese administrative text; numbers themselves go through
 * `read-vietnamese-number` (see numbers.ts).
 *
 * @example
 * ```ts
 * toSpoken('Nộp trước 08:00 01/12/2026, lệ phí 50.000 đồng, gọi 0225 3842 123.');
 * // "Nộp trước tám giờ sáng ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu,
 * //  lệ phí năm mươi nghìn đồng, gọi không hai hai năm, ba tám bốn hai, một hai ba."
 * ```
 */
import { ABBREVIATIONS, ISSUERS, spellLetters } from './words.js';
import { isDate, readDate, readDecimal, readDigits, readNumber, readPhone, readTime } from './numbers.js';

type Rule = [RegExp, (...m: string[]) => string];

/** Parts of web addresses as announcers say them. */
const HOST_WORDS: Readonly<Record<string, string>> = {
  dichvucong: 'dịch vụ công',
  gov: 'gốp',
  vn: 'vê en',
  com: 'com',
  www: 'vê kép vê kép vê kép',
};

const HOUR = String.raw`([01]?\d|2[0-3])`;
const CLOCK = String.raw`${HOUR}(?::|h|\s?giờ\s?)([0-5]\d)?(?:\s?phút)?`;

/** A document issuer ("CP", "UBND", "UBTVQH15"): its name, or its letters spelled. */
function issuer(code: string): string {
  const m = /^([A-ZĐ]+?)(\d+)?$/.exec(code);
  const base = m?.[1] ?? code;
  const term = m?.[2] ? ` khóa ${readNumber(m[2])}` : '';
  return `${ISSUERS[base] ?? spellLetters(base)}${term}`;
}

/** `out` with a capital first letter when the written form had one ("Ngày 1/7" → "Ngày mùng một…"). */
function keepCase(written: string, out: string): string {
  const first = written[0] ?? '';
  return first !== first.toLowerCase() ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

function clock(h: string, min: string | undefined): string {
  return readTime(Number(h), Number(min ?? 0));
}

const FIRST: Rule[] = [
  // Web addresses: the host, with its dots read ("dichvucong.gov.vn" → "dichvucong chấm gov chấm vn").
  [
    /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:vn|com|net|org|gov))(?:\/[^\s,;)]*)?/gi,
    (_m, host) =>
      host!
        .replace(/\.$/, '')
        .split('.')
        .map((w) => HOST_WORDS[w.toLowerCase()] ?? w)
        .join(' chấm '),
  ],
  // Legal documents: "13/2023/NĐ-CP" → "số mười ba năm hai nghìn không trăm hai mươi ba của Chính phủ".
  [
    /(\bsố\s+)?\b(\d{1,4})\/(\d{4})\/(?:([A-ZĐ]+)-)?([A-ZĐ][A-Za-zĐ]*\d*)(?![\p{L}\p{N}])/gu,
    (_m, _so, n, y, _kind, by) => `số ${readNumber(n!)} năm ${readNumber(y!)} của ${issuer(by!)}`,
  ],
  // Documents numbered without the year: "1669/NQ-UBTVQH15".
  [
    /(\bsố\s+)?\b(\d{1,5})\/([A-ZĐ]+)-([A-ZĐ][A-Za-zĐ]*\d*)(?![\p{L}\p{N}])/gu,
    (_m, _so, n, _kind, by) => `số ${readNumber(n!)} của ${issuer(by!)}`,
  ],
];

const RULES: Rule[] = [
  // Procedure codes of the national portal, digit by digit: "1.001193" → "một chấm không không một một chín ba".
  [/\b(\d)\.(\d{6})\b/g, (_m, a, b) => `${readDigits(a!)} chấm ${readDigits(b!)}`],
  // A time then a date: "08:00 01/12/2026" → "tám giờ sáng ngày mùng một tháng mười hai năm …".
  [
    new RegExp(String.raw`\b${CLOCK}(?:,)?\s+(?:ngày\s+)?(\d{1,2})\/(\d{1,2})\/(\d{4})\b`, 'gi'),
    (m, h, min, d, mo, y) =>
      isDate(Number(d), Number(mo), Number(y)) ? `${clock(h!, min)} ${readDate(Number(d), Number(mo), Number(y))}` : m,
  ],
  // Dates: "(ngày) 01/12/2026", "(ngày) 1/7".
  [
    /(?:\b[Nn]gày\s+)?\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g,
    (m, d, mo, y) =>
      isDate(Number(d), Number(mo), y ? Number(y) : undefined)
        ? keepCase(m, readDate(Number(d), Number(mo), y ? Number(y) : undefined))
        : // Not a calendar date: a fraction or a ratio ("1/3 số hộ"), read as written.
          [d, mo, y]
            .filter((x) => x !== undefined)
            .map((x) => readNumber(x!))
            .join(' trên '),
  ],
  // Month and year: "(tháng) 12/2026".
  [
    /(?:\b[Tt]háng\s+)?\b(\d{1,2})\/(\d{4})\b/g,
    (m, mo, y) => (Number(mo) >= 1 && Number(mo) <= 12 ? keepCase(m, readDate(undefined, Number(mo), Number(y))) : m),
  ],
  // Clock times: "08:00", "7h30", "14 giờ 30".
  [new RegExp(String.raw`\b${HOUR}(?::([0-5]\d)|h([0-5]\d)?\b)`, 'g'), (_m, h, a, b) => clock(h!, a ?? b)],
  // Phone numbers: "0225 3842 123", "0912.345.678", "1900 1234".
  [/\b(0\d{2,3}[\s.-]?\d{3,4}[\s.-]?\d{3,4}|1[89]00[\s.-]?\d{3,4})\b/g, (m) => readPhone(m)],
  // Short numbers to call ("gọi 113", "đường dây nóng 1022"), digit by digit.
  [
    /(?<![\p{L}])(gọi|số điện thoại|điện thoại|hotline|đường dây nóng|tổng đài|cảnh sát|cứu hỏa|cấp cứu)(:?\s+)(\d{3,5})\b/giu,
    (_m, w, sep, n) => `${w}${sep}${readDigits(n!)}`,
  ],
  // Money: "50.000 đồng", "50.000đ", "100.000 VNĐ", "1,5 triệu đồng".
  [
    /\b(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(triệu|nghìn|tỷ)?\s*(?:đồng|đ|₫|VNĐ|VND|vnđ)(?![\p{L}])/gu,
    (_m, n, frac, big) =>
      `${frac ? readDecimal(n!.replace(/\./g, ''), frac) : readNumber(n!.replace(/\./g, ''))}${big ? ` ${big}` : ''} đồng`,
  ],
  // Percentages: "50%", "0,5%".
  [/\b(\d+)(?:,(\d+))?\s*%/g, (_m, n, frac) => `${frac ? readDecimal(n!, frac) : readNumber(n!)} phần trăm`],
  // Ranges: "2-3 ngày", "15 – 20".
  [/\b(\d+)[ \t]*[-–][ \t]*(\d+)\b/g, (_m, a, b) => `${readNumber(a!)} đến ${readNumber(b!)}`],
  // Decimals with a comma: "1,5" → "một phẩy năm".
  [/\b(\d+),(\d+)\b/g, (_m, a, b) => readDecimal(a!, b!)],
  // Numbers with thousands dots, then plain numbers.
  [/\b\d{1,3}(?:\.\d{3})+\b/g, (m) => readNumber(m.replace(/\./g, ''))],
  [/\d+/g, (m) => readNumber(m)],
];

const WORD = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}])`;
const ABBREVIATION_RULES: Rule[] = Object.entries(ABBREVIATIONS)
  .sort((a, b) => b[0].length - a[0].length)
  .map(([abbr, words]) => [new RegExp(`${WORD}${abbr.replace(/[.]/g, '\\.')}${END}`, 'gu'), () => words]);

const SYMBOLS: Rule[] = [
  [/&/g, () => ' và '],
  [/đồng\s*\/\s*/g, () => 'đồng một '],
  [/[ \t]*[–—][ \t]*/g, () => ', '],
  [/[*#•_~`>|]/g, () => ' '],
  [/\p{Extended_Pictographic}\uFE0F?/gu, () => ' '],
  [/[ \t]*\/[ \t]*/g, () => ' hoặc '],
  [/[ \t]*\+[ \t]*/g, () => ' cộng '],
  [/\([ \t]*/g, () => ', '],
  [/[ \t]*\)/g, () => ', '],
  [/[ \t]+([,.;:!?])/g, (_m, p) => p!],
  [/,[ \t]*([,.;:!?])/g, (_m, p) => p!],
  [/[ \t]{2,}/g, () => ' '],
  [/^[ \t,]+|[ \t,]+$/gm, () => ''],
];

function apply(text: string, rules: Rule[]): string {
  let out = text;
  for (const [re, fn] of rules) out = out.replace(re, (...m: unknown[]) => fn(...(m as string[])));
  return out;
}

/** The text with every written-only form turned into words (line breaks kept). */
export function toSpoken(text: string): string {
  const nfc = text.normalize('NFC');
  return apply(apply(apply(apply(nfc, FIRST), ABBREVIATION_RULES), RULES), SYMBOLS)
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
}
