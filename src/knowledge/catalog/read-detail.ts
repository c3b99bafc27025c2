/**
 * Reads one answer of the national portal's detail API
 * (`{ code, data: { code, name, executionMethods, executionCases, … } }`).
 * Only the fields the assistant uses are checked; a missing optional part is
 * simply absent from the record, a missing name or code is a problem.
 */
import { z } from 'zod';
import { portalUrl, type PortalRecord, type ReadResult, type RecordCase, type RecordMethod } from './record.js';
import {
  clean,
  feeText,
  isEmptyText,
  isKnownUnit,
  isoDate,
  legalReference,
  lines,
  procedureName,
  stripBullet,
  timeText,
} from './text.js';

const Named = z.looseObject({ name: z.string().nullish(), code: z.string().nullish() });
const Fee = z.looseObject({ value: z.number().nullish(), description: z.string().nullish() });
const Method = z.looseObject({
  submissionMethod: z.string(),
  // A few records carry the number as a string ("1").
  processingTime: z
    .union([z.number(), z.string().transform((v) => (/^\d+(?:\.\d+)?$/.test(v.trim()) ? Number(v) : null))])
    .nullish(),
  processingTimeUnit: z.string().nullish(),
  description: z.string().nullish(),
  fees: z.array(Fee).nullish(),
});
const Component = z.looseObject({
  name: z.string().nullish(),
  originalQty: z.number().nullish(),
  copyQty: z.number().nullish(),
});
const Case = z.looseObject({ name: z.string().nullish(), profileComponents: z.array(Component).nullish() });

/** The part of a detail answer that the importer reads. */
export const DetailAnswer = z.looseObject({
  data: z.looseObject({
    id: z.string().min(1),
    code: z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193'),
    name: z.string().min(1),
    type: z.string().nullish(),
    isWard: z.boolean().nullish(),
    isInternal: z.boolean().nullish(),
    executionMethods: z.array(Method).nullish(),
    executionCases: z.array(Case).nullish(),
    cases: z
      .array(
        z.looseObject({
          name: z.string().nullish(),
          processingDay: z.looseObject({ qty: z.number().nullish(), type: z.string().nullish() }).nullish(),
        }),
      )
      .nullish(),
    executionSteps: z.array(z.looseObject({ name: z.string().nullish(), description: z.string().nullish() })).nullish(),
    legalBasisesDetails: z.array(Named).nullish(),
    departmentsExecuting: z.array(Named).nullish(),
    executingAgencies: z.string().nullish(),
    dossierReceivingAddresses: z.string().nullish(),
    departmentPromulgateName: z.string().nullish(),
    category: Named.nullish(),
    categoriesDetails: z.array(Named).nullish(),
    resultsDetails: z.array(Named).nullish(),
    requirementsAndConditions: z.string().nullish(),
    updatedAt: z.number().nullish(),
    createdAt: z.number().nullish(),
  }),
});
type Detail = z.infer<typeof DetailAnswer>['data'];

const METHOD_NAMES: Record<string, string> = { DIRECT: 'Trực tiếp', ONLINE: 'Trực tuyến', POSTAL: 'Dịch vụ bưu chính' };

/** "Ủy ban Nhân dân xã, phường, thị trấn." → "UBND cấp xã"; other names cleaned. */
export function agencyName(s: string): string {
  const c = clean(s).replace(/[.;,\s]+$/u, '');
  if (/^ủy ban nhân dân (cấp )?xã/iu.test(c) || /^ubnd (cấp )?xã/iu.test(c)) return 'UBND cấp xã';
  if (/^công an (cấp )?xã/iu.test(c)) return 'Công an cấp xã';
  return c;
}

/** The time the record's sub-cases give ("1 ngày làm việc"), used when a method's own time is "OTHER" with no text. */
function caseTime(d: Detail): string | undefined {
  const times = [
    ...new Set(
      (d.cases ?? []).map((c) =>
        c.processingDay ? timeText(c.processingDay.qty, c.processingDay.type ?? 'OTHER') : undefined,
      ),
    ),
  ];
  return times.length === 1 ? times[0] : undefined;
}

