/**
 * Renders {@link ReportData} as Markdown (for the commune's report), CSV
 * (for spreadsheets) and a short chat summary for admins.
 */
import type { Reply } from '../core/types.js';
import type { ReportData } from './report-data.js';
import { formatDateTime, formatDuration } from './text.js';
import { decisionLabel } from './unanswered.js';

function pct(n: number, d: number): string {
  return d > 0 ? `${Math.round((n / d) * 1000) / 10}%` : '–';
}

function metLabel(m: boolean | null): string {
  return m === null ? 'không đánh giá được' : m ? 'Đạt' : 'Chưa đạt';
}

function cell(s: string | number): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(head: string[], rows: (string | number)[][]): string[] {
  if (rows.length === 0) return ['_(không có số liệu)_'];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function wait(ms: number | null): string {
  return ms === null ? 'chưa có' : formatDuration(ms);
}

/** The handoff section of the Markdown report. */
function handoffLines(d: ReportData): string[] {
  const h = d.handoffs;
  if (!h.available) return [`_Không có số liệu: ${h.reason}._`];
  return [
    `- Yêu cầu gặp cán bộ: ${h.requested}`,
    `- Có cán bộ nhận trò chuyện: ${h.taken} (${pct(h.taken, h.requested)})`,
    `- Ghi thành phản ánh ngay (ngoài giờ làm việc, không liên hệ được cán bộ): ${h.ticketed}`,
    `- Quá thời gian chờ, ghi thành phản ánh: ${h.expired}`,
    `- Người dân hủy khi đang chờ: ${h.cancelled}`,
    `- Thời gian chờ đến khi có cán bộ nhận: trung vị ${wait(h.medianWaitMs)}, lâu nhất ${wait(h.maxWaitMs)}`,
    `- Đánh giá cuộc trò chuyện: ${h.helpful} hài lòng, ${h.notHelpful} chưa hài lòng`,
  ];
}

function questionLines(q: ReportData['questions']): string[] {
  return [
    '## 2. Câu hỏi của người dân',
    '',
    `- Tổng số câu hỏi: ${q.total}`,
    `- Trả lời được: ${q.answered} (${q.answeredPct === null ? '–' : `${q.answeredPct}%`})`,
    `- Đánh giá câu trả lời: ${q.helpful} hữu ích, ${q.notHelpful} chưa hữu ích`,
    '',
    '### Theo chủ đề',
    '',
    ...table(
      ['Chủ đề', 'Số câu hỏi', 'Trả lời được', 'Tỷ lệ'],
      q.byTopic.map((r) => [r.topic, r.total, r.answered, pct(r.answered, r.total)]),
    ),
    '',
    '### Câu hỏi chưa trả lời được nhiều nhất',
    '',
    ...table(
      ['Câu hỏi (đã chuẩn hoá)', 'Số lần', 'Tình trạng', 'Mục gần nhất'],
      q.topUnanswered.map((g) => [g.normalized, g.count, decisionLabel(g.decision), g.bestId ?? '–']),
    ),
  ];
}

function ticketLines(t: ReportData['tickets']): string[] {
  return [
    '## 3. Phản ánh, kiến nghị',
    '',
    `- Tiếp nhận trong kỳ: ${t.received}`,
    `- Đã trả lời trong kỳ: ${t.answered} (trong đó ${t.answeredOfReceived} phản ánh nhận trong kỳ)`,
    `- Còn chưa trả lời cuối kỳ: ${t.openAtEnd}`,
    `- Thời gian trả lời (trung vị): ${t.medianResponseMs === null ? 'chưa có' : formatDuration(t.medianResponseMs)}`,
  ];
}

function satisfactionLines(s: ReportData['satisfaction']): string[] {
  return [
    '## 5. Mức độ hài lòng (theo nhóm tiêu chí SIPAS)',
    '',
    `Số phản ánh được đánh giá: ${s.respondents}; điểm trung bình: ${s.average === null ? 'chưa có' : `${s.average}/5`}.`,
    '',
    ...table(
      ['Tiêu chí', 'Số lượt', 'Điểm trung bình (1–5)'],
      s.factors.map((f) => [f.label, f.count, f.average === null ? '–' : f.average]),
    ),
  ];
}

function announcementLines(a: ReportData['announcements']): string[] {
  const out = ['## 6. Thông báo, tin cải cách hành chính đã gửi', ''];
  if (!a.available) return [...out, `_Không có số liệu: ${a.reason}._`];
  return [
    ...out,
    `- Số lượt gửi: ${a.runs}; trong đó tin CCHC: ${a.cchcNews}`,
    '',
    '### Theo chủ đề',
    '',
    ...table(
      ['Chủ đề', 'Số lượt gửi', 'Lượt người nhận'],
      a.byTopic.map((r) => [r.topic, r.runs, r.reached]),
    ),
    '',
    '### Theo kênh',
    '',
    ...table(
      ['Kênh', 'Gửi tới được', 'Không gửi được'],
      a.byChannel.map((r) => [r.channel, r.reached, r.failed]),
    ),
  ];
}

/**
 * The report as Markdown.
 *
 * @example
 * ```ts
 * writeFileSync('bao-cao.md', reportMarkdown(collectReport(db, period), { commune: 'xã Tây Hưng' }));
 * ```
 */
export function reportMarkdown(d: ReportData, opts: { commune?: string | null; timeZone?: string } = {}): string {
  const tz = opts.timeZone ?? 'Asia/Ho_Chi_Minh';
  return [
    `# Báo cáo kết quả trợ lý ảo${opts.commune ? ` ${opts.commune}` : ''}: ${d.period.title}`,
    '',
    `Kỳ báo cáo: ${formatDateTime(d.period.from, tz)} đến trước ${formatDateTime(d.period.to, tz)}. Lập lúc ${formatDateTime(d.generatedAt, tz)}.`,
    '',
    '## 1. So với chỉ tiêu kế hoạch',
    '',
    ...table(
      ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Đánh giá'],
      d.targets.map((c) => [c.name, c.target, c.actual, metLabel(c.met)]),
    ),
    '',
    ...questionLines(d.questions),
    '',
    ...ticketLines(d.tickets),
    '',
    '## 4. Gặp cán bộ (trò chuyện trực tiếp)',
    '',
    ...handoffLines(d),
    '',
    ...satisfactionLines(d.satisfaction),
    '',
    ...announcementLines(d.announcements),
    '',
    '_Số liệu do trợ lý ảo tự tổng hợp từ nhật ký hoạt động; không chứa thông tin cá nhân._',
    '',
  ].join('\n');
}

/** One CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as rows (header first): section, metric, item, value, target, met. Used for CSV and XLSX. */
export function reportRows(d: ReportData): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [['phan', 'chi_so', 'muc', 'gia_tri', 'chi_tieu', 'danh_gia']];
  const add = (section: string, metric: string, item: string, value: string | number | null, target = '', met = '') =>
    rows.push([section, metric, item, value, target, met]);
  add('ky', 'ky_bao_cao', d.period.label, d.period.title);
  add('cau_hoi', 'tong', '', d.questions.total);
  add('cau_hoi', 'tra_loi_duoc', '', d.questions.answered);
  add('cau_hoi', 'ty_le_tra_loi_pct', '', d.questions.answeredPct);
  add('cau_hoi', 'huu_ich', '', d.questions.helpful);
  add('cau_hoi', 'chua_huu_ich', '', d.questions.notHelpful);
  for (const r of d.questions.byTopic) {
    add('cau_hoi', 'theo_chu_de_tong', r.topic, r.total);
    add('cau_hoi', 'theo_chu_de_tra_loi', r.topic, r.answered);
  }
  for (const g of d.questions.topUnanswered) add('cau_hoi', 'chua_tra_loi', g.normalized, g.count);
  add('phan_anh', 'tiep_nhan', '', d.tickets.received);
  add('phan_anh', 'da_tra_loi', '', d.tickets.answered);
  add('phan_anh', 'ton_cuoi_ky', '', d.tickets.openAtEnd);
  add(
    'phan_anh',
    'trung_vi_gio',
    '',
    d.tickets.medianResponseMs === null ? null : Math.round((d.tickets.medianResponseMs / 3_600_000) * 10) / 10,
  );
  const h = d.handoffs;
  if (h.available) {
    const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);
    add('gap_can_bo', 'yeu_cau', '', h.requested);
    add('gap_can_bo', 'co_can_bo_nhan', '', h.taken);
    add('gap_can_bo', 'ghi_phan_anh_ngay', '', h.ticketed);
    add('gap_can_bo', 'qua_thoi_gian_cho', '', h.expired);
    add('gap_can_bo', 'huy_khi_cho', '', h.cancelled);
    add('gap_can_bo', 'cho_trung_vi_phut', '', minutes(h.medianWaitMs));
    add('gap_can_bo', 'cho_lau_nhat_phut', '', minutes(h.maxWaitMs));
    add('gap_can_bo', 'hai_long', '', h.helpful);
    add('gap_can_bo', 'chua_hai_long', '', h.notHelpful);
  } else add('gap_can_bo', 'khong_co_du_lieu', '', h.reason);
  add('hai_long', 'so_phan_anh_danh_gia', '', d.satisfaction.respondents);
  add('hai_long', 'diem_trung_binh', '', d.satisfaction.average);
  for (const f of d.satisfaction.factors) add('hai_long', 'diem_tieu_chi', f.key, f.average);
  const a = d.announcements;
  if (a.available) {
    add('thong_bao', 'so_luot_gui', '', a.runs);
    add('thong_bao', 'tin_cchc', '', a.cchcNews);
    for (const r of a.byTopic) add('thong_bao', 'nguoi_nhan_theo_chu_de', r.topic, r.reached);
    for (const r of a.byChannel) add('thong_bao', 'nguoi_nhan_theo_kenh', r.channel, r.reached);
  } else add('thong_bao', 'khong_co_du_lieu', '', a.reason);
  for (const c of d.targets) add('chi_tieu', c.name, '', c.actual, c.target, metLabel(c.met));
  return rows;
}

