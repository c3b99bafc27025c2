import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/admin/kb-import.js';
import { splitItems, slugify } from '../../src/admin/import-procedures.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';

const HEADER = [
  'Mã thủ tục',
  'Tên thủ tục',
  'Lĩnh vực',
  'Cấp thực hiện',
  'Thành phần hồ sơ',
  'Thời hạn giải quyết',
  'Phí, lệ phí',
  'Căn cứ pháp lý',
];
const GOOD1 = [
  '1.004222',
  'Đăng ký giám hộ',
  'Hộ tịch',
  'Cấp Xã',
  '- Tờ khai đăng ký giám hộ\n- Văn bản cử người giám hộ',
  '03 ngày làm việc',
  'Miễn lệ phí',
  'Luật Hộ tịch 60/2014/QH13; Nghị định 123/2015/NĐ-CP',
];
const GOOD2 = [
  '',
  'Xác nhận tình trạng hôn nhân',
  'Hộ tịch',
  'Cấp Tỉnh, Cấp Xã',
  'Tờ khai; Giấy tờ tùy thân',
  '03 ngày làm việc',
  'Theo quy định của HĐND tỉnh',
  'Luật Hộ tịch 60/2014/QH13',
];
const NO_FEE = ['1.000001', 'Thủ tục thiếu phí', 'Hộ tịch', 'Cấp Xã', 'Tờ khai', '01 ngày', '', 'Luật A'];
const BAD_CODE = ['1001193x', 'Thủ tục mã sai', 'Hộ tịch', 'Cấp Xã', 'Tờ khai', '01 ngày', 'Miễn', 'Luật A'];
const DUP_CODE = ['1.001193', 'Đăng ký khai sinh (trùng)', 'Hộ tịch', 'Cấp Xã', 'Tờ khai', '01 ngày', 'Miễn', 'Luật A'];
const BAD_LEVEL = ['1.000002', 'Thủ tục cấp lạ', 'Hộ tịch', 'Cấp thôn', 'Tờ khai', '01 ngày', 'Miễn', 'Luật A'];

let dir: string;
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kb-import-'));
  dir = join(work, 'knowledge');
  cpSync('tests/admin/fixtures/kb', dir, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n;]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

function expectImported(r: Awaited<ReturnType<typeof runImport>>, sheetRows: { bad: number[] }) {
  expect(r.ok).toBe(true);
  expect(r.imported).toEqual(['dang-ky-giam-ho', 'xac-nhan-tinh-trang-hon-nhan']);
  expect(r.skipped.map((s) => s.row)).toEqual(sheetRows.bad);
  const messages = r.skipped.map((s) => s.message).join('\n');
  expect(messages).toContain('thiếu Phí, lệ phí');
  expect(messages).toContain('mã thủ tục "1001193x" không đúng dạng');
  expect(messages).toContain('mã 1.001193 đã có trong cơ sở tri thức (mục khai-sinh)');
  expect(messages).toContain('không hiểu cấp thực hiện "Cấp thôn"');
  // The knowledge folder still loads, now with the new procedures.
  const kb = loadKnowledge(dir);
  expect(kb.ok).toBe(true);
  if (!kb.ok) return;
  const giamHo = kb.kb.procedures.find((p) => p.id === 'dang-ky-giam-ho')!;
  expect(giamHo).toMatchObject({
    code: '1.004222',
    field: 'Hộ tịch',
    agency: 'UBND cấp xã',
    documents: ['Tờ khai đăng ký giám hộ', 'Văn bản cử người giám hộ'],
    processingTime: '03 ngày làm việc',
    fee: 'Miễn lệ phí',
    legalBasis: ['Luật Hộ tịch 60/2014/QH13', 'Nghị định 123/2015/NĐ-CP'],
    confidence: 'medium',
    lastVerified: '2026-11-22',
  });
  expect(giamHo.sources[0]).toMatch(/dòng \d+/);
  expect(kb.kb.procedures.find((p) => p.id === 'xac-nhan-tinh-trang-hon-nhan')!.code).toBeUndefined();
}

