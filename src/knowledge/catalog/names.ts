/**
 * Names people use, from the official ones: aliases without "Thủ tục" or
 * "Đăng ký", "cấp, cấp lại, cấp đổi X" split into one alias per action, long
 * names cut before "đối với…"; and families: records of one real-world
 * procedure (first issue, re-issue, with a foreign element, in a border
 * area, mobile registration) share the name that remains once those
 * qualifiers are taken off.
 *
 * @example
 * ```ts
 * deriveFamily('Đăng ký lại khai sinh có yếu tố nước ngoài');
 * // → { id: 'khai-sinh', variant: 'đăng ký lại, có yếu tố nước ngoài' }
 * ```
 */
import { fold } from '../../search/normalize.js';
import { clean } from './text.js';

/** "Đăng ký khai sinh" → "dang-ky-khai-sinh" (at most `maxWords` words). */
export function slugify(name: string, maxWords = 8): string {
  return fold(clean(name).toLowerCase())
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, maxWords)
    .join('-');
}

const QUALIFIERS: [RegExp, string][] = [
  [/\s*có yếu tố nước ngoài/u, 'có yếu tố nước ngoài'],
  [/\s*tại khu vực biên giới/u, 'tại khu vực biên giới'],
  [/\s*lưu động/u, 'lưu động'],
  [/\s*cho người đã có hồ sơ, giấy tờ cá nhân/u, 'cho người đã có hồ sơ, giấy tờ cá nhân'],
  [/\s+mới(?=\s|$)/u, 'mới'],
];

const ACTIONS: [RegExp, string][] = [
  [/^đăng ký lại\s+/u, 'đăng ký lại'],
  [/^đăng ký chấm dứt\s+/u, 'chấm dứt'],
  [/^xóa đăng ký\s+/u, 'xóa đăng ký'],
  [/^đăng ký\s+/u, ''],
  [/^cấp lại\s+/u, 'cấp lại'],
  [/^cấp đổi\s+/u, 'cấp đổi'],
  [/^cấp điều chỉnh\s+/u, 'điều chỉnh'],
  [/^gia hạn\s+/u, 'gia hạn'],
  [/^cấp\s+/u, ''],
];

/** Lowercase, NFC, canonical "hủy/hòa" spelling kept as typed, parentheses removed. */
function base(name: string): string {
  return clean(name)
    .toLowerCase()
    .replace(/^thủ tục\s+/u, '')
    .replace(/\s*\([^)]*\)/gu, '')
    .replace(/[\s:;.,]+$/u, '')
    .trim();
}

/** The family of a procedure name and what sets this record apart in it. */
export function deriveFamily(name: string): { id: string; variant?: string } {
  let s = base(name);
  const parts: string[] = [];
  for (const [re, label] of ACTIONS) {
    if (re.test(s)) {
      s = s.replace(re, '');
      if (label) parts.push(label);
      break;
    }
  }
  for (const [re, label] of QUALIFIERS) {
    if (re.test(s)) {
      s = s.replace(re, '');
      parts.push(label);
    }
  }
  const id = slugify(s, 10) || slugify(name, 10);
  return parts.length > 0 ? { id, variant: parts.join(', ') } : { id };
}

const SPLIT_ACTIONS =
  /^((?:cấp lại|cấp đổi|cấp|gia hạn|điều chỉnh|thu hồi|sửa đổi|bổ sung|thay đổi|cải chính|đăng ký lại|đăng ký)(?:\s*(?:,|và|\/)\s*(?:cấp lại|cấp đổi|cấp|gia hạn|điều chỉnh|thu hồi|sửa đổi|bổ sung|thay đổi|cải chính|đăng ký lại|đăng ký))+)\s+(.+)$/u;
const CUT = /\s+(?:đối với|theo quy định|trong trường hợp|thuộc thẩm quyền|trên địa bàn|của cơ quan|khi)\s+.*$/u;

/** Aliases generated from an official name: short, lowercase, each once. */
export function aliasesFromName(name: string): string[] {
  const b = base(name);
  const out = new Set<string>();
  const add = (s: string) => {
    const a = s
      .replace(/\s+/g, ' ')
      .replace(/[\s,;.:]+$/u, '')
      .trim();
    const words = a.split(' ').length;
    if (a.length >= 4 && words >= 2 && words <= 10) out.add(a);
  };
  const names: string[] = [b];
  const split = SPLIT_ACTIONS.exec(b);
  if (split) for (const action of split[1]!.split(/\s*(?:,|và|\/)\s*/u)) names.push(`${action} ${split[2]!}`);
  for (const n of names) {
    const short = n.replace(CUT, '');
    add(short);
    if (/^đăng ký\s+/u.test(short)) add(short.replace(/^đăng ký\s+/u, ''));
    if (/^thủ tục\s+/u.test(short)) add(short.replace(/^thủ tục\s+/u, ''));
  }
  const folded = fold(
    clean(name)
      .toLowerCase()
      .replace(/^thủ tục\s+/u, ''),
  );
  return [...out].filter((a) => fold(a) !== folded);
}
