/**
 * Reads the portal's bare list of procedures (one JSON object a line: code,
 * name, categories, departments, type, state). It has no documents, times or
 * fees: entries from it are named, linked and said to have no details.
 */
import { z } from 'zod';
import { portalUrl, type PortalRecord, type ReadResult } from './record.js';
import { clean, procedureName } from './text.js';
import { agencyName, provinceOf } from './read-detail.js';

/** One line of the list. */
export const ListRow = z.looseObject({
  id: z.string().min(1),
  // Some list rows carry stray spaces around the code (" 1.014325").
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193'),
  ),
  name: z.string().min(1),
  categories: z.array(z.string()).nullish(),
  departments: z.array(z.string()).nullish(),
  departmentPromulgate: z.string().nullish(),
  type: z.string().nullish(),
});

/** Whether an agency name is a commune-level body ("Công an cấp Xã", "UBND cấp xã"; not "Bảo hiểm xã hội"). */
export function isCommuneBody(name: string): boolean {
  // With accents: folded "phuong" would also match "địa phương".
  return /(?<!\p{L})(xã|phường)(?!\p{L})(?!\s+hội)/u.test(clean(name).toLowerCase());
}

/** Reads a whole list file; a bad line is reported with its line number and skipped. */
export function readList(text: string, file: string, date: string): ReadResult {
  const out: ReadResult = { records: [], problems: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      out.problems.push({ file: `${file}:${i + 1}`, field: '(JSON)', message: 'dòng không phải JSON hợp lệ; bỏ qua' });
      return;
    }
    const r = ListRow.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      out.problems.push({
        file: `${file}:${i + 1}`,
        field: issue.path.join('.') || '(dòng)',
        message: `${issue.message}; bỏ qua`,
      });
      return;
    }
    const row = r.data;
    const departments = (row.departments ?? []).map(clean).filter(Boolean);
    const rec: PortalRecord = {
      code: row.code,
      name: procedureName(row.name),
      commune: departments.some(isCommuneBody),
      scope: row.type === 'SPECIFIC' ? 'province' : 'national',
      internal: row.type === 'STANDARD_INTERNAL',
      where: [],
      methods: [],
      cases: [],
      steps: [],
      legalBasis: [],
      url: portalUrl(row.id),
      date,
      details: false,
      kind: 'list',
      file: `${file}:${i + 1}`,
    };
    const field = clean(row.categories?.[0]);
    if (field) rec.field = field;
    if (departments.length > 0) rec.agency = [...new Set(departments.map(agencyName))].join('; ');
    if (row.type === 'SPECIFIC' && row.departmentPromulgate) rec.province = provinceOf(row.departmentPromulgate);
    out.records.push(rec);
  });
  return out;
}
