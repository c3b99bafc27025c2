/**
 * Turns rows of the national procedure export into knowledge-base
 * procedures, and their YAML text as the loader validates it like any other
 * file. Rows that cannot be used are reported with their row number.
 */
import { basename, extname, join } from 'node:path';
import { Procedure } from '../knowledge/schema.js';
import type { SheetRow } from './import-rows.js';
import { slugify } from '../knowledge/catalog/names.js';
import { foldForCommand as fold } from '../text/fold.js';
import { knowledgeErrorMap } from '../knowledge/zod-vi.js';

/** A row that could not be turned into a procedure. */
export interface RowProblem {
  row: number;
  message: string;
}

/** A usable row and the procedure made from it. */
export interface ConvertedRow {
  row: number;
  procedure: Procedure;
}

/** Result of {@link rowsToProcedures}. */
export interface ConvertResult {
  converted: ConvertedRow[];
  problems: RowProblem[];
}

/** Start of the `sources` item the import writes ("… (tệp x.csv, dòng 4)"). */
export const IMPORT_SOURCE = 'Cơ sở dữ liệu quốc gia về thủ tục hành chính';

const REQUIRED: { col: keyof SheetRow['cells']; label: string }[] = [
  { col: 'name', label: 'Tên thủ tục' },
  { col: 'field', label: 'Lĩnh vực' },
  { col: 'level', label: 'Cấp thực hiện' },
  { col: 'documents', label: 'Thành phần hồ sơ' },
  { col: 'processingTime', label: 'Thời hạn giải quyết' },
  { col: 'fee', label: 'Phí, lệ phí' },
  { col: 'legalBasis', label: 'Căn cứ pháp lý' },
];

/** Splits a multi-line cell ("- a\n- b", "1. a; 2. b") into items. */
export function splitItems(s: string): string[] {
  const lines = s.includes('\n') ? s.split(/\r?\n/) : s.split(/;\s*/);
  return lines
    .map((l) => l.replace(/^\s*(?:[-+*•–]|\d{1,2}[.)]|[a-zđ][.)])\s+/iu, '').trim())
    .filter((l) => l.length > 0);
}

/** A slug id from a procedure name: "Đăng ký khai sinh" → "dang-ky-khai-sinh" (one slug rule for every importer). */
export { slugify };

function place(level: string): { agency: string; where: string[] } | undefined {
  const f = fold(level);
  if (/\bxa\b|\bphuong\b|dac khu/.test(f)) {
    return { agency: 'UBND cấp xã', where: ['Trung tâm Phục vụ hành chính công (Bộ phận Một cửa) cấp xã'] };
  }
  if (/\btinh\b|thanh pho truc thuoc/.test(f)) {
    return { agency: 'Cơ quan chuyên môn cấp tỉnh', where: ['Trung tâm Phục vụ hành chính công cấp tỉnh'] };
  }
  if (/trung uong|\bbo\b/.test(f)) {
    return { agency: 'Cơ quan trung ương', where: ['Theo hướng dẫn của thủ tục trên Cổng Dịch vụ công quốc gia'] };
  }
  return undefined;
}

/**
 * Converts rows. `existingIds` and `existingCodes` come from the current
 * knowledge base: rows whose code is already there are reported, not duplicated.
 */
