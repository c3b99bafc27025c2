/**
 * Reading an old → new commune question: which unit is named (after "xã",
 * "phường", "thị trấn", "đặc khu"), the old district or province that narrows
 * it, and which way is asked ("… cũ giờ thuộc phường nào" or "phường … mới
 * gồm những phường nào"). Typed with or without diacritics.
 *
 * @example
 * ```ts
 * const q = readUnitQuestion('xa tay hung tien lang cu gio la xa nao', adminUnits());
 * q?.direction;               // 'old-to-new'
 * q?.old.map((o) => o.name);  // ['Xã Tây Hưng'] (the one in old Tiên Lãng)
 * ```
 */
import { foldForPhrase } from '../text/fold.js';
import { type AdminUnits, nameKey, type NewUnit, type OldUnit } from './data.js';

/** Which way the question goes; `both` when it does not say and the name is old and new. */
export type Direction = 'old-to-new' | 'new-to-old' | 'both';

/** What a question names, narrowed as far as the question and the commune's province allow. */
export interface UnitQuestion {
  /** The name as folded ("tay hung"). */
  key: string;
  direction: Direction;
  old: OldUnit[];
  new: NewUnit[];
}

/** Options of {@link readUnitQuestion}. */
export interface ReadOptions {
  /** The commune's own province (from the commune profile): preferred when a name is ambiguous. */
  province?: string | null;
  /** Accept a bare name without "xã"/"phường" (the `/dvhc <tên>` command). */
  bare?: boolean;
}

const UNIT_TYPE = /^(xa|phuong|p|x|thi tran|tt|dac khu)$/;
const DISTRICT_TYPE = /^(huyen|quan|thi xa|thanh pho|tp|h|q)$/;
/** "cũ" typed without diacritics is "cu", which is also cư trú, cụ thể…: those are not it. */
const OLD_WORD = /(?<!\b(dinh|di|an|tam|nhap) )\bcu\b(?! (tru|dan|tri|the|ly|chi|ngu|nhan|xu))/;
const OLD_CUES =
  /\b(truoc day|truoc kia|(gio|bay gio|nay|hien nay) (la|thuoc|o)|sap nhap vao|sat nhap vao|nhap vao|thanh (xa|phuong) nao|thuoc (xa|phuong|dac khu) nao|ve (xa|phuong) nao|(xa|phuong) moi (la|ten) (gi|nao))\b/;
const NEW_CUES =
  /\b(gom (nhung|cac|may|bao nhieu)|gom (xa|phuong)|tu (nhung|cac) (xa|phuong)|hop (thanh|nhat) tu|ghep tu|sap xep tu|sap nhap tu|nhung (xa|phuong) nao (sap nhap|nhap|hop)|truoc la (nhung|cac))\b/;
/** Words that make a question about the rearrangement at all. */
export const REARRANGEMENT_CUES =
  /\b(cu|moi|sap nhap|sat nhap|sap xep|hop nhat|gom|truoc day|truoc kia|bay gio|gio la|gio thuoc|nay la|nay thuoc|doi ten)\b/;

/** "p." / "tt." style abbreviations spaced out. */
const spaced = (text: string) => text.normalize('NFC').replace(/(^|\s)(p|x|tt|tp)\.\s*/giu, '$1$2 ');

/** Folded words of a question. */
function foldQuestion(text: string): string[] {
  return foldForPhrase(spaced(text)).split(' ').filter(Boolean);
}

/** The same words lowercased with their diacritics (foldForPhrase keeps the word boundaries). */
function rawWords(text: string): string[] {
  return spaced(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/_:-]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Narrows by the diacritics typed ("Hoàng" is not "Hoằng"); `strict`, none left when none matches. Not by the type
 * word: people say "xã" of a phường too ("xã Hoàng Tiến" was a phường).
 */
function asTyped<T extends { name: string }>(list: T[], typedName: string, strict: boolean): T[] {
  if (foldForPhrase(typedName) === typedName) return list;
  const same = (u: T) => u.name.toLowerCase().endsWith(` ${typedName}`);
  // In a sentence, other marks mean other words ("xã cũ bị cháy" is not xã Cù Bị).
  return strict ? list.filter(same) : narrow(list, same);
}

interface Mention {
  key: string;
  end: number;
  /** Words of the name itself (after the type word). */
  nameStart: number;
  /** The type word typed, folded and spelt out ("p" → "phuong"), or ''. */
  type: string;
}

const TYPE_NAMES: Record<string, string> = { p: 'phuong', x: 'xa', tt: 'thi tran' };

/** The longest name key starting at `i` (scanning `max` words down to one), if any. */
function longestKey(words: string[], i: number, max: number, has: (k: string) => boolean): string | undefined {
  for (let n = Math.min(max, words.length - i); n >= 1; n--) {
    const k = words.slice(i, i + n).join(' ');
    if (has(k)) return k;
  }
  return undefined;
}

/** Unit names in the question: after a type word, or (bare) anywhere. */
function unitMentions(words: string[], units: AdminUnits, bare: boolean): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < words.length; i++) {
    const two = `${words[i]} ${words[i + 1] ?? ''}`;
    const typeLen = UNIT_TYPE.test(two) ? 2 : UNIT_TYPE.test(words[i]!) ? 1 : 0;
    if (typeLen === 0 && !bare) continue;
    const at = i + typeLen;
    // "Phường 2" is keyed with its type word; other names without it.
    const named = longestKey(words, at, units.maxWords, (k) => units.byName.has(k));
    const numbered =
      !named && typeLen > 0 && /^\d+$/.test(words[at] ?? '') && units.byName.has(`phuong ${words[at]}`)
        ? `phuong ${words[at]}`
        : undefined;
    const key = named ?? numbered;
    if (!key) continue;
    const end = at + (named ? named.split(' ').length : 1);
    const type = words.slice(i, at).join(' ');
    out.push({ key, end, nameStart: at, type: TYPE_NAMES[type] ?? type });
    i = end - 1;
  }
  return out;
}

