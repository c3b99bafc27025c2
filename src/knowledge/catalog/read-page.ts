/**
 * Reads a ministry page scrape of the national portal (`ma_thu_tuc`,
 * `ten_thu_tuc`, `cach_thuc_thuc_hien`, `thanh_phan_ho_so`, …). The page's
 * tables arrive flattened into one line ("Hình thức nộpThời gianPhí, lệ phí
 * Mô tảTrực tuyến7 Ngày làm việc…"), so they are split back into rows here on
 * the words the portal always uses; no library knows this format.
 */
import { z } from 'zod';
import type { PortalRecord, RecordCase, RecordMethod } from './record.js';
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

/** The fields of a page scrape that the importer reads. */
export const MinistryPage = z.looseObject({
  ma_thu_tuc: z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193'),
  ten_thu_tuc: z.string().min(1),
  detail_url: z.string().nullish(),
  cap_thuc_hien: z.string().nullish(),
  linh_vuc: z.string().nullish(),
  co_quan_thuc_hien: z.string().nullish(),
  co_quan_co_tham_quyen: z.string().nullish(),
  dia_chi_tiep_nhan: z.string().nullish(),
  trinh_tu_thuc_hien: z.string().nullish(),
  cach_thuc_thuc_hien: z.string().nullish(),
  thanh_phan_ho_so: z.string().nullish(),
  can_cu_phap_ly: z.string().nullish(),
  yeu_cau_dieu_kien: z.string().nullish(),
  ket_qua_xu_ly: z.string().nullish(),
});
type Page = z.infer<typeof MinistryPage>;

const METHOD = /(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)/u;
const TIME = /^(Không có thông tin|\d+(?:[.,]\d+)?\s*(?:Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần)?)/iu;
const FEE = /^(Miễn phí|Không có thông tin|(?:(?:Lệ phí|Phí)\s*:?\s*)?[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng))/iu;

function parseTime(t: string, description: string): string | undefined {
  if (/^không có thông tin$/iu.test(t) || t === '') return description || undefined;
  if (/^\d+(?:[.,]\d+)?$/.test(t))
    return `${t} (Cổng Dịch vụ công không ghi đơn vị thời gian)${description ? `; ${description}` : ''}`;
  const base = t
    .replace(/Ngày làm việc/iu, 'ngày làm việc')
    .replace(/\b(Ngày|Giờ|Tháng|Năm|Tuần)\b/u, (u) => u.toLowerCase());
  return description ? `${base} (${description})` : base;
}

function parseFee(f: string, description: string): string | undefined {
  if (/^không có thông tin$/iu.test(f) || f === '') return description || undefined;
  if (/^miễn phí$/iu.test(f)) return description ? `Miễn phí (${description})` : 'Miễn phí';
  const digits = f.replace(/[^\d]/g, '');
  const value = digits ? Number(digits) : 0;
  if (value > 0) return description ? `${money(value)} (${description})` : money(value);
  return description || undefined;
}

/** Splits the flattened "Cách thức thực hiện" table into methods. */
export function pageMethods(text: string): RecordMethod[] {
  const body = clean(text).replace(/^Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả/u, '');
  const parts = body.split(METHOD);
  const out: RecordMethod[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    let rest = parts[i + 1]!.trim();
    const t = TIME.exec(rest)?.[1] ?? '';
    rest = rest.slice(t.length).trim();
    const f = FEE.exec(rest)?.[1] ?? '';
    rest = rest.slice(f.length).trim();
    const description = rest.replace(/^\((.*)\)$/su, '$1').trim();
    const said = isEmptyText(description) ? '' : description;
    const m: RecordMethod = { method: parts[i]! };
    const time = parseTime(t.trim(), said);
    const fee = parseFee(f.trim(), said === description && time?.includes(said) ? '' : said);
    if (time) m.time = time;
    if (fee) m.fee = fee;
    out.push(m);
  }
  return out;
}

const DOC_HEADER = /Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng/u;
const QUANTITY = /\d+\s*bản\s*(?:chính|sao)(?:\s*,\s*\d+\s*bản\s*(?:chính|sao))*/gu;

/** Splits the flattened "Thành phần hồ sơ" tables into cases and their documents. */
export function pageCases(text: string): RecordCase[] {
  const segments = clean(text).split(DOC_HEADER);
  const out: RecordCase[] = [];
  let caseName = stripBullet(segments[0] ?? '');
  for (let s = 1; s < segments.length; s++) {
    const seg = segments[s]!;
    const docs: string[] = [];
    let last = 0;
    for (const m of seg.matchAll(QUANTITY)) {
      // The form's file name ("TK01.docx") sits glued between the document's name and its count.
      const name = stripBullet(seg.slice(last, m.index).replace(/[\p{L}\d_.-]+\.(?:docx?|pdf|xlsx?)$/iu, ''));
      const qty = m[0]
        .split(/\s*,\s*/)
        .map((q) => q.replace(/\s+/g, ' '))
        .filter((q) => !q.startsWith('0 '));
      if (name.length > 1) docs.push(qty.length > 0 ? `${name} (${qty.join(', ')})` : name);
      last = m.index + m[0].length;
    }
    const tail = stripBullet(seg.slice(last));
    if (docs.length === 0 && tail.length > 1 && s === segments.length - 1) docs.push(tail);
    const name = caseName.replace(/^[-\s]+|[:\s]+$/gu, '');
    if (docs.length > 0) out.push({ ...(name.length > 1 ? { name } : {}), documents: docs });
    caseName = s === segments.length - 1 ? '' : tail;
  }
  return out;
}

/** The result names, without the portal's trailing page furniture ("Mã: KQ…", "Từ khóa…"). */
function result(text: string): string | undefined {
  const names = clean(text)
    .split(/Từ khóa/u)[0]!
    .split(/Mã:\s*KQ[.\w]*/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
  return names.length > 0 ? names.join('; ') : undefined;
}

/** Converts a validated page scrape into a record. */
export function pageRecord(p: Page, file: string, date: string): PortalRecord {
  const agency = [p.co_quan_thuc_hien, p.co_quan_co_tham_quyen].map(clean).find((a) => a && !isEmptyText(a));
  const address = clean(p.dia_chi_tiep_nhan);
  const requirements = clean(p.yeu_cau_dieu_kien);
  const legal = documentNumbers(clean(p.can_cu_phap_ly).replace(/^Tên văn bản pháp lý\s*Mã văn bản/u, ''));
  const rec: PortalRecord = {
    code: p.ma_thu_tuc,
    name: procedureName(p.ten_thu_tuc),
    commune: /cấp xã/iu.test(p.cap_thuc_hien ?? ''),
    scope: 'national',
    internal: false,
    where: address && !isEmptyText(address) ? lines(address) : [],
    methods: pageMethods(p.cach_thuc_thuc_hien ?? ''),
    cases: pageCases(p.thanh_phan_ho_so ?? ''),
    steps: lines(p.trinh_tu_thuc_hien),
    legalBasis: legal.map((n) => legalReference(n)),
    date,
    details: true,
    kind: 'page',
    file,
  };
  if (p.detail_url && /^https:\/\/dichvucong\.gov\.vn\//.test(p.detail_url)) rec.url = p.detail_url;
  const field = clean(p.linh_vuc);
  if (field) rec.field = field;
  if (agency) rec.agency = agencyName(agency);
  const res = result(p.ket_qua_xu_ly ?? '');
  if (res) rec.result = res;
  if (requirements && !isEmptyText(requirements)) rec.requirements = requirements;
  return rec;
}
