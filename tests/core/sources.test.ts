/**
 * Sources a resident can check: shown sources are official; where a copy
 * came from (crawling projects, research notes) is provenance, never shown.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryReply } from '../../src/core/entry-reply.js';
import { renderPlainText } from '../../src/core/render-text.js';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { unofficialMark } from '../../src/knowledge/official-source.js';

/** Names of the crawling projects and research notes the shipped knowledge was built from. */
const COPIES =
  /github|VoidKeishi|OpenGOV|DungVu06|AITroLyDichVuCong|3-hWnG|intern-amazing|chatbot-tthc|nhdandz|ThuTucHanhChinh|diepxuan|tài liệu nghiên cứu|nghiên cứu của dự án|shared\/research|find_string/i;

function kbWith(edit: (entries: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-sources-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
  const p = join(dir, 'entries.yaml');
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
  return dir;
}

describe('official sources', () => {
  it.each([
    [
      'Cổng Dịch vụ công quốc gia, thủ tục 1.004222 (bản chụp 07/2026, lưu trong dự án VoidKeishi/OpenGOV)',
      'VoidKeishi/OpenGOV',
    ],
    ['Bộ dữ liệu đánh giá của dự án 3-hWnG/intern-amazing-group_7, mã 1.116410', '3-hWnG/intern-amazing-group_7'],
    ['Bản ghi chuẩn hóa (DungVu06/AITroLyDichVuCong)', 'DungVu06/AITroLyDichVuCong'],
    ['https://github.com/some/crawler', 'github'],
    ['Nhiều nguồn công khai (tổng hợp trong tài liệu nghiên cứu của dự án, 22/11/2026)', 'của dự án'],
    ['Tài liệu nghiên cứu (22/11/2026)', 'Tài liệu nghiên cứu'],
    ['Bộ dữ liệu do dự án thu thập', 'do dự án'],
    ['Luật Công chứng 2024 (theo nguồn bên thứ ba)', 'bên thứ ba'],
    ['knowledge/commune.yaml', 'knowledge/commune.yaml'],
  ])('flags a copy as a shown source: %s', (source, mark) => {
    expect(unofficialMark(source)).toBe(mark);
  });

  it.each([
    'Cổng Dịch vụ công quốc gia, thủ tục 1.004222 (dữ liệu ngày 28/04/2026)',
    'Luật Hộ tịch 60/2014/QH13, Điều 11 (Bộ Pháp điển)',
    'Thông tư 75/2022/TT-BTC, sửa đổi bởi Thông tư 71/2025/TT-BTC',
    'Quyết định 2095/QĐ-UBND ngày 31/10/2025 của UBND tỉnh Đồng Nai',
    'Nghị quyết 76/NQ-CP ngày 15/7/2021',
    'Trang đánh giá chất lượng phục vụ (dichvucong.gov.vn/danh-gia-chat-luong-phuc-vu)',
    'Hướng dẫn của HĐND/UBND tỉnh',
    'Quyết định phê duyệt dự án đầu tư xây dựng',
    'Văn bản cho phép gia hạn thời hạn hoạt động của dự án đầu tư',
  ])('accepts an official source: %s', (source) => {
    expect(unofficialMark(source)).toBeUndefined();
  });

  it('rejects a crawl named in sources with file, line, field and how to fix it, and accepts it in provenance', () => {
    const dir = kbWith((t) =>
      t
        .replace(
          '    sources: [Cổng Dịch vụ công quốc gia]\n',
          '    sources:\n      - Luật Hộ tịch 60/2014/QH13\n      - Bản sao trong dự án VoidKeishi/OpenGOV\n',
        )
        .replace(
          '    sources: [Hồ sơ xã]\n',
          '    sources: [Hồ sơ xã]\n    provenance: [Bản sao của dự án VoidKeishi/OpenGOV trên github]\n',
        ),
    );
    const r = loadKnowledge(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    const line =
      readFileSync(join(dir, 'entries.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('VoidKeishi/OpenGOV')) + 1;
    const text = formatProblem(r.problems[0]!);
    expect(text).toMatch(new RegExp(`entries\\.yaml:${line}: procedures\\[0\\]\\.sources\\[1\\]: `));
    expect(text).toContain('nguồn hiển thị cho người dân phải là nguồn chính thức');
    expect(text).toContain('"VoidKeishi/OpenGOV"');
    expect(text).toContain('ghi nguồn này vào provenance');
  });

  it('applies to every kind of entry', () => {
    const dir = kbWith((t) =>
      t.replace('    sources: [Nghị định 118/2025/NĐ-CP]\n', '    sources: [Trang github của một bên thứ ba]\n'),
    );
    const r = loadKnowledge(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['articles[0].sources[0]']);
  });

  it('shows residents no crawling project, research note or provenance in any shipped answer', () => {
    const r = loadKnowledge('knowledge');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let withProvenance = 0;
    for (const e of r.kb.entries) {
      const text = renderPlainText(entryReply(r.kb, e));
      expect(text, e.id).not.toMatch(COPIES);
      for (const p of e.data.provenance) expect(text, e.id).not.toContain(p);
      if (e.data.provenance.length > 0) withProvenance++;
    }
    // The hand-written entries that were built from crawls keep where they came from.
    expect(withProvenance).toBeGreaterThan(r.kb.procedures.filter((p) => !p.portal).length);
  });
});