/** District and province names in the rest of the question (folded keys). */
function places(words: string[], from: number, units: AdminUnits): { districts: string[]; provinces: string[] } {
  const districts: string[] = [];
  const provinces: string[] = [];
  for (let i = from; i < words.length; i++) {
    // "quận 11" is keyed with its type word; "huyện Tiên Lãng" without.
    const d = longestKey(words, i, 4, (k) => units.districts.has(k));
    const p = longestKey(words, i, 4, (k) => units.provinces.has(k));
    if (!d && !p && (DISTRICT_TYPE.test(words[i]!) || words[i] === 'tinh')) continue;
    if (d) districts.push(d);
    if (p) provinces.push(p);
    const n = Math.max(d?.split(' ').length ?? 0, p?.split(' ').length ?? 0);
    if (n > 1) i += n - 1;
  }
  return { districts, provinces };
}

/**
 * Without "xã"/"phường": a name of two words or more said right before
 * "cũ" ("Hoàng Tiến cũ giờ thuộc phường nào"), the one way people name an
 * old unit bare. Other bare phrases ("trường trung học", "thiết kế") are
 * names of communes too, so nothing looser is taken.
 */
function oldNameMention(raw: string[], words: string[], units: AdminUnits): Mention | undefined {
  const marked = raw.length === words.length && raw.some((w) => foldForPhrase(w) !== w);
  for (const m of unitMentions(words, units, true)) {
    if (m.end - m.nameStart < 2) continue;
    const next = marked
      ? raw[m.end] === 'cũ'
      : words[m.end] === 'cu' && OLD_WORD.test(words.slice(m.end - 1).join(' '));
    if (next) return m;
  }
  return undefined;
}

function direction(folded: string, raw: string, m: { old: unknown[]; new: unknown[] }): Direction {
  // Typed with diacritics, "cũ" is unambiguous; without, "cu" needs OLD_WORD's exclusions.
  const nfc = raw.normalize('NFC').toLowerCase();
  const oldWord = /[à-ỹ]/u.test(nfc) ? /(^|[^\p{L}])cũ([^\p{L}]|$)/u.test(nfc) : OLD_WORD.test(folded);
  if (NEW_CUES.test(folded)) return 'new-to-old';
  if (oldWord || OLD_CUES.test(folded)) return 'old-to-new';
  if (m.new.length === 0) return 'old-to-new';
  if (m.old.length === 0) return 'new-to-old';
  return 'both';
}

/** Keeps the items that pass `keep`, unless none does. */
function narrow<T>(list: T[], keep: (x: T) => boolean): T[] {
  const kept = list.filter(keep);
  return kept.length > 0 ? kept : list;
}

/**
 * Reads a question naming a commune-level unit. Returns undefined when no
 * unit is named (or, unless `bare`, named without "xã"/"phường").
 */
export function readUnitQuestion(text: string, units: AdminUnits, opts: ReadOptions = {}): UnitQuestion | undefined {
  const words = foldQuestion(text);
  const raw = rawWords(text);
  const mention =
    unitMentions(words, units, opts.bare ?? false)[0] ?? (opts.bare ? undefined : oldNameMention(raw, words, units));
  if (!mention) return undefined;
  const m = units.byName.get(mention.key)!;
  const at = places(words, mention.end, units);
  const inDistrict = (o: OldUnit) => at.districts.includes(nameKey(o.district));
  const inProvince = (names: string[]) => names.some((n) => at.provinces.includes(nameKey(n)));
  const typedName = raw.length === words.length ? raw.slice(mention.nameStart, mention.end).join(' ') : '';
  const strict = !opts.bare;
  let old = asTyped(m.old, typedName, strict);
  // New names are recent and said with their type ("phường Ba Đình" is not "xã Ba Đình"); old ones are not.
  let neu = narrow(
    asTyped(m.new, typedName, strict),
    (n) => !mention.type || foldForPhrase(n.name).startsWith(`${mention.type} `),
  );
  if (at.districts.length > 0) {
    old = narrow(old, inDistrict);
    neu = narrow(neu, (n) => n.from.some((l) => inDistrict(l.old)));
  }
  if (at.provinces.length > 0) {
    old = narrow(old, (o) => inProvince([o.province, ...o.to.map((l) => l.new.province)]));
    neu = narrow(neu, (n) => inProvince([n.province, ...n.from.map((l) => l.old.province)]));
  }
  if (opts.province) {
    const home = nameKey(opts.province);
    old = narrow(old, (o) => o.to.some((l) => nameKey(l.new.province) === home));
    neu = narrow(neu, (n) => nameKey(n.province) === home);
  }
  if (old.length === 0 && neu.length === 0) return undefined;
  return { key: mention.key, direction: direction(words.join(' '), text, { old, new: neu }), old, new: neu };
}
