/**
 * Accent folding, in the few variants the parts need. Every variant starts
 * from {@link foldDiacritics}: Vietnamese letters lose their marks and đ
 * becomes d, so "Đăng ký" and "dang ky" compare equal.
 *
 * @example
 * ```ts
 * foldDiacritics('Đăng Ký');          // 'Dang Ky' (case kept: the search lowercases on its own)
 * foldForCommand('  Phản   ánh ');    // 'phan anh'
 * foldForPhrase('Hủy nhận tin, nhé!'); // 'huy nhan tin nhe'
 * foldEachChar('Đêm');                // ['d', 'e', 'm'] (one entry per code point)
 * ```
 */

/** Removes every diacritic (combining marks), and đ → d, Đ → D. Case and spacing are kept. */
export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * For command names, command words and short keywords: lowercase, no
 * diacritics, single spaces, trimmed: "Phản  ánh" → "phan anh".
 */
export function foldForCommand(s: string): string {
  return foldDiacritics(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * For whole resident phrases ("hủy nhận tin", topic words): like
 * {@link foldForCommand}, and punctuation becomes a space (`/`, `_`, `:`
 * and `-` are kept, so "/dangky" and "thon-3" survive).
 */
export function foldForPhrase(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/_:-]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Folds one code point (lowercase, no diacritics, đ → d); a code point that folds to nothing is kept. */
export function foldChar(c: string): string {
  const f = foldDiacritics(c).toLowerCase();
  return f.length === 0 ? c : f;
}

/**
 * Folds text code point by code point (after NFC), so position `i` of the
 * result matches code point `i` of the text: for cutting a matched prefix
 * off the original.
 */
export function foldEachChar(text: string): string[] {
  return [...text.normalize('NFC')].map(foldChar);
}
