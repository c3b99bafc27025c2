/**
 * Text helpers: accent folding for matching resident phrases.
 */

/** Lower case, no Vietnamese diacritics (đ → d), punctuation to spaces, single spaces. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/_:-]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