describe('kb:import', () => {
  it('imports a CSV with good and bad rows, reporting bad rows by number', async () => {
    const sheet = join(work, 'Danh sách TTHC cấp xã.csv');
    const lines = [HEADER, GOOD1, NO_FEE, BAD_CODE, GOOD2, DUP_CODE, BAD_LEVEL].map(csvLine);
    writeFileSync(sheet, `\uFEFF${lines.join('\r\n')}\r\n`);
    const r = await runImport({ sheet, knowledgeDir: dir, today: '2026-11-22' });
    expectImported(r, { bad: [3, 4, 6, 7] });
    expect(r.file).toBe(join(dir, 'imported', 'danh-sach-tthc-cap-xa.yaml'));
    const yaml = readFileSync(r.file!, 'utf8');
    expect(yaml).toMatch(/^# Nhập từ Danh sách TTHC cấp xã\.csv ngày 2026-11-22/);
    expect(yaml).toContain('code: "1.004222"');
  });

  it('imports an XLSX (title rows above the header, rich text cells) with good and bad rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(['DANH MỤC THỦ TỤC HÀNH CHÍNH']);
    ws.addRow([]);
    ws.addRow(HEADER);
    ws.addRow(GOOD1);
    ws.addRow(NO_FEE);
    ws.addRow(BAD_CODE);
    const row = ws.addRow(GOOD2);
    row.getCell(2).value = { richText: [{ text: 'Xác nhận tình trạng ' }, { font: { bold: true }, text: 'hôn nhân' }] };
    ws.addRow(DUP_CODE);
    ws.addRow(BAD_LEVEL);
    const sheet = join(work, 'export.xlsx');
    await wb.xlsx.writeFile(sheet);
    const r = await runImport({ sheet, knowledgeDir: dir, today: '2026-11-22' });
    expectImported(r, { bad: [5, 6, 8, 9] });
  });

  it('reports unreadable input without writing anything', async () => {
    const noHeader = join(work, 'x.csv');
    writeFileSync(noHeader, 'a,b,c\n1,2,3\n');
    let r = await runImport({ sheet: noHeader, knowledgeDir: dir });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('dòng tiêu đề');
    r = await runImport({ sheet: join(work, 'missing.xlsx'), knowledgeDir: dir });
    expect(r.message).toContain('Không mở được tệp');
    const notXlsx = join(work, 'broken.xlsx');
    writeFileSync(notXlsx, 'not a zip');
    r = await runImport({ sheet: notXlsx, knowledgeDir: dir });
    expect(r.message).toContain('XLSX không đọc được');
    r = await runImport({ sheet: join(work, 'a.pdf'), knowledgeDir: dir });
    expect(r.ok).toBe(false);
    expect(existsSync(join(dir, 'imported'))).toBe(false);
  });

  it('does a dry run and never imports the same code twice', async () => {
    const sheet = join(work, 'a.csv');
    writeFileSync(sheet, [HEADER, GOOD1].map(csvLine).join('\n'));
    const dry = await runImport({ sheet, knowledgeDir: dir, dryRun: true });
    expect(dry.imported).toEqual(['dang-ky-giam-ho']);
    expect(dry.file).toBeUndefined();
    const first = await runImport({ sheet, knowledgeDir: dir });
    expect(first.imported).toEqual(['dang-ky-giam-ho']);
    const other = join(work, 'b.csv');
    writeFileSync(other, [HEADER, GOOD1].map(csvLine).join('\n'));
    const second = await runImport({ sheet: other, knowledgeDir: dir });
    expect(second.imported).toEqual([]);
    expect(second.skipped[0]!.message).toContain('đã có trong cơ sở tri thức (mục dang-ky-giam-ho)');
  });

  it('splits list cells and makes ids', () => {
    expect(splitItems('1. Tờ khai\n2) Giấy chứng sinh\n• CCCD')).toEqual(['Tờ khai', 'Giấy chứng sinh', 'CCCD']);
    expect(splitItems('Luật A; Nghị định B')).toEqual(['Luật A', 'Nghị định B']);
    expect(slugify('Đăng ký khai sinh (lưu động)')).toBe('dang-ky-khai-sinh-luu-dong');
  });
});
