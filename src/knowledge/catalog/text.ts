/**
 * Text clean-up shared by the portal readers: the portal's strings carry
 * non-breaking spaces, list bullets, trailing dots and tables flattened into
 * one line. Also: legal references by number, time units and fee wording.
 */
import { fold } from '../../search/normalize.js';

/** NFC, non-breaking and repeated spaces folded, trimmed. */
export function clean(s: string | null | undefined): string {
  return (s ?? '')
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Whether the portal's text means "nothing here" ("Không có thông tin", "Không", empty). */
export function isEmptyText(s: string | null | undefined): boolean {
  const f = fold(clean(s))
    .toLowerCase()
    .replace(/[.:;\s]+$/g, '');
  return f === '' || f === 'khong' || f === 'khong co thong tin' || f === 'khong co' || f === 'khong quy dinh';
}

/** A list item without its bullet ("- a", "+ b", "1. c", "a) d"). */
export function stripBullet(s: string): string {
  return clean(s)
    .replace(/^(?:[-+*•–]+|\d{1,2}[.)]|[a-zđ][.)])\s*/iu, '')
    .trim();
}

/** Splits a block of text into its non-empty lines, bullets removed. */
export function lines(s: string | null | undefined): string[] {
  return clean(s)
    .split('\n')
    .map(stripBullet)
    .filter((l) => l.length > 1);
}

/** "Thủ tục đăng ký khai sinh" → "Đăng ký khai sinh"; a trailing colon or dot removed. */
export function procedureName(s: string): string {
  const n = clean(s)
    .replace(/\s+/g, ' ')
    .replace(/^thủ tục\s+/iu, '')
    .replace(/[\s:;.,]+$/u, '');
  return n.charAt(0).toLocaleUpperCase('vi') + n.slice(1);
}

// A number stands alone, or right after a year glued to it by a flattened table ("Luật Hộ tịch 201460/2014/QH13");
// only a National Assembly suffix carries digits (QH13), so "…NĐ-CP123/2015…" ends at "CP".
const DOC_NUMBER =
  /(?:(?<=(?:19|20)\d\d)|(?<![\d.]))(\d{1,4}(?:\.\d{1,2})?\/\d{4}\/[A-ZĐ]{1,8}(?:-[A-ZĐ]{1,10}){0,3}(?:(?<=QH)\d{2})?)/gu;

/** Every legal document number in a text ("123/2015/NĐ-CP"), in order, once each. */
export function documentNumbers(s: string): string[] {
  const out: string[] = [];
  for (const m of clean(s).matchAll(DOC_NUMBER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const DOC_TYPES: [RegExp, string][] = [
  [/^bộ luật/iu, 'Bộ luật'],
  [/^luật/iu, 'Luật'],
  [/^pháp lệnh/iu, 'Pháp lệnh'],
  [/^nghị định/iu, 'Nghị định'],
  [/^nghị quyết/iu, 'Nghị quyết'],
  [/^thông tư liên tịch/iu, 'Thông tư liên tịch'],
  [/^thông tư/iu, 'Thông tư'],
  [/^quyết định/iu, 'Quyết định'],
  [/^chỉ thị/iu, 'Chỉ thị'],
];

/** The kind of a legal document from its name, else from its number ("NĐ-CP" → Nghị định). */
export function documentType(number: string, name = ''): string {
  const n = clean(name);
  for (const [re, t] of DOC_TYPES) if (re.test(n)) return t;
  if (/NĐ-CP$/u.test(number)) return 'Nghị định';
  if (/\/TTLT-/u.test(number)) return 'Thông tư liên tịch';
  if (/\/TT-/u.test(number)) return 'Thông tư';
  if (/\/QĐ-/u.test(number)) return 'Quyết định';
  if (/\/NQ-/u.test(number)) return 'Nghị quyết';
  if (/\/QH\d*$/u.test(number)) return 'Luật';
  if (/\/PL-/u.test(number)) return 'Pháp lệnh';
  return 'Văn bản';
}

/** A legal basis line as residents see it: "Nghị định 123/2015/NĐ-CP". */
export function legalReference(number: string, name = ''): string {
  return `${documentType(number, name)} ${number}`;
}

const UNITS: Record<string, string> = {
  WORKING_DAY: 'ngày làm việc',
  DAY: 'ngày',
  HOUR: 'giờ',
  MONTH: 'tháng',
  YEAR: 'năm',
};

/** Known time units of the portal's detail API. */
export function isKnownUnit(u: string): boolean {
  return u in UNITS || u === 'OTHER';
}

/** "7 ngày làm việc"; for unit OTHER the description explains it; undefined when nothing is published. */
export function timeText(
  qty: number | null | undefined,
  unit: string,
  description?: string | null,
): string | undefined {
  const d = clean(description);
  if (unit === 'OTHER' || !(unit in UNITS)) return d && !isEmptyText(d) ? d : undefined;
  if (!qty || qty <= 0) return d && !isEmptyText(d) ? d : undefined;
  const base = `${String(qty).replace('.', ',')} ${UNITS[unit]}`;
  return d && !isEmptyText(d) ? `${base} (${d})` : base;
}

/** What residents are told when the portal publishes no fee: never "miễn phí". */
export const FEE_NOT_PUBLISHED =
  'Cổng Dịch vụ công chưa công bố mức lệ phí: theo mức HĐND tỉnh quy định; hỏi Bộ phận Một cửa.';
/** What residents are told when the portal publishes no processing time. */
export const TIME_NOT_PUBLISHED =
  'Cổng Dịch vụ công chưa công bố thời hạn giải quyết; xem trang thủ tục hoặc hỏi Bộ phận Một cửa.';
/** What residents are told when the portal lists no documents. */
export const DOCUMENTS_NOT_PUBLISHED =
  'Cổng Dịch vụ công chưa công bố thành phần hồ sơ; xem trang thủ tục hoặc hỏi Bộ phận Một cửa.';

/** "20000" → "20.000 đồng". */
export function money(value: number): string {
  return `${Math.round(value).toLocaleString('de-DE')} đồng`;
}

/**
 * A fee as residents read it: an amount the record states, or the record's own
 * words; a 0 with no words is "not published" (undefined), never "free".
 */
export function feeText(value: number | null | undefined, description?: string | null): string | undefined {
  const d = clean(description)
    .replace(/^(?:việt nam )?đồng\s*/iu, '')
    .replace(/^\((.*)\)$/su, '$1')
    .trim();
  const said = d && !isEmptyText(d) ? d : '';
  if (value && value > 0) return said ? `${money(value)} (${said})` : money(value);
  return said || undefined;
}

/** Calendar date of a timestamp in Vietnam (YYYY-MM-DD). */
export function isoDate(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
}