function methods(d: Detail, problems: ReadResult['problems'], file: string): RecordMethod[] {
  const fallback = caseTime(d);
  return (d.executionMethods ?? []).map((m) => {
    const unit = m.processingTimeUnit ?? 'OTHER';
    if (!isKnownUnit(unit))
      problems.push({
        file,
        field: 'executionMethods.processingTimeUnit',
        message: `đơn vị thời gian lạ "${unit}", dùng phần mô tả`,
      });
    const fees = (m.fees ?? []).map((f) => feeText(f.value, f.description)).filter((f): f is string => f !== undefined);
    const out: RecordMethod = { method: METHOD_NAMES[m.submissionMethod] ?? clean(m.submissionMethod) };
    const time = timeText(m.processingTime, unit, m.description) ?? fallback;
    if (time) out.time = time;
    if (fees.length > 0) out.fee = [...new Set(fees)].join('; ');
    return out;
  });
}

function quantity(c: z.infer<typeof Component>): string {
  const parts: string[] = [];
  if (c.originalQty && c.originalQty > 0) parts.push(`${c.originalQty} bản chính`);
  if (c.copyQty && c.copyQty > 0) parts.push(`${c.copyQty} bản sao`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function cases(d: Detail): RecordCase[] {
  return (d.executionCases ?? [])
    .map((c) => {
      const name = stripBullet(c.name ?? '').replace(/:$/u, '');
      const documents = (c.profileComponents ?? [])
        .map((p) => {
          const n = stripBullet(p.name ?? '');
          return n ? `${n}${quantity(p)}` : '';
        })
        .filter((n) => n.length > 1);
      return { ...(name ? { name } : {}), documents };
    })
    .filter((c) => c.documents.length > 0);
}

/** Converts a validated detail answer into a record. */
export function detailRecord(d: Detail, file: string, problems: ReadResult['problems']): PortalRecord {
  const agencies = (d.departmentsExecuting ?? []).map((a) => clean(a.name)).filter(Boolean);
  const agencyText = agencies.length > 0 ? agencies : [clean(d.executingAgencies)].filter((a) => a && !isEmptyText(a));
  const legal = (d.legalBasisesDetails ?? [])
    .filter((l) => l.code && clean(l.code))
    .map((l) => legalReference(clean(l.code), l.name ?? ''));
  const address = clean(d.dossierReceivingAddresses);
  const results = (d.resultsDetails ?? []).map((r) => clean(r.name)).filter(Boolean);
  const requirements = clean(d.requirementsAndConditions);
  const field = clean(d.category?.name ?? d.categoriesDetails?.[0]?.name);
  const ts = d.updatedAt ?? d.createdAt;
  const rec: PortalRecord = {
    code: d.code,
    name: procedureName(d.name),
    commune: d.isWard === true,
    scope: d.type === 'SPECIFIC' ? 'province' : 'national',
    internal: d.isInternal === true || d.type === 'STANDARD_INTERNAL',
    where: address && !isEmptyText(address) ? lines(address) : [],
    methods: methods(d, problems, file),
    cases: cases(d),
    steps: (d.executionSteps ?? []).flatMap((s) => lines([s.name, s.description].filter(Boolean).join('\n'))),
    legalBasis: [...new Set(legal)],
    url: portalUrl(d.id),
    date: ts ? isoDate(ts) : '2026-07-18',
    details: true,
    kind: 'detail',
    file,
  };
  if (field) rec.field = field;
  if (agencyText.length > 0) rec.agency = [...new Set(agencyText.map(agencyName))].join('; ');
  if (d.type === 'SPECIFIC' && d.departmentPromulgateName) rec.province = provinceOf(d.departmentPromulgateName);
  if (results.length > 0) rec.result = results.join('; ');
  if (requirements && !isEmptyText(requirements)) rec.requirements = requirements;
  return rec;
}

/** "UBND Thành phố Huế" → "Thành phố Huế"; "UBND tỉnh Lâm Đồng" → "Lâm Đồng". */
export function provinceOf(promulgator: string): string {
  return clean(promulgator)
    .replace(/^(?:ubnd|ủy ban nhân dân)\s+/iu, '')
    .replace(/^tỉnh\s+/iu, '')
    .trim();
}
