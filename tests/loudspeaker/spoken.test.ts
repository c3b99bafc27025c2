import { describe, expect, it } from 'vitest';
import { readDate, readDigits, readPhone, readTime } from '../../src/loudspeaker/numbers.js';
import { countSyllables, loudspeakerScript, spokenSentences } from '../../src/loudspeaker/script.js';
import { toSpoken } from '../../src/loudspeaker/spoken.js';
import { SPOKEN_TABLE } from './spoken-table.js';

describe('toSpoken', () => {
  it.each(SPOKEN_TABLE)('%s', (written, spoken) => {
    expect(toSpoken(written)).toBe(spoken);
  });

  it('reads a whole sentence with every kind mixed, and leaves no digit behind', () => {
    const s = toSpoken(
      'Từ 08:00 ngày 01/12/2026, UBND xã nhận hồ sơ cấp CCCD (mã 1.001193), lệ phí 50.000đ; gọi 0225 3842 123.',
    );
    expect(s).toBe(
      'Từ tám giờ sáng ngày mùng một tháng mười hai năm hai nghìn không trăm hai mươi sáu, Ủy ban nhân dân xã nhận hồ sơ cấp căn cước công dân, mã một chấm không không một một chín ba, lệ phí năm mươi nghìn đồng; gọi không hai hai năm, ba tám bốn hai, một hai ba.',
    );
    expect(s).not.toMatch(/\d/);
  });

  it('is the same for NFD input', () => {
    const t = 'Ngày 1/7 UBND xã làm việc';
    expect(toSpoken(t.normalize('NFD'))).toBe(toSpoken(t));
  });
});

describe('number readers', () => {
  it('reads the parts the library does not', () => {
    expect(readDigits('113')).toBe('một một ba');
    expect(readPhone('0912 345 678')).toBe('không chín một hai, ba bốn năm, sáu bảy tám');
    expect(readTime(8, 0)).toBe('tám giờ sáng');
    expect(readTime(13, 5)).toBe('một giờ năm phút chiều');
    expect(readDate(10, 4)).toBe('ngày mùng mười tháng tư');
    expect(readDate(11, 4)).toBe('ngày mười một tháng tư');
  });
});

describe('loudspeakerScript', () => {
  const script = loudspeakerScript(
    {
      title: 'Lịch nhận hồ sơ CCCD',
      body: 'Từ 08:00 01/12/2026, Công an xã nhận hồ sơ cấp CCCD.\n\n- Mang theo sổ hộ khẩu cũ nếu có\n- Trẻ em dưới 14 tuổi đi cùng cha mẹ',
    },
    { commune: 'xã Tây Hưng' },
  );

  it('opens and closes with the station formula and names the commune', () => {
    expect(script.sentences[0]).toBe('Alô, alô! Đài truyền thanh xã Tây Hưng xin thông báo.');
    expect(script.sentences[1]).toBe(
      'Sau đây là thông báo của Ủy ban nhân dân xã Tây Hưng: Lịch nhận hồ sơ căn cước công dân.',
    );
    expect(script.sentences.at(-1)).toBe('Xin cảm ơn mọi người đã chú ý lắng nghe.');
  });

  it('says every list item as a sentence of its own, with no digits left', () => {
    expect(script.sentences).toContain('Mang theo sổ hộ khẩu cũ nếu có.');
    expect(script.sentences).toContain('Trẻ em dưới mười bốn tuổi đi cùng cha mẹ.');
    expect(script.text).not.toMatch(/\d/);
  });

  it('estimates the reading time from the syllables (130 a minute)', () => {
    expect(script.syllables).toBe(countSyllables(script.text));
    expect(script.seconds).toBe(Math.round((script.syllables / 130) * 60));
    expect(script.seconds).toBeGreaterThan(20);
  });

  it('cuts a long sentence at commas', () => {
    const long = Array.from({ length: 6 }, (_, i) => `việc thứ ${i + 1} gồm nhiều chữ cần đọc chậm`).join(', ');
    const parts = spokenSentences(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.split(' ').length).toBeLessThanOrEqual(28);
  });
});
