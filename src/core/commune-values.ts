/**
 * The commune's own values (address, working hours, the one-stop desk,
 * website, email from `commune.yaml`) shown where an answer points to them:
 *
 * - a hand-written procedure whose `where` names the commune's one-stop desk
 *   (Bộ phận Một cửa, Trung tâm Phục vụ hành chính công cấp xã) or the UBND
 *   xã gets one more line, "Nộp tại: … – địa chỉ …, giờ làm việc …";
 * - an article or hotline that sends residents to "thông tin của xã" gets a
 *   section with those values and the commune's phone numbers.
 *
 * An empty value reads "chưa cập nhật", followed by the national fallback
 * (`commune.fallbackSource`): never a guess.
 *
 * @example
 * ```ts
 * whereItems(kb.commune, procedure); // [...procedure.where, 'Nộp tại: … – địa chỉ: chưa cập nhật, …']
 * ```
 */
import { foldDiacritics } from '../text/fold.js';
import type { Commune, Procedure } from '../knowledge/schema.js';
import type { ReplySection } from './types.js';

/** Shown for a commune value the administrator has not filled in yet (same text as `NOT_SET` of entry-reply.ts). */
const NOT_SET = 'chưa cập nhật';

/** The commune's places an answer can point to. */
export type CommunePlace = 'desk' | 'ubnd';

const DESK = /\b(bo phan mot cua|trung tam phuc vu hanh chinh cong)\b/;
/** The desk named at commune level: "cấp xã", "của xã", "của UBND xã", "tại UBND xã". */
const COMMUNE_LEVEL = /\b(cap xa|(cua|tai) (ubnd |uy ban nhan dan )?xa)\b/;
const UBND_XA = /\b(ubnd|uy ban nhan dan) (cap )?xa\b/;
/** An item saying the place is not known ("Chưa có dữ liệu xác thực về nơi tiếp nhận; vui lòng hỏi …"). */
const UNKNOWN = /\bchua co du lieu\b/;

/** Lowercase, without diacritics, single spaces: "Bộ phận Một cửa" → "bo phan mot cua". */
function simple(text: string): string {
  return foldDiacritics(text.toLowerCase()).replace(/\s+/g, ' ');
}

/**
 * The commune place a `where` item points to, if any (none when the item
 * says the place is not known). The place is read from
 * the item without its parentheses ("Trung tâm … cấp tỉnh (hồ sơ được chuyển
 * về UBND cấp xã)" is the province's), except that a desk named in
 * parentheses of a commune place ("UBND xã … (nộp đơn tại Bộ phận Một cửa)")
 * still makes it the desk.
 */
export function placeOf(item: string): CommunePlace | undefined {
  const all = simple(item);
  if (UNKNOWN.test(all)) return undefined;
  const main = all.replace(/\([^()]*\)/g, ' ');
  const atCommune = COMMUNE_LEVEL.test(main) || UBND_XA.test(main);
  if (!atCommune) return undefined;
  return DESK.test(all) ? 'desk' : 'ubnd';
}

function ended(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** The national fallback, said once after values that are not filled in yet. */
function fallbackNote(c: Commune): string {
  return `Phần chưa cập nhật, bạn hỏi: ${ended(c.fallbackSource)}`;
}

/** "xã An Bình" from "Xã An Bình", or "xã" when the name is not set. */
function communeWord(c: Commune): string {
  return c.name ? c.name.charAt(0).toLowerCase() + c.name.slice(1) : 'xã';
}

/** "Nộp tại: … – địa chỉ: …, giờ làm việc: …", with the fallback when a value is empty. */
export function placeLine(c: Commune, place: CommunePlace): string {
  const [name, address, hours] =
    place === 'desk'
      ? [c.oneStopDesk.name, c.oneStopDesk.address, c.oneStopDesk.hours]
      : [`UBND ${communeWord(c)}`, c.address, c.workingHours];
  const line = `Nộp tại: ${name} – địa chỉ: ${address ?? NOT_SET}, giờ làm việc: ${hours ?? NOT_SET}.`;
  return address && hours ? line : `${line} ${fallbackNote(c)}`;
}

/**
 * Where to submit a procedure: its `where` items, then, for a hand-written
 * procedure that points to the commune's desk (or else its UBND), the
 * address and hours of that place.
 */
export function whereItems(c: Commune, p: Procedure): string[] {
  if (p.portal) return p.where;
  const place = placeOfProcedure(p);
  return place ? [...p.where, placeLine(c, place)] : p.where;
}

/** The commune place of a procedure's `where` items, worked out once per (immutable) procedure. */
function placeOfProcedure(p: Procedure): CommunePlace | undefined {
  if (placeMemo.has(p)) return placeMemo.get(p);
  const places = new Set(p.where.map(placeOf));
  const place = places.has('desk') ? 'desk' : places.has('ubnd') ? 'ubnd' : undefined;
  placeMemo.set(p, place);
  return place;
}

const placeMemo = new WeakMap<Procedure, CommunePlace | undefined>();

const REFERS = /\bthong tin cua xa\b/;
/** Fields that are not text a resident reads. */
const NOT_SHOWN = new Set(['id', 'aliases', 'sources', 'provenance', 'related', 'links', 'lastVerified', 'communeKey']);

function shownTexts(value: unknown, key = ''): string[] {
  if (NOT_SHOWN.has(key)) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => shownTexts(v));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => shownTexts(v, k));
  return [];
}

/** Whether an entry sends residents to the commune's own information ("xem thông tin của xã"). */
export function refersToCommuneInfo(entry: object): boolean {
  let refers = refersMemo.get(entry);
  if (refers === undefined) {
    refers = shownTexts(entry).some((t) => REFERS.test(simple(t)));
    refersMemo.set(entry, refers);
  }
  return refers;
}

/** Knowledge entries are never changed once loaded (a reload builds new ones). */
const refersMemo = new WeakMap<object, boolean>();

/** The commune's address, hours, desk, phone numbers, website and email, as one section. */
export function communeInfoSection(c: Commune): ReplySection {
  const d = c.oneStopDesk;
  const items = [
    `Trụ sở UBND ${communeWord(c)} – địa chỉ: ${c.address ?? NOT_SET}; giờ làm việc: ${c.workingHours ?? NOT_SET}`,
    `${d.name} – địa chỉ: ${d.address ?? NOT_SET}; giờ làm việc: ${d.hours ?? NOT_SET}`,
    ...Object.values(c.hotlines).map((h) => `Điện thoại ${h.label}: ${h.number ?? NOT_SET}`),
    `Trang thông tin điện tử: ${c.website ?? NOT_SET}`,
    `Thư điện tử: ${c.email ?? NOT_SET}`,
  ];
  const values = [
    c.address,
    c.workingHours,
    d.address,
    d.hours,
    c.website,
    c.email,
    ...Object.values(c.hotlines).map((h) => h.number),
  ];
  const complete = values.every((v) => v !== null);
  return { heading: 'Thông tin của xã', items: complete ? items : [...items, fallbackNote(c)] };
}

/** The commune section for an entry that refers to it, else nothing. */
export function communeInfoSections(c: Commune, entry: object): ReplySection[] {
  return refersToCommuneInfo(entry) ? [communeInfoSection(c)] : [];
}