/** The report as CSV: the rows of {@link reportRows}. */
export function reportCsv(d: ReportData): string {
  const lines = reportRows(d).map((r) => r.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A short summary for admins in chat. */
export function reportReply(d: ReportData): Reply {
  const q = d.questions;
  const t = d.tickets;
  const a = d.announcements;
  return {
    kind: 'info',
    title: `Báo cáo ${d.period.title}`,
    sections: [
      {
        heading: 'Câu hỏi',
        items: [
          `${q.total} câu hỏi, trả lời được ${q.answered} (${q.answeredPct === null ? '–' : `${q.answeredPct}%`})`,
          ...q.byTopic.slice(0, 5).map((r) => `${r.topic}: ${r.total}`),
        ],
      },
      {
        heading: 'Phản ánh, kiến nghị',
        items: [
          `Tiếp nhận ${t.received}, đã trả lời ${t.answered}, còn ${t.openAtEnd}`,
          `Thời gian trả lời (trung vị): ${t.medianResponseMs === null ? 'chưa có' : formatDuration(t.medianResponseMs)}`,
          `Hài lòng: ${d.satisfaction.average === null ? 'chưa có đánh giá' : `${d.satisfaction.average}/5 (${d.satisfaction.respondents} phản ánh)`}`,
        ],
      },
      {
        heading: 'Gặp cán bộ',
        text: d.handoffs.available
          ? `${d.handoffs.requested} yêu cầu, cán bộ nhận ${d.handoffs.taken}, ghi thành phản ánh ${d.handoffs.ticketed + d.handoffs.expired} ` +
            `(quá thời gian chờ ${d.handoffs.expired}); chờ trung vị ${wait(d.handoffs.medianWaitMs)}, lâu nhất ${wait(d.handoffs.maxWaitMs)}.`
          : `Không có số liệu: ${d.handoffs.reason}.`,
      },
      {
        heading: 'Thông báo',
        text: a.available ? `${a.runs} lượt gửi, trong đó ${a.cchcNews} tin CCHC.` : `Không có số liệu: ${a.reason}.`,
      },
      { heading: 'Chỉ tiêu', items: d.targets.map((c) => `${c.name}: ${c.actual} / ${c.target} · ${metLabel(c.met)}`) },
    ],
    footer:
      'Bản đầy đủ (Markdown, CSV): npm run report -- --quarter ' +
      (d.period.kind === 'quarter' ? d.period.label : '2026Q1'),
  };
}
