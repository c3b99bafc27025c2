/**
 * Old → new commune lookups on a table of questions, each expectation
 * checked by hand against the clause of the resolution it cites (the clause
 * number is part of the expected answer).
 */
import { describe, expect, it } from 'vitest';
import { adminUnits } from '../../src/admin-units/data.js';
import { readUnitQuestion } from '../../src/admin-units/lookup.js';
import { PAPERS_ARTICLE, unitReply } from '../../src/admin-units/reply.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { Reply } from '../../src/core/types.js';
import { replyText } from '../admin/helpers.js';

interface Case {
  q: string;
  /** The commune's own province (the commune profile). */
  province?: string;
  bare?: boolean;
  /** Substrings of the reply, in order of appearance not required. */
  says: string[];
  not?: string[];
  /** A choice between this many units (buttons). */
  choices?: number;
}

const HP = 'Thành phố Hải Phòng';

const CASES: Case[] = [
  // Hải Phòng, 1669/NQ-UBTVQH15 (README samples).
  {
    q: 'phường Lê Chân mới gồm những phường cũ nào?',
    says: [
      'Toàn bộ Phường Hàng Kênh',
      'Toàn bộ Phường Dư Hàng Kênh',
      'Toàn bộ Phường Kênh Dương',
      'Một phần Phường An Biên',
      'Một phần Phường Trần Nguyên Hãn',
      'Một phần Phường Vĩnh Niệm',
      'Một phần Phường Cầu Đất',
      'Một phần Phường Lạch Tray',
      'khoản 12 Điều 1 Nghị quyết 1669/NQ-UBTVQH15',
    ],
  },
  {
    q: 'phuong le chan moi gom nhung phuong nao',
    says: ['Phường Lê Chân (Thành phố Hải Phòng) gồm', 'Toàn bộ Phường Hàng Kênh', 'khoản 12'],
  },
  {
    q: 'xã Chấn Hưng gồm những xã nào',
    says: [
      'Toàn bộ Xã Nam Hưng',
      'Toàn bộ Xã Bắc Hưng',
      'Toàn bộ Xã Đông Hưng',
      'Toàn bộ Xã Tây Hưng',
      'khoản 60 Điều 1 Nghị quyết 1669/NQ-UBTVQH15',
    ],
  },
  {
    q: 'xa tay hung tien lang cu gio la xa nao',
    says: ['Xã Tây Hưng (huyện Tiên Lãng, Thành phố Hải Phòng) nay thuộc Xã Chấn Hưng', 'khoản 60'],
  },
  { q: 'xã Tây Hưng huyện Tiên Lãng cũ nay thuộc xã nào?', says: ['nay thuộc Xã Chấn Hưng (Thành phố Hải Phòng)'] },
  {
    q: 'xã Hoàng Tiến cũ giờ thuộc phường nào?',
    says: [
      'Phường Hoàng Tiến (thành phố Chí Linh, Tỉnh Hải Dương) nay thuộc Phường Trần Nhân Tông (Thành phố Hải Phòng)',
      'khoản 38 Điều 1 Nghị quyết 1669/NQ-UBTVQH15',
    ],
  },
  // Without diacritics "hoang tien" is also Hoằng Tiến (Thanh Hóa): ask, or use what narrows it.
  {
    q: 'xa hoang tien cu gio thuoc phuong nao',
    choices: 2,
    says: [
      'Phường Hoàng Tiến (thành phố Chí Linh, Tỉnh Hải Dương)',
      'Xã Hoằng Tiến (huyện Hoằng Hóa, Tỉnh Thanh Hóa)',
      '/dvhc cu ',
    ],
  },
  { q: 'xa hoang tien cu gio thuoc phuong nao', province: HP, says: ['nay thuộc Phường Trần Nhân Tông'] },
  { q: 'phuong hoang tien chi linh cu gio la phuong nao', says: ['nay thuộc Phường Trần Nhân Tông'] },
  { q: 'xa hoang tien hai duong cu sap nhap vao dau', says: ['nay thuộc Phường Trần Nhân Tông'] },
  {
    q: 'xa hoang tien thanh hoa cu gio la xa nao',
    says: ['Xã Hoằng Tiến (huyện Hoằng Hóa, Tỉnh Thanh Hóa) nay thuộc'],
    not: ['Trần Nhân Tông'],
  },
  // Hà Nội, 1656/NQ-UBTVQH15.
  {
    q: 'phường Ba Đình mới gồm những phường nào',
    says: [
      'Toàn bộ Phường Trúc Bạch',
      'Toàn bộ Phường Quán Thánh',
      'Một phần Phường Ngọc Hà',
      'Một phần Phường Cửa Nam',
      'khoản 3 Điều 1 Nghị quyết 1656/NQ-UBTVQH15',
    ],
  },
  {
    q: 'phường Phúc Xá cũ giờ thuộc phường nào',
    says: ['Phường Phúc Xá (quận Ba Đình, Thành phố Hà Nội) nay thuộc Phường Hồng Hà'],
  },
  // A split old unit: one part each way, both named.
  {
    q: 'phường Cống Vị cũ giờ thuộc phường nào',
    says: [
      'được chia cho 2 đơn vị mới',
      'Một phần vào Phường Ngọc Hà (Thành phố Hà Nội)',
      'Một phần vào Phường Giảng Võ (Thành phố Hà Nội)',
    ],
  },
  // The three corrected upstream errors.
  {
    q: 'xã Sơn Đồng Hoài Đức cũ giờ là xã nào',
    says: ['Xã Sơn Đồng (huyện Hoài Đức, Thành phố Hà Nội) nay thuộc Xã Sơn Đồng (Thành phố Hà Nội)', 'khoản 104'],
    not: ['Đoài Phương'],
  },
  {
    q: 'xã Đoài Phương gồm những xã nào',
    says: ['Toàn bộ Xã Kim Sơn', 'Toàn bộ Xã Sơn Đông', 'Một phần Xã Cổ Đông', 'khoản 89'],
    not: ['Sơn Đồng'],
  },
  {
    q: 'xã A Dơk cũ giờ thuộc xã nào',
    says: [
      'Xã A Dơk (huyện Đăk Đoa, Tỉnh Gia Lai) nay thuộc Xã Ia Băng (Tỉnh Gia Lai)',
      'khoản 88 Điều 1 Nghị quyết 1664/NQ-UBTVQH15',
    ],
    not: ['Ia Dơk', 'cần kiểm tra lại'],
  },
  { q: 'xã Ia Băng mới gồm những xã nào', says: ['Toàn bộ Xã A Dơk', 'Toàn bộ Xã Ia Pết', 'Toàn bộ Xã Ia Băng'] },
  {
    q: 'xa ha mon dak ha cu gio la xa nao',
    says: [
      'Xã Hà Mòn (huyện Đắk Hà, Tỉnh Kon Tum) nay thuộc Xã Đăk Hà (Tỉnh Quảng Ngãi)',
      'khoản 56 Điều 1 Nghị quyết 1677/NQ-UBTVQH15',
    ],
    not: ['Tu Mơ Rông'],
  },
  { q: 'xã Tu Mơ Rông gồm những xã cũ nào', says: ['Toàn bộ Xã Tu Mơ Rông', 'khoản 62'], not: ['Hà Mòn'] },
  // Sampled units of other provinces (clause checked by hand).
  {
    q: 'xã Hậu Lộc mới gồm những xã nào',
    says: [
      'Toàn bộ Thị trấn Hậu Lộc',
      'Toàn bộ Xã Thuần Lộc',
      'Toàn bộ Xã Mỹ Lộc',
      'Toàn bộ Xã Lộc Sơn',
      'khoản 10 Điều 1 Nghị quyết 1686/NQ-UBTVQH15',
    ],
  },
  { q: 'xa thuan loc hau loc cu gio thuoc xa nao', says: ['nay thuộc Xã Hậu Lộc (Tỉnh Thanh Hóa)'] },
  {
    q: 'phường Phú Xuân gồm những phường cũ nào',
    province: 'Thành phố Huế',
    says: ['Toàn bộ Phường Gia Hội', 'Toàn bộ Phường Đông Ba', 'khoản 10 Điều 1 Nghị quyết 1675/NQ-UBTVQH15'],
  },
  {
    q: 'phuong dong ba cu gio la phuong nao',
    says: ['Phường Đông Ba (quận Phú Xuân, Thành phố Huế) nay thuộc Phường Phú Xuân'],
  },
  {
    q: 'xã Nguyệt Hóa Châu Thành cũ giờ thuộc đâu',
    says: ['nay thuộc Phường Nguyệt Hóa (Tỉnh Vĩnh Long)', 'khoản 112 Điều 1 Nghị quyết 1687/NQ-UBTVQH15'],
  },
  {
    q: 'phường 7 thành phố Trà Vinh cũ giờ là phường nào',
    says: ['Phường 7 (thành phố Trà Vinh, Tỉnh Trà Vinh) nay thuộc Phường Nguyệt Hóa'],
  },
  {
    q: 'phường 8 quận 11 cũ giờ thuộc phường nào',
    says: ['Phường 8 (quận 11, Thành phố Hồ Chí Minh)', 'Một phần vào Phường Phú Thọ'],
  },
  {
    q: 'xa cao ma po cu gio la xa nao',
    says: [
      'Xã Cao Mã Pờ (huyện Quản Bạ, Tỉnh Hà Giang) nay thuộc Xã Tùng Vài (Tỉnh Tuyên Quang)',
      'khoản 65 Điều 1 Nghị quyết 1684/NQ-UBTVQH15',
    ],
  },
  {
    q: 'xã Nà Tòng cũ sáp nhập vào xã nào',
    says: ['Xã Nà Tòng (huyện Tuần Giáo, Tỉnh Điện Biên) nay thuộc Xã Tủa Chùa', 'khoản 16'],
  },
  {
    q: 'xã Long Tân Phú Riềng cũ giờ là xã nào',
    says: ['nay thuộc Xã Long Hà (Tỉnh Đồng Nai)', 'khoản 55 Điều 1 Nghị quyết 1662/NQ-UBTVQH15'],
  },
  {
    q: 'xa chieng khoa cu gio thuoc xa nao',
    says: [
      'Xã Chiềng Khoa (huyện Vân Hồ, Tỉnh Sơn La) nay thuộc Xã Tô Múa',
      'khoản 6 Điều 1 Nghị quyết 1681/NQ-UBTVQH15',
    ],
  },
  {
    q: 'xã Lam Thành Nghệ An gồm những xã nào',
    says: ['Toàn bộ Xã Châu Nhân', 'Toàn bộ Xã Hưng Nghĩa', 'Toàn bộ Xã Hưng Thành', 'Toàn bộ Xã Phúc Lợi', 'khoản 29'],
  },
  {
    q: 'xã Sinh Long cũ giờ thuộc xã nào',
    says: ['nay thuộc Xã Côn Lôn (Tỉnh Tuyên Quang)', 'khoản 5 Điều 1 Nghị quyết 1684/NQ-UBTVQH15'],
  },
  {
    q: 'phường Thanh Hải Phan Thiết cũ giờ là phường nào',
    says: ['nay thuộc Phường Phú Thủy (Tỉnh Lâm Đồng)', 'khoản 111'],
  },
  {
    q: 'xã Thạch Đồng Thanh Thủy cũ nay thuộc xã nào',
    says: ['nay thuộc Xã Đào Xá (Tỉnh Phú Thọ)', 'khoản 39 Điều 1 Nghị quyết 1676/NQ-UBTVQH15'],
  },
  {
    q: 'thị trấn Thanh Nhật cũ giờ là xã nào',
    says: ['Thị trấn Thanh Nhật (huyện Hạ Lang, Tỉnh Cao Bằng) nay thuộc Xã Hạ Lang', 'khoản 50'],
  },
  // A clause number the joined text lost, found in the resolution's own text.
  {
    q: 'xã Phương Công cũ giờ là xã nào',
    says: ['nay thuộc Xã Tây Tiền Hải', 'khoản 46 Điều 1 Nghị quyết 1666/NQ-UBTVQH15'],
  },
  // A unit that was not rearranged: its resolution, no clause number.
  {
    q: 'xã Phong Dụ Thượng sau sáp nhập gồm những xã nào',
    says: ['Xã Phong Dụ Thượng giữ nguyên sau sắp xếp', 'Điều 1 Nghị quyết 1673/NQ-UBTVQH15'],
  },
  // Without "xã"/"phường": a name of two words or more right before "cũ".
  { q: 'Hoàng Tiến cũ giờ thuộc phường nào?', says: ['nay thuộc Phường Trần Nhân Tông'] },
  { q: 'tay hung cu gio la xa nao', says: ['nay thuộc Xã Chấn Hưng'] },
  { q: 'xoa dang ky thuong tru khi ra nuoc ngoai dinh cu', says: [] },
  { q: 'trường trung học phổ thông sáp nhập gồm những trường nào', says: [] },
  // `/dvhc` takes a bare name, with the district.
  { q: 'Tây Hưng Tiên Lãng', bare: true, says: ['nay thuộc Xã Chấn Hưng'] },
  { q: 'tu mo rong', bare: true, says: ['Xã Tu Mơ Rông'] },
  // Names that do not exist, and questions that are not about the rearrangement.
  { q: 'xã Abcxyz cũ giờ là xã nào', says: [] },
  { q: 'Qwerty Zxcv', bare: true, says: [] },
];

