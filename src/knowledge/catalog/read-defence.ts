/**
 * Reads a Ministry of Defence procedure extracted from the portal's Word
 * export (`metadata`, `content`, `tables`): military service registration,
 * exemptions, call-up and the like.
 */
import { z } from 'zod';
import type { PortalRecord, RecordMethod } from './record.js';
import {
  clean,
  documentNumbers,
  isEmptyText,
  legalReference,
  lines,
  money,
  procedureName,
  stripBullet,
} from './text.js';
import { agencyName } from './read-detail.js';

const Text = z.string().nullish();

/** The fields of a defence record that the importer reads. */
export const DefenceRecord = z.looseObject({
  metadata: z.looseObject({
    mã_thủ_tục: z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193'),
    tên_thủ_tục: z.string().min(1),
    cấp_thực_hiện: Text,
    lĩnh_vực: Text,
  }),
  content: z.looseObject({
    trình_tự_thực_hiện: Text,
    cơ_quan_thực_hiện: Text,
    cơ_quan_có_thẩm_quyền: Text,
    địa_chỉ_tiếp_nhận_hs: Text,
    kết_quả_thực_hiện: Text,
    yêu_cầu_điều_kiện_thực_hiện: Text,
  }),
  tables: z.looseObject({
    hinh_thuc_nop: z.array(z.looseObject({ hinh_thuc: Text, thoi_han_giai_quyet: Text, phi_le_phi: Text })).nullish(),
    thanh_phan_ho_so: z.array(z.looseObject({ ten_giay_to: Text, ghi_chu: Text })).nullish(),
    can_cu_phap_ly: z.array(z.looseObject({ so_ky_hieu: Text, trich_yeu: Text })).nullish(),
  }),
});
type Defence = z.infer<typeof DefenceRecord>;

/** "Phí : 0 Đồng" is not a published fee; "Lệ phí : 20.000 Đồng" is. */
function fee(s: string): string | undefined {
  const c = clean(s);
  const digits = c.replace(/[^\d]/g, '');
  if (digits && Number(digits) > 0) return money(Number(digits));
  if (/miễn/iu.test(c)) return c;
  return undefined;
}

function time(s: string): string | undefined {
  const c = clean(s);
  if (!c || isEmptyText(c)) return undefined;
  return c.replace(/\b(Ngày làm việc|Ngày|Giờ|Tháng|Năm)\b/u, (u) => u.toLowerCase());
}

function quantity(note: string): string {
  const orig = /Bản chính:\s*(\d+)/u.exec(note)?.[1];
  const copy = /Bản sao:\s*(\d+)/u.exec(note)?.[1];
  const parts = [orig && orig !== '0' ? `${orig} bản chính` : '', copy && copy !== '0' ? `${copy} bản sao` : ''].filter(
    Boolean,
  );
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Converts a validated defence record into a record. */
export function defenceRecord(d: Defence, file: string, date: string): PortalRecord {
  const m = d.metadata;
  const c = d.content;
  const methods: RecordMethod[] = (d.tables.hinh_thuc_nop ?? []).map((h) => {
    const out: RecordMethod = { method: clean(h.hinh_thuc) || 'Trực tiếp' };
    const t = time(h.thoi_han_giai_quyet ?? '');
    const f = fee(h.phi_le_phi ?? '');
    if (t) out.time = t;
    if (f) out.fee = f;
    return out;
  });
  const documents = (d.tables.thanh_phan_ho_so ?? [])
    .map((x) =>
      stripBullet(x.ten_giay_to ?? '') ? `${stripBullet(x.ten_giay_to ?? '')}${quantity(x.ghi_chu ?? '')}` : '',
    )
    .filter((x) => x.length > 1);
  const legal = (d.tables.can_cu_phap_ly ?? []).flatMap((l) => {
    const numbers = documentNumbers(`${l.so_ky_hieu ?? ''} ${l.trich_yeu ?? ''}`);
    return numbers.slice(0, 1).map((n) => legalReference(n, l.trich_yeu ?? ''));
  });
  const agency = [c.cơ_quan_thực_hiện, c.cơ_quan_có_thẩm_quyền].map(clean).find((a) => a && !isEmptyText(a));
  const address = clean(c.địa_chỉ_tiếp_nhận_hs);
  const rec: PortalRecord = {
    code: m.mã_thủ_tục,
    name: procedureName(m.tên_thủ_tục),
    commune: /cấp xã/iu.test(m.cấp_thực_hiện ?? ''),
    scope: 'national',
    internal: false,
    where: address && !isEmptyText(address) ? lines(address) : [],
    methods,
    cases: documents.length > 0 ? [{ documents }] : [],
    steps: lines(c.trình_tự_thực_hiện),
    legalBasis: [...new Set(legal)],
    date,
    details: true,
    kind: 'defence',
    file,
  };
  const field = clean(m.lĩnh_vực);
  if (field) rec.field = field;
  if (agency) rec.agency = agencyName(agency);
  const result = clean(c.kết_quả_thực_hiện);
  if (result && !isEmptyText(result)) rec.result = result.replace(/\.$/u, '');
  const req = clean(c.yêu_cầu_điều_kiện_thực_hiện);
  if (req && !isEmptyText(req)) rec.requirements = req;
  return rec;
}
