/**
 * Reads a sheet of procedures (CSV or XLSX, as exported from the national
 * procedure database) into rows keyed by the columns we know, finding the
 * header row even when title rows come before it.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { newWorkbook } from './workbook.js';
import { foldForCommand as fold } from '../text/fold.js';

/** The columns of the national export that the import uses. */
export type ImportColumn = 'code' | 'name' | 'field' | 'level' | 'documents' | 'processingTime' | 'fee' | 'legalBasis';

/** Header spellings (folded, punctuation removed), most specific first. */
const HEADERS: Record<ImportColumn, string[]> = {
  code: ['ma thu tuc', 'ma tthc', 'ma so thu tuc', 'ma so', 'ma', 'code', 'procedure code'],
  name: ['ten thu tuc', 'ten tthc', 'ten thu tuc hanh chinh', 'ten', 'thu tuc', 'name', 'procedure name'],
  field: ['linh vuc', 'field'],
  level: ['cap thuc hien', 'cap giai quyet', 'cap', 'level'],
  documents: ['thanh phan ho so', 'ho so', 'giay to', 'documents'],
  processingTime: ['thoi han giai quyet', 'thoi gian giai quyet', 'thoi han', 'thoi gian', 'processing time'],
  fee: ['phi le phi', 'le phi', 'phi', 'fee', 'fees'],
  legalBasis: ['can cu phap ly', 'can cu', 'legal basis'],
};

/** One data row: its 1-based row number in the sheet and its cells by column. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<ImportColumn, string>>;
}

/** Result of reading a sheet: errors are values. */
export type ReadResult = { ok: true; rows: SheetRow[]; columns: ImportColumn[] } | { ok: false; message: string };

function headerKey(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Maps header cells to columns; unknown headers are ignored. */
export function matchHeader(cells: string[]): Map<number, ImportColumn> {
  const out = new Map<number, ImportColumn>();
  const used = new Set<ImportColumn>();
  // Exact matches first, then prefix matches, so "Mã thủ tục" is not taken by "Mã".
  for (const exact of [true, false]) {
    cells.forEach((c, i) => {
      if (out.has(i)) return;
      const k = headerKey(c);
      if (!k) return;
      for (const [col, names] of Object.entries(HEADERS) as [ImportColumn, string[]][]) {
        if (used.has(col)) continue;
        if (names.some((n) => (exact ? k === n : k.startsWith(`${n} `)))) {
          out.set(i, col);
          used.add(col);
          return;
        }
      }
    });
  }
  return out;
}

function toRows(table: string[][]): ReadResult {
  for (let h = 0; h < Math.min(table.length, 20); h++) {
    const map = matchHeader(table[h]!);
    const cols = new Set(map.values());
    if (!cols.has('name') || cols.size < 3) continue;
    const rows: SheetRow[] = [];
    for (let r = h + 1; r < table.length; r++) {
      const line = table[r]!;
      if (line.every((c) => c.trim() === '')) continue;
      const cells: SheetRow['cells'] = {};
      for (const [i, col] of map) {
        const v = (line[i] ?? '').trim();
        if (v) cells[col] = v;
      }
      rows.push({ row: r + 1, cells });
    }
    return { ok: true, rows, columns: [...cols] };
  }
  return {
    ok: false,
    message:
      'Không tìm thấy dòng tiêu đề (cần ít nhất các cột "Tên thủ tục" và hai cột khác như "Lĩnh vực", "Thành phần hồ sơ").',
  };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return '';
}

/** Reads a CSV text (comma or semicolon separated, UTF-8 with or without BOM). */
export function readCsv(text: string): ReadResult {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    const table = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
    return toRows(table);
  } catch (err) {
    return { ok: false, message: `Tệp CSV không đọc được: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Reads the first worksheet of an XLSX workbook. */
export async function readXlsx(data: Buffer | ArrayBuffer): Promise<ReadResult> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(data as ArrayBuffer);
  } catch (err) {
    return { ok: false, message: `Tệp XLSX không đọc được: ${(err as Error).message.split('\n')[0]}` };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { ok: false, message: 'Tệp XLSX không có trang tính nào.' };
  const table: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(ws.columnCount, row.cellCount); c++) cells.push(cellText(row.getCell(c).value));
    table.push(cells);
  }
  return toRows(table);
}

/** Reads a `.csv` or `.xlsx` file by its extension. */
export async function readSheetFile(path: string): Promise<ReadResult> {
  const ext = extname(path).toLowerCase();
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    return { ok: false, message: `Không mở được tệp ${path}: ${(err as NodeJS.ErrnoException).code ?? 'lỗi'}` };
  }
  if (ext === '.csv' || ext === '.txt') return readCsv(buf.toString('utf8'));
  if (ext === '.xlsx') return readXlsx(buf);
  return { ok: false, message: 'Chỉ nhận tệp .csv hoặc .xlsx.' };
}