function ask(c: Case): Reply | undefined {
  const q = readUnitQuestion(c.q, adminUnits(), { province: c.province ?? null, bare: c.bare ?? false });
  return q ? unitReply(q) : undefined;
}

describe('old → new commune lookups', () => {
  it('the table has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.q + (c.province ? ` (${c.province})` : ''), c] as const))('%s', (_name, c) => {
    const r = ask(c);
    if (c.says.length === 0) return expect(r).toBeUndefined();
    expect(r).toBeDefined();
    const text = replyText(r!);
    for (const s of c.says) expect(text).toContain(s);
    for (const s of c.not ?? []) expect(text).not.toContain(s);
    if (c.choices) expect(r!.buttons).toHaveLength(c.choices);
    else expect(r!.kind).toBe('info');
  });

  it('marks links the clause does not name word for word with "cần kiểm tra lại"', () => {
    const units = adminUnits();
    const unchecked = units.newUnits.flatMap((n) => n.from).filter((l) => l.unchecked);
    expect(unchecked.length).toBeGreaterThan(200);
    const text = replyText(unitReply({ key: '', direction: 'old-to-new', old: [unchecked[0]!.old], new: [] }));
    expect(text).toContain('cần kiểm tra lại');
  });

  it('the article on papers after the rearrangement points to the lookup', () => {
    const r = loadKnowledge('knowledge');
    if (!r.ok) throw new Error('shipped knowledge does not load');
    const a = r.kb.articles.find((x) => x.id === PAPERS_ARTICLE)!;
    expect(JSON.stringify(a.sections)).toContain('/dvhc');
  });

  it('loads the whole country: 34 provinces, 3,321 units, 10,052 old units, each linked', () => {
    const units = adminUnits();
    expect(units.newUnits).toHaveLength(3321);
    expect(units.oldUnits).toHaveLength(10052);
    expect(new Set(units.newUnits.map((n) => n.province)).size).toBe(34);
    expect(units.oldUnits.every((o) => o.to.length > 0)).toBe(true);
    expect(units.newUnits.filter((n) => n.province === HP)).toHaveLength(114);
  });
});
