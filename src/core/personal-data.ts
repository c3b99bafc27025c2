/**
 * Personal data in a question is never its topic: phone numbers (mobile and
 * landline) and names, and the words that introduce them ("sđt em", "số điện
 * thoại của tôi là", "em tên là …"), are taken out before the search and the
 * question log (Decree 13/2023/NĐ-CP: stored only as needed). Written by hand:
 * no library knows how Vietnamese residents write these.
 *
 * @example
 * ```ts
 * stripPersonalData('cho hỏi làm khai sinh, sđt em 0903 111 222'); // → 'cho hỏi làm khai sinh'
 * ```
 */

/** Mobile numbers: 0… or +84…, 9–11 digits with spaces, dots or dashes. */
export const MOBILE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}/g;
/** Landlines: "(024) 3825 1234", "024 3825 1234", "0236.3822.123". */
const LANDLINE = /\(?0\d{2,3}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}/g;

// Words that introduce a number, just before it: "sđt em", "số điện thoại của tôi là", "zalo:", "liên hệ".
const KW =
  '(?:sđt|sdt|số đt|so dt|số điện thoại|so dien thoai|điện thoại|dien thoai|đt|dt|zalo|liên hệ|lien he|lh|hotline|số máy|so may)';
const PRON = '(?:em|tôi|toi|mình|minh|anh|chị|chi|con|cháu|chau|nhà|nha)';
const INTRO = new RegExp(`(?:${KW}(?:\\s+(?:của|cua))?(?:\\s+${PRON})?\\s*){1,2}(?:(?:là|la)\\s*)?[:：]?\\s*$`, 'iu');

// "em tên là Nguyễn Văn An", "tôi là Trần Thị B", "tên cháu: Lê Văn C" — a name is capitalised words after it.
const I = '(?:[Ee]m|[Tt]ôi|[Tt]oi|[Mm]ình|[Mm]inh)';
const NAME = new RegExp(
  `(?:(?:[Tt]ên|[Tt]en)\\s+(?:${I}|con|cháu|chau|bé|be|mẹ|me|bố|bo)\\s*(?:là|la|[:：])?\\s+(?:\\p{Lu}[\\p{Ll}\\p{M}]*\\s*){1,5}` +
    `|${I}\\s+tên\\s+(?:là\\s+)?(?:\\p{Lu}[\\p{Ll}\\p{M}]*\\s*){1,5}` +
    // "tôi là Trần Thị Bình": a full name has at least two words.
    `|${I}\\s+(?:là|la)\\s+(?:\\p{Lu}[\\p{Ll}\\p{M}]*\\s*){2,5})`,
  'gu',
);

/** The question without phone numbers, names and the words that introduce them. */
export function stripPersonalData(text: string): string {
  let out = text.normalize('NFC').replace(NAME, ' ');
  for (const re of [MOBILE, LANDLINE]) {
    out = out.replace(re, (m, offset: number, whole: string) => {
      // Only a run of 9 or more digits is a phone number ("năm 2020", "mã 1.001193" are not).
      if (m.replace(/\D/g, '').length < 9) return m;
      const before = whole.slice(0, offset);
      const intro = INTRO.exec(before);
      return intro ? `\u0000${intro[0].length}\u0000` : ' ';
    });
    // Remove the introducing words recorded just before each number.
    out = out.replace(
      /([\s\S]*?)\u0000(\d+)\u0000/g,
      (_m, head: string, n: string) => `${head.slice(0, head.length - Number(n))} `,
    );
  }
  return out
    .replace(/\s*[,;.]\s*(?=[,;.]|$)/g, '')
    .replace(/^[\s,;.:]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