export function rowsToProcedures(
  rows: SheetRow[],
  opts: { source: string; today: string; existingIds?: Set<string>; existingCodes?: Map<string, string> },
): ConvertResult {
  const ids = new Set(opts.existingIds ?? []);
  const converted: ConvertedRow[] = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const c = r.cells;
    const missing = REQUIRED.filter((q) => !c[q.col]).map((q) => q.label);
    if (missing.length > 0) {
      problems.push({ row: r.row, message: `thiếu ${missing.join(', ')}` });
      continue;
    }
    const code = c.code?.replace(/\s+/g, '');
    if (code && !/^\d\.\d{6}$/.test(code)) {
      problems.push({ row: r.row, message: `mã thủ tục "${c.code}" không đúng dạng 1.001193` });
      continue;
    }
    const known = code ? opts.existingCodes?.get(code) : undefined;
    if (known) {
      problems.push({ row: r.row, message: `mã ${code} đã có trong cơ sở tri thức (mục ${known}); bỏ qua` });
      continue;
    }
    const at = place(c.level!);
    if (!at) {
      problems.push({
        row: r.row,
        message: `không hiểu cấp thực hiện "${c.level}" (cần: cấp xã, cấp tỉnh hoặc trung ương)`,
      });
      continue;
    }
    let id = slugify(c.name!);
    if (!id) {
      problems.push({ row: r.row, message: 'tên thủ tục không tạo được mã mục' });
      continue;
    }
    if (ids.has(id)) id = code ? `${id}-${code.replace('.', '-')}` : `${id}-${r.row}`;
    if (ids.has(id)) {
      problems.push({ row: r.row, message: `trùng với một thủ tục khác (mã mục ${id})` });
      continue;
    }
    const candidate = {
      id,
      ...(code ? { code } : {}),
      name: c.name!,
      field: c.field!,
      agency: at.agency,
      where: at.where,
      online: {
        available: false,
        note: 'Tệp nhập không có thông tin nộp trực tuyến; xem trên Cổng Dịch vụ công quốc gia.',
      },
      documents: splitItems(c.documents!),
      processingTime: c.processingTime!,
      fee: c.fee!,
      legalBasis: splitItems(c.legalBasis!),
      sources: [`${IMPORT_SOURCE} (tệp ${opts.source}, dòng ${r.row})`],
      lastVerified: opts.today,
      confidence: 'medium',
      unverified: ['Nơi nộp và cơ quan giải quyết suy ra từ cấp thực hiện; việc nộp trực tuyến chưa được kiểm tra.'],
    };
    const parsed = Procedure.safeParse(candidate, { error: knowledgeErrorMap });
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      problems.push({ row: r.row, message: `${i.path.join('.') || 'dòng'}: ${i.message}` });
      continue;
    }
    ids.add(id);
    converted.push({ row: r.row, procedure: parsed.data });
  }
  return { converted, problems };
}

/** Key order of an imported entry: what identifies it first, where it comes from last. */
const KEY_ORDER = [
  'id',
  'code',
  'name',
  'field',
  'aliases',
  'agency',
  'where',
  'online',
  'documents',
  'processingTime',
  'fee',
  'legalBasis',
];

/** A procedure as the import writes it: keys in a readable order, empty optional lists left out. */
export function importedShape(p: Procedure): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all = p as Record<string, unknown>;
  for (const k of [...KEY_ORDER, ...Object.keys(p).filter((k) => !KEY_ORDER.includes(k))]) {
    const v = all[k];
    if (
      v === undefined ||
      (Array.isArray(v) && v.length === 0 && ['aliases', 'related', 'steps', 'sections'].includes(k))
    )
      continue;
    out[k] = v;
  }
  return out;
}

/** The comment on top of an imported file: where it comes from and what to check. */
export function importHeader(source: string, today: string): string {
  return (
    ` Nhập từ ${source} ngày ${today} bằng npm run kb:import.\n` +
    ' Kiểm tra lại nơi nộp, cơ quan giải quyết và nộp trực tuyến rồi thêm aliases (cách người dân hay hỏi).\n' +
    ' Nhập lại bảng này: các trường lấy từ bảng (mã, tên, lĩnh vực, hồ sơ, thời hạn, phí, căn cứ pháp lý) được cập nhật;\n' +
    ' aliases và các trường khác bạn sửa hoặc thêm được giữ nguyên.'
  );
}

/** The file an import of `sheetPath` writes: `<outDir>/<sheet name as a slug>.yaml`. */
export function importedFile(outDir: string, sheetPath: string): string {
  const name = slugify(basename(sheetPath, extname(sheetPath)), 12) || 'nhap';
  return join(outDir, `${name}.yaml`);
}
