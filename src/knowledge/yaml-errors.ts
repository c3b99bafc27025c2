/**
 * YAML syntax errors in Vietnamese: the `yaml` library's English messages
 * become a sentence an administrator can act on, with the line and column.
 *
 * @example
 * ```ts
 * yamlErrorMessage(err, lc);
 * // "dòng 4, cột 3: thụt lề không đúng: các mục cùng cấp phải thẳng cột với nhau"
 * ```
 */
import type { ErrorCode, LineCounter, YAMLError } from 'yaml';

/** Messages for one code that the library uses for different mistakes, told apart by its English text. */
const BY_TEXT: { code: ErrorCode; text: RegExp; message: string }[] = [
  { code: 'MISSING_CHAR', text: /quote/i, message: 'thiếu dấu ngoặc kép đóng (") ở cuối giá trị' },
  {
    code: 'MISSING_CHAR',
    text: /followed by map values/i,
    message: 'thiếu dấu ":" sau tên trường, hoặc thụt lề lệch so với dòng trên',
  },
  {
    code: 'BLOCK_AS_IMPLICIT_KEY',
    text: /nested mappings/i,
    message:
      'giá trị có dấu ": " ở giữa, hoặc dòng này thụt lề lệch; bạn đặt giá trị trong dấu ngoặc kép hoặc sửa thụt lề',
  },
  {
    code: 'BLOCK_AS_IMPLICIT_KEY',
    text: /block sequence/i,
    message: 'thụt lề không đúng: các mục "- " của một danh sách phải thẳng cột với nhau',
  },
];

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: 'thụt lề không đúng: các mục cùng cấp phải thẳng cột với nhau (dùng dấu cách, không dùng Tab)',
  TAB_AS_INDENT: 'thụt lề bằng phím Tab: YAML chỉ nhận dấu cách',
  DUPLICATE_KEY: 'trường này bị viết hai lần trong cùng một nhóm; bạn xóa hoặc gộp một chỗ',
  MISSING_CHAR: 'thiếu ký tự đóng (dấu ngoặc kép ", dấu ] hoặc })',
  MULTILINE_IMPLICIT_KEY:
    'một dòng có dấu ":" nằm giữa nội dung; bạn đặt nội dung trong dấu ngoặc kép hoặc kiểm tra dòng trên có thiếu dấu ngoặc kép đóng',
  BLOCK_AS_IMPLICIT_KEY: 'khóa viết sai chỗ: mỗi trường là "tên: giá trị" trên một dòng',
  UNEXPECTED_TOKEN: 'có ký tự không mong đợi ở đây; nếu giá trị chứa ": " hoặc "#", bạn đặt nó trong dấu ngoặc kép',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này; bạn đặt giá trị trong dấu ngoặc kép',
  BAD_DQ_ESCAPE: 'chuỗi trong dấu ngoặc kép có ký tự "\\" không hợp lệ; bạn viết "\\\\" hoặc dùng dấu ngoặc đơn',
  BLOCK_IN_FLOW: 'không viết danh sách nhiều dòng bên trong [ ] hoặc { }',
  BAD_ALIAS: 'bí danh *tên không trỏ tới neo &tên nào',
  MULTIPLE_DOCS: 'một tệp chỉ được có một tài liệu YAML (bỏ dòng "---" thứ hai)',
  NON_STRING_KEY: 'tên trường phải là chữ',
  KEY_OVER_1024_CHARS: 'tên trường dài quá 1024 ký tự',
  RESOURCE_EXHAUSTION: 'quá nhiều tham chiếu *bí danh tới &neo',
};

/** Line and column (1-based) of a YAML error. */
export function yamlErrorPosition(e: YAMLError, lc: LineCounter): { line: number; col: number } {
  return e.linePos?.[0] ?? lc.linePos(e.pos[0]);
}

/** The Vietnamese message of a YAML error, with its line and column. */
export function yamlErrorMessage(e: YAMLError, lc: LineCounter): string {
  const { line, col } = yamlErrorPosition(e, lc);
  const specific = BY_TEXT.find((b) => b.code === e.code && b.text.test(e.message))?.message;
  return `dòng ${line}, cột ${col}: ${specific ?? MESSAGES[e.code] ?? `lỗi cú pháp YAML (${e.code})`}`;
}
