/**
 * Abbreviations of administrative Vietnamese and document issuers, as an
 * announcer says them. Extend the tables here; the script reads an unknown
 * capitalised abbreviation letter by letter.
 */

/** Abbreviation → words, matched as a whole word, case-sensitive. */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  CCCD: 'căn cước công dân',
  CMND: 'chứng minh nhân dân',
  UBND: 'Ủy ban nhân dân',
  HĐND: 'Hội đồng nhân dân',
  MTTQ: 'Mặt trận Tổ quốc',
  TTHC: 'thủ tục hành chính',
  CCHC: 'cải cách hành chính',
  BHYT: 'bảo hiểm y tế',
  BHXH: 'bảo hiểm xã hội',
  DVC: 'dịch vụ công',
  DVCTT: 'dịch vụ công trực tuyến',
  GCN: 'giấy chứng nhận',
  QSDĐ: 'quyền sử dụng đất',
  GPLX: 'giấy phép lái xe',
  THCS: 'trung học cơ sở',
  THPT: 'trung học phổ thông',
  CSDL: 'cơ sở dữ liệu',
  CSGT: 'cảnh sát giao thông',
  PCCC: 'phòng cháy chữa cháy',
  ATGT: 'an toàn giao thông',
  KT: 'ký thay',
  TM: 'thay mặt',
  'TP.': 'thành phố',
  TP: 'thành phố',
  'Tp.': 'thành phố',
  'TT.': 'thị trấn',
  'P.': 'phường',
  VNeID: 'Vê en e ai đi',
  SIPAS: 'xi pát',
  Zalo: 'Da lô',
  OA: 'ô a',
  'tr.đ': 'triệu đồng',
  'v.v.': 'vân vân',
  'v.v': 'vân vân',
  SĐT: 'số điện thoại',
  ĐT: 'điện thoại',
  'NĐ-CP': 'nghị định của Chính phủ',
  'QĐ-UBND': 'quyết định của Ủy ban nhân dân',
};

/** Who issued a document, from the code after its dash ("CP" of "NĐ-CP"). */
export const ISSUERS: Readonly<Record<string, string>> = {
  CP: 'Chính phủ',
  TTg: 'Thủ tướng Chính phủ',
  QH: 'Quốc hội',
  UBTVQH: 'Ủy ban Thường vụ Quốc hội',
  UBND: 'Ủy ban nhân dân',
  HĐND: 'Hội đồng nhân dân',
  BCA: 'Bộ Công an',
  BTP: 'Bộ Tư pháp',
  BTC: 'Bộ Tài chính',
  BNV: 'Bộ Nội vụ',
  BYT: 'Bộ Y tế',
  BQP: 'Bộ Quốc phòng',
  BXD: 'Bộ Xây dựng',
  BGDĐT: 'Bộ Giáo dục và Đào tạo',
  BLĐTBXH: 'Bộ Lao động, Thương binh và Xã hội',
  BTNMT: 'Bộ Tài nguyên và Môi trường',
  BNNMT: 'Bộ Nông nghiệp và Môi trường',
  BNNPTNT: 'Bộ Nông nghiệp và Phát triển nông thôn',
  BTTTT: 'Bộ Thông tin và Truyền thông',
  VPCP: 'Văn phòng Chính phủ',
};

const LETTERS: Readonly<Record<string, string>> = {
  A: 'a',
  B: 'bê',
  C: 'xê',
  D: 'dê',
  Đ: 'đê',
  E: 'e',
  F: 'ép',
  G: 'giê',
  H: 'hát',
  I: 'i',
  J: 'gi',
  K: 'ca',
  L: 'e lờ',
  M: 'em mờ',
  N: 'en nờ',
  O: 'o',
  P: 'pê',
  Q: 'quy',
  R: 'e rờ',
  S: 'ét',
  T: 'tê',
  U: 'u',
  V: 'vê',
  W: 'vê kép',
  X: 'ích',
  Y: 'i dài',
  Z: 'dét',
};

/** An abbreviation read letter by letter: "BQL" → "bê quy e lờ". */
export function spellLetters(code: string): string {
  return [...code.toUpperCase()].map((c) => LETTERS[c] ?? c).join(' ');
}
