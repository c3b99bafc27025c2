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
/** Landlines: "(024) 3825 1234", "024 3825 1234", "0236.3822.123", "0225 3 822 123", "(0225) 3822-123". */
const LANDLINE = /\(?0\d{1,3}\)?(?:[\s.-]?\d){7,8}/g;

// Words that introduce a number, just before it: "sđt em", "số điện thoại của tôi là", "zalo:", "liên hệ".
const KW =
  '(?:sđt|sdt|số đt|so dt|số điện thoại|so dien thoai|điện thoại bàn|dien thoai ban|điện thoại cố định|điện thoại|dien thoai|đt bàn|đt|dt|zalo|liên hệ|lien he|lh|hotline|số máy bàn|so may ban|máy bàn|may ban|số bàn|so ban|số cố định|số máy|so may)';
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

// "tôi tên là nguyễn văn an", "tên tôi lê thị hoa", "cháu tên Minh", "họ tên: …": after these words a name
// follows even in lower case; it ends at punctuation or at a word that is not part of a name.
const WHO = '(?:em|tôi|toi|mình|minh|con|cháu|chau|bé|be|mẹ|me|bố|bo|anh|chị|chi|tui|tớ|ông|bà|vợ|chồng)';
const MARKED_NAME = new RegExp(
  `(?<![\\p{L}\\p{M}])(?:${WHO}\\s+(?:tên|ten)|(?:tên|ten)\\s+(?:của\\s+|cua\\s+)?${WHO}|(?:họ|ho)\\s+(?:và\\s+|va\\s+)?(?:tên|ten))` +
    `(?:\\s+(?:là|la))?\\s*[:：]?\\s*((?:[\\p{L}\\p{M}]+\\s*){1,4})`,
  'giu',
);
/**
 * Words that end a name typed in lower case, compared with their diacritics
 * (names have the same syllables without them: Thị, Thế, Lâm, Tâm).
 * Unaccented forms are listed only when no name uses them.
 */
const NOT_NAME = new Set(
  (
    'muốn hỏi cần làm xin ở tại sinh năm tháng đang cho thì và nhé ạ nha không có được thế nào gì để về là đã từ đến ' +
    'hiện nay sẽ bị mất giấy thủ tục cấp lại xã phường huyện tỉnh số điện thoại sđt zalo ngày vui lòng ơi vậy rồi nhờ ' +
    'biết như sao đâu bao nhiêu đăng ký khai kết hôn tạm trú chứng thực mới cũ ' +
    'muon hoi xin nhe khong ko duoc nao gi de ve la da den nay se bi giay thu tuc cap lai xa phuong huyen tinh so ' +
    'dien thoai sdt ngay vui oi vay roi nho biet nhu sao dau bao nhieu ky khai ket hon tru chung'
  ).split(' '),
);

function stripMarkedNames(text: string): string {
  return text.replace(MARKED_NAME, (m: string, words: string) => {
    const list = words.trim().split(/\s+/);
    let n = 0;
    while (n < list.length && !NOT_NAME.has(list[n]!.toLowerCase())) n++;
    if (n === 0) return m; // "tên là gì": no name follows
    const kept = list.slice(n).join(' ');
    return ` ${kept}${/\s$/.test(words) ? ' ' : ''}`;
  });
}

/** The question without phone numbers, names and the words that introduce them. */
export function stripPersonalData(text: string): string {
  let out = stripMarkedNames(text.normalize('NFC').replace(NAME, ' '));
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
