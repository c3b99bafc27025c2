/**
 * Re-importing a sheet merges into the earlier import: matched by code (or
 * by id without a code), updated in place with comments and hand-added
 * fields kept, new rows appended, absent ones kept; the same sheet twice is
 * idempotent. Sheets are generated here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport, type ImportReport } from '../../src/admin/kb-import.js';
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

/** Row `n` of a generated national export; `over` changes cells by column name. */
function row(n: number, over: Partial<Record<'code' | 'name' | 'fee' | 'time', string>> = {}): string[] {
  return [
    over.code ?? `1.00${String(5000 + n)}`,
    over.name ?? `Thủ tục mẫu số ${n}`,
    n % 2 ? 'Hộ tịch' : 'Chứng thực',
    'Cấp Xã',
    `- Tờ khai số ${n}\n- Giấy tờ tùy thân`,
    over.time ?? `0${1 + (n % 5)} ngày làm việc`,
    over.fee ?? 'Miễn lệ phí',
    'Luật Hộ tịch 60/2014/QH13; Nghị định 123/2015/NĐ-CP',
  ];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const csv = (rows: string[][]) =>
  `\uFEFF${[HEADER, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`;

let work: string;
let dir: string;
let sheet: string;
let file: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kb-merge-'));
  dir = join(work, 'knowledge');
  cpSync('tests/admin/fixtures/kb', dir, { recursive: true });
  sheet = join(work, 'Danh mục TTHC.csv');
  file = join(dir, 'imported', 'danh-muc-tthc.yaml');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function importRows(
  rows: string[][],
  today = '2026-11-22',
  extra: Partial<Parameters<typeof runImport>[0]> = {},
): Promise<ImportReport> {
  writeFileSync(sheet, csv(rows));
  return runImport({ sheet, knowledgeDir: dir, today, ...extra });
}
function procedureCount(): number {
  const r = loadKnowledge(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.kb.procedures.length;
}
const counts = (r: ImportReport) => ({
  added: r.added.length,
  updated: r.updated.length,
  unchanged: r.unchanged.length,
  kept: r.kept.length,
  skipped: r.skipped.length,
});

describe('re-import merges', () => {
  it('keeps every procedure when a longer sheet is re-imported (43 stays 43 + new, never 42)', async () => {
    const base = procedureCount();
    const first = range(1, 43 - base);
    expect(counts(await importRows(first.map((n) => row(n))))).toEqual({
      added: first.length,
      updated: 0,
      unchanged: 0,
      kept: 0,
      skipped: 0,
    });
    expect(procedureCount()).toBe(43);
    // The new export is longer: one row dropped (row 1), 42 - base new ones, and rows in another order.
    const longer = [...range(2, 43 - base), ...range(100, 100 + 42 - base - 1)].reverse();
    expect(longer.length).toBeGreaterThan(first.length);
    const r = await importRows(
      longer.map((n) => row(n)),
      '2026-12-01',
    );
    expect(r.ok).toBe(true);
    expect(counts(r)).toEqual({ added: 42 - base, updated: 0, unchanged: first.length - 1, kept: 1, skipped: 0 });
    expect(r.kept).toEqual(['thu-tuc-mau-so-1']);
    expect(procedureCount()).toBe(43 + 42 - base);
  });

  it('updates changed rows in place, keeping comments and what was added by hand', async () => {
    await importRows(range(1, 3).map((n) => row(n)));
    const edited = readFileSync(file, 'utf8')
      .replace(
        '  - id: thu-tuc-mau-so-2\n',
        '  # Đã kiểm tra với Bộ phận Một cửa ngày 01/12.\n  - id: thu-tuc-mau-so-2\n',
      )
      .replace(
        '    name: Thủ tục mẫu số 2\n',
        '    name: Thủ tục mẫu số 2\n    aliases:\n      - chứng thực bản sao # cách người dân hay hỏi\n',
      )
      .replace(/(- id: thu-tuc-mau-so-2[\s\S]*?)agency: UBND cấp xã/, '$1agency: UBND xã Tân Phú')
      .replace(/(- id: thu-tuc-mau-so-2[\s\S]*?)confidence: medium/, '$1confidence: high');
    writeFileSync(file, edited);
    // Row 2 changed and moved to the top of the sheet.
    const r = await importRows([row(2, { fee: '10.000 đồng/bản', time: 'Trong ngày' }), row(1), row(3)], '2026-12-01');
    expect(counts(r)).toEqual({ added: 0, updated: 1, unchanged: 2, kept: 0, skipped: 0 });
    expect(r.updated).toEqual(['thu-tuc-mau-so-2']);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('  # Đã kiểm tra với Bộ phận Một cửa ngày 01/12.\n  - id: thu-tuc-mau-so-2\n');
    expect(after).toContain('      - chứng thực bản sao # cách người dân hay hỏi\n');
    // Only the sheet fields, lastVerified and the import's source line changed; nothing else in the file.
    const [old, now] = [edited.split('\n'), after.split('\n')];
    expect(now).toHaveLength(old.length);
    expect(now.filter((l, i) => old[i] !== l).map((l) => l.trim())).toEqual([
      'processingTime: Trong ngày',
      'fee: 10.000 đồng/bản',
      '- Cơ sở dữ liệu quốc gia về thủ tục hành chính (tệp Danh mục TTHC.csv, dòng 2)',
      'lastVerified: 2026-12-01',
    ]);
    const p = (() => {
      const k = loadKnowledge(dir);
      if (!k.ok) throw new Error('invalid');
      return k.kb.procedures.find((x) => x.id === 'thu-tuc-mau-so-2')!;
    })();
    expect(p).toMatchObject({
      fee: '10.000 đồng/bản',
      processingTime: 'Trong ngày',
      agency: 'UBND xã Tân Phú',
      confidence: 'high',
      aliases: ['chứng thực bản sao'],
      lastVerified: '2026-12-01',
    });
  });

  it('is idempotent: the same sheet twice adds and updates nothing and leaves the file byte-identical', async () => {
    const rows = range(1, 5).map((n) => row(n));
    await importRows(rows);
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const again = await importRows(rows, '2027-01-15');
    expect(again.ok).toBe(true);
    expect(counts(again)).toEqual({ added: 0, updated: 0, unchanged: 5, kept: 0, skipped: 0 });
    expect(again.file).toBeUndefined();
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('matches rows without a code by id, and gives such an entry its code when the sheet later has one', async () => {
    await importRows([row(1, { code: '' }), row(2)]);
    const r = await importRows([row(1, { fee: 'Thu theo quy định của HĐND tỉnh' }), row(2)], '2026-12-01');
    expect(counts(r)).toEqual({ added: 0, updated: 1, unchanged: 1, kept: 0, skipped: 0 });
    expect(readFileSync(file, 'utf8')).toMatch(
      /- id: thu-tuc-mau-so-1\n {4}code: "1\.005001"\n {4}name: Thủ tục mẫu số 1\n/,
    );
  });

  it('reports skipped rows with their reason: repeated in the sheet, already in another file, unusable', async () => {
    await importRows([row(1)]);
    const r = await importRows([
      row(1),
      row(2),
      row(2, { name: 'Thủ tục mẫu số 2 (dòng lặp)' }),
      row(3, { code: '1.001193' }),
      row(4, { fee: '' }),
    ]);
    expect(r.ok).toBe(true);
    expect(r.added).toEqual(['thu-tuc-mau-so-2']);
    expect(r.unchanged).toEqual(['thu-tuc-mau-so-1']);
    expect(r.skipped).toEqual([
      { row: 4, message: 'cùng thủ tục với dòng 3 (mục thu-tuc-mau-so-2); bỏ qua' },
      { row: 5, message: 'mã 1.001193 đã có trong cơ sở tri thức (mục khai-sinh); bỏ qua' },
      { row: 6, message: 'thiếu Phí, lệ phí' },
    ]);
  });

  it('a new procedure whose id is taken in the file by another one gets the code in its id', async () => {
    await importRows([row(1)]);
    const r = await importRows([row(1), row(2, { name: 'Thủ tục mẫu số 1' })]);
    expect(r.added).toEqual(['thu-tuc-mau-so-1-1-005002']);
    const k = loadKnowledge(dir);
    expect(k.ok && k.kb.procedures.filter((p) => p.name === 'Thủ tục mẫu số 1').map((p) => p.code)).toEqual([
      '1.005001',
      '1.005002',
    ]);
  });

  it('a dry run reports the merge without writing', async () => {
    await importRows([row(1)]);
    const bytes = readFileSync(file);
    const r = await importRows([row(1, { fee: '5.000 đồng' }), row(2)], '2026-12-01', { dryRun: true });
    expect(counts(r)).toEqual({ added: 1, updated: 1, unchanged: 0, kept: 0, skipped: 0 });
    expect(r.file).toBeUndefined();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('puts the file back as it was when the merged knowledge would not load (here: over the size limit)', async () => {
    await importRows([row(1)]);
    const bytes = readFileSync(file);
    const r = await importRows(
      range(1, 40).map((n) => row(n)),
      '2026-12-01',
      { load: { maxFileBytes: bytes.length + 200 } },
    );
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/đã hủy \(tệp giữ như cũ\):\n.*danh-muc-tthc\.yaml:1: \(tệp\): tệp quá lớn/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses to merge into a previous file that is not valid YAML, and leaves it alone', async () => {
    await importRows([row(1)]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n  - id: [oops\n`);
    const broken = readFileSync(file);
    const r = await importRows([row(1), row(2)]);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(
      /^Không nhập được vào .*danh-muc-tthc\.yaml: tệp nhập trước đây có lỗi cú pháp YAML ở dòng \d+; sửa tệp \(npm run kb:check\) rồi nhập lại\.$/,
    );
    expect(readFileSync(file).equals(broken)).toBe(true);
  });

  it('npm run kb:import prints added / updated / unchanged / skipped, and says when nothing changed', () => {
    writeFileSync(sheet, csv([row(1), row(2), row(3, { fee: '' })]));
    const kbImport = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb-import.ts', sheet], {
        encoding: 'utf8',
        env: { ...process.env, KNOWLEDGE_DIR: dir, LOG_LEVEL: 'silent' },
        timeout: 60_000,
      });
    const first = kbImport();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Đọc 3 dòng: thêm mới 2, cập nhật 0, không đổi 0, bỏ qua 1.\n  dòng 4: thiếu Phí, lệ phí\n',
    );
    expect(first.stdout).toContain('Đã ghi ');
    writeFileSync(sheet, csv([row(2), row(3, { fee: '' })]));
    const second = kbImport();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Đọc 2 dòng: thêm mới 0, cập nhật 0, không đổi 1, bỏ qua 1.');
    expect(second.stdout).toContain('Giữ nguyên 1 thủ tục đã nhập trước đây nhưng không có trong bảng này.');
    expect(second.stdout).toContain('Không có gì thay đổi: chưa ghi tệp nào.');
  });
});
