/**
 * Turns the chosen record of a code into the knowledge-base procedure the
 * importer writes: honest texts where the portal publishes nothing, the
 * portal as the source shown to residents, the copy as provenance for admins.
 */
import type { Procedure } from '../schema.js';
import type { PortalRecord, RecordMethod } from './record.js';
import { aliasesFromName } from './names.js';
import { DOCUMENTS_NOT_PUBLISHED, FEE_NOT_PUBLISHED, TIME_NOT_PUBLISHED } from './text.js';

/** The shape written to YAML: a procedure before schema defaults are applied. */
export type ImportedProcedure = Omit<Procedure, 'unverified' | 'related' | 'keep' | 'covers'>;

/** "2026-07-17" → "17/07/2026". */
function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The source line residents see for an imported entry. */
export function portalSource(code: string, date: string): string {
  return `Cổng Dịch vụ công quốc gia, thủ tục ${code} (dữ liệu ngày ${vnDate(date)})`;
}

/** "Trực tiếp: 5 ngày; Trực tuyến: 3 ngày", or the one value all methods share. */
function summary(methods: RecordMethod[], pick: (m: RecordMethod) => string | undefined, missing: string): string {
  const values = methods.map((m) => ({ method: m.method, v: pick(m) ?? missing }));
  const distinct = [...new Set(values.map((x) => x.v))];
  if (distinct.length === 0) return missing;
  if (distinct.length === 1) return distinct[0]!;
  return [...new Set(values.map((x) => `${x.method}: ${x.v}`))].join('; ');
}

function where(r: PortalRecord, agency: string): string[] {
  if (r.where.length > 0) return r.where;
  const out: string[] = [];
  for (const m of r.methods) {
    if (m.method === 'Trực tiếp') out.push(`Trực tiếp tại cơ quan thực hiện: ${agency}`);
    else if (m.method === 'Trực tuyến') out.push('Trực tuyến trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)');
    else if (m.method === 'Dịch vụ bưu chính') out.push('Qua dịch vụ bưu chính công ích');
    else out.push(m.method);
  }
  return out.length > 0
    ? [...new Set(out)]
    : ['Xem trang thủ tục trên Cổng Dịch vụ công quốc gia hoặc hỏi Bộ phận Một cửa'];
}

/** Converts one record; `provenance` says where the copy came from (admins only). */
export function toProcedure(
  r: PortalRecord,
  id: string,
  provenance: string[],
  extraAliases: string[] = [],
): ImportedProcedure {
  const agency = r.agency ?? 'Cổng Dịch vụ công chưa ghi cơ quan thực hiện';
  const aliases = [...new Set([...aliasesFromName(r.name), ...extraAliases])];
  const url = r.url ?? 'https://dichvucong.gov.vn';
  const common = {
    id,
    code: r.code,
    name: r.name,
    field: r.field ?? 'Khác',
    agency,
    aliases,
    portal: { url, date: r.date, scope: r.scope, ...(r.province ? { province: r.province } : {}) },
    sources: [portalSource(r.code, r.date)],
    provenance,
    lastVerified: r.date,
    confidence: 'medium' as const,
    sections: [],
    steps: [],
    documents: [],
    cases: [],
    methods: [],
    legalBasis: [],
    where: [],
  };
  if (!r.details) {
    return { ...common, online: { available: null, fullyOnline: false, url }, details: false };
  }
  const online = r.methods.some((m) => m.method === 'Trực tuyến');
  const cases =
    r.cases.length > 1
      ? r.cases.map((c, i) => ({ name: c.name ?? `Trường hợp ${i + 1}`, documents: c.documents }))
      : [];
  const documents =
    r.cases.length === 1 ? r.cases[0]!.documents : r.cases.length === 0 ? [DOCUMENTS_NOT_PUBLISHED] : [];
  const out: ImportedProcedure = {
    ...common,
    where: where(r, agency),
    online: { available: r.methods.length > 0 ? online : null, fullyOnline: false, url },
    documents,
    cases,
    methods: r.methods.map((m) => ({
      method: m.method,
      time: m.time ?? TIME_NOT_PUBLISHED,
      fee: m.fee ?? FEE_NOT_PUBLISHED,
    })),
    steps: r.steps,
    processingTime: summary(r.methods, (m) => m.time, TIME_NOT_PUBLISHED),
    fee: summary(r.methods, (m) => m.fee, FEE_NOT_PUBLISHED),
    legalBasis:
      r.legalBasis.length > 0 ? r.legalBasis : ['Cổng Dịch vụ công chưa ghi căn cứ pháp lý; xem trang thủ tục.'],
    sections: r.requirements ? [{ heading: 'Yêu cầu, điều kiện', text: r.requirements }] : [],
    details: true,
  };
  if (r.result) out.result = r.result;
  return out;
}
