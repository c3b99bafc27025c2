/**
 * Questions are stored without personal data: names typed in any case after
 * "tôi tên là", "tên tôi", "họ tên:", and landline numbers in the ways
 * residents write them.
 */
import { describe, expect, it } from 'vitest';
import { stripPersonalData } from '../../src/core/personal-data.js';
import { ask, testAssistant } from '../helpers.js';

const CASES: [string, string][] = [
  ['tôi tên là nguyễn văn an, hỏi làm khai sinh', 'hỏi làm khai sinh'],
  ['tên tôi lê thị hoa muốn đăng ký kết hôn', 'muốn đăng ký kết hôn'],
  ['cháu tên là Minh muốn làm căn cước', 'muốn làm căn cước'],
  ['họ tên: trần văn bình, hỏi tạm trú', 'hỏi tạm trú'],
  ['toi ten la nguyen van an muon hoi khai sinh', 'muon hoi khai sinh'],
  ['em tên Hoa, cần làm giấy xác nhận', 'cần làm giấy xác nhận'],
  ['gọi 0225 3822 123 hỏi thủ tục', 'gọi hỏi thủ tục'],
  ['số bàn 024.3825.1234 hỏi tạm trú', 'hỏi tạm trú'],
  ['gọi (0225) 3822-123 hỏi khai sinh', 'gọi hỏi khai sinh'],
  ['máy bàn 024 3 825 1234 cần làm hộ tịch', 'cần làm hộ tịch'],
  ['điện thoại cố định 02253 822 123, hỏi chứng thực', 'hỏi chứng thực'],
];

describe('names and landlines in questions', () => {
  it.each(CASES)('%s → %s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });

  it('keeps questions about names and numbers that are not personal data', () => {
    for (const q of [
      'đặt tên con là gì cho hợp lệ',
      'khai sinh cần tên cha mẹ không',
      'con tôi tên là gì cũng được à',
      'mã 1.001193 năm 2020',
      'số điện thoại công an xã',
    ])
      expect(stripPersonalData(q)).toBe(q);
  });

  it('never writes them to the questions table', async () => {
    const a = testAssistant();
    for (const [q] of CASES) await ask(a, q);
    const log = (a.db.prepare('SELECT normalized FROM questions').all() as { normalized: string }[])
      .map((r) => r.normalized)
      .join(' | ');
    expect(log).toContain('khai sinh');
    for (const leak of ['nguyen', 'hoa', 'minh', 'binh', '3822', '3825', '822 123', '0225', '024'])
      expect(log, leak).not.toMatch(new RegExp(`\\b${leak}\\b`));
  });
});
