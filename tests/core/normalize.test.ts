import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTones, createAnalyzer, fold, repairTelex, tokenize } from '../../src/search/normalize.js';

const analyze = createAnalyzer({
  abbreviations: { dk: 'đăng ký', gks: 'giấy khai sinh', cccd: 'căn cước công dân', ko: 'không', sdt: 'số điện thoại' },
  synonyms: [
    { phrase: 'sổ đỏ', adds: 'giấy chứng nhận quyền sử dụng đất' },
    { phrase: 'người lào', adds: 'yếu tố nước ngoài' },
  ],
  fillers: ['cho em hỏi', 'làm sao để', 'như thế nào', 'ạ'],
});

/** Vietnamese-ish text: letters with marks, spaces, punctuation, emoji, digits. */
const vnChar = fc.constantFrom(
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ĐÁ.,?!0123456789😀🙏\u0301\u0323\u200b\t\n'.split(
    '',
  ),
);
const vnText = fc.array(vnChar, { maxLength: 60 }).map((a) => a.join(''));

describe('normalisation', () => {
  it('folds accents including đ', () => {
    expect(fold('Đăng ký khai sinh đúng hạn')).toBe('Dang ky khai sinh dung han');
  });

  it('puts tones in one place (hoà = hòa, thuỷ = thủy)', () => {
    expect(canonicalTones('hoà')).toBe('hòa');
    expect(canonicalTones('thuỷ')).toBe('thủy');
    expect(canonicalTones('Uỷ ban')).toBe('Ủy ban');
    expect(canonicalTones('hoàng')).toBe('hoàng');
  });

  it('repairs Telex and VNI leftovers but leaves codes alone', () => {
    expect(repairTelex('ddawng')).toBe('dang');
    expect(repairTelex('kys')).toBe('ky');
    expect(repairTelex('sinhf')).toBe('sinh');
    expect(repairTelex('ky1')).toBe('ky');
    expect(repairTelex('ct01')).toBe('ct01');
    expect(repairTelex('xoong')).toBe('xoong');
  });

  it('drops fillers before folding and expands abbreviations', () => {
    expect(analyze('Cho em hỏi làm sao để dk gks ạ?').tokens).toEqual(['dang', 'ky', 'giay', 'khai', 'sinh']);
    expect(analyze('cho em hoi dk gks nhu the nao').tokens).toEqual(['dang', 'ky', 'giay', 'khai', 'sinh']);
  });

  it('keeps content words whose folded form looks like a filler', () => {
    // "thẻ căn cước" must survive although "thế" and "cần" are fillers
    expect(analyze('làm thẻ căn cước').tokens).toEqual(['lam', 'the', 'can', 'cuoc']);
  });

  it('adds synonym terms without replacing the phrase', () => {
    const a = analyze('làm sổ đỏ');
    expect(a.tokens).toEqual(['lam', 'so', 'do']);
    expect(a.terms).toContain('quyen_su');
    expect(a.terms).toContain('so_do');
  });

  it('adds a synonym only where the accents agree, or where the question has none', () => {
    const foreign = (q: string) => analyze(q).terms.includes('yeu_to');
    expect(foreign('kết hôn với người Lào')).toBe(true);
    expect(foreign('ket hon voi nguoi lao')).toBe(true);
    expect(foreign('kết hôn với nguoi lao')).toBe(true);
    // "người lao động" folds to the same letters as "người lào"
    expect(foreign('người lao động bị tai nạn')).toBe(false);
    expect(foreign('người lảo')).toBe(false);
  });

  it('gives the same result for NFC and NFD input', () => {
    fc.assert(
      fc.property(vnText, (s) => {
        expect(analyze(s.normalize('NFD'))).toEqual(analyze(s.normalize('NFC')));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.oneof(vnText, fc.string(), fc.string({ unit: 'grapheme', maxLength: 80 })), (s) => {
        const once = analyze(s);
        expect(analyze(once.normalized).normalized).toBe(once.normalized);
        expect(once.tokens.every((t) => /^[\p{L}\p{N}]+$/u.test(t))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('tokenize removes emoji and punctuation', () => {
    expect(tokenize('🙏 Xin chào!!! 😀')).toEqual(['xin', 'chào']);
    expect(tokenize('😀😀')).toEqual([]);
  });
});
