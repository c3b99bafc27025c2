/**
 * Báo cáo: the CCHC report of a month, quarter, half or year on screen
 * (the same figures as `npm run report` and `/baocao`), and as Markdown, CSV
 * and XLSX downloads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { targetsFromConfig } from '../../admin/admin-commands.js';
import { currentQuarter, parsePeriod, type Period } from '../../admin/period.js';
import { collectReport, type ReportData } from '../../admin/report-data.js';
import { reportCsv, reportMarkdown } from '../../admin/report-render.js';
import { reportXlsx } from '../../admin/report-xlsx.js';
import { formatDuration } from '../../admin/text.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, type Html } from '../layout.js';

function table(head: string[], rows: (string | number | null)[][]): Html {
  return html`<table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c ?? '–'}</td>`)}</tr>`)}</tbody></table>`;
}

function reportHtml(d: ReportData): Html {
  const q = d.questions;
  const a = d.announcements;
  const met = (m: boolean | null) => (m === null ? 'chưa đủ dữ liệu' : m ? 'đạt' : 'chưa đạt');
  return html`<h2>Câu hỏi của người dân</h2>${table(['Tổng', 'Trả lời được', 'Tỉ lệ', '👍', '👎'], [[q.total, q.answered, q.answeredPct === null ? null : `${q.answeredPct}%`, q.helpful, q.notHelpful]])}
${
  q.byTopic.length
    ? table(
        ['Chủ đề', 'Câu hỏi', 'Trả lời được'],
        q.byTopic.map((t) => [t.topic, t.total, t.answered]),
      )
    : ''
}
<h2>Phản ánh, kiến nghị</h2>${table(['Tiếp nhận', 'Đã trả lời', 'Còn tồn cuối kỳ', 'Thời gian trả lời (trung vị)'], [[d.tickets.received, d.tickets.answered, d.tickets.openAtEnd, d.tickets.medianResponseMs === null ? null : formatDuration(d.tickets.medianResponseMs)]])}
<h2>Mức độ hài lòng (SIPAS)</h2>${table(['Số phiếu', 'Điểm trung bình'], [[d.satisfaction.respondents, d.satisfaction.average === null ? null : d.satisfaction.average.toFixed(2)]])}
<h2>Thông báo</h2>${a.available ? table(['Lượt gửi', 'Tin CCHC'], [[a.runs, a.cchcNews]]) : html`<p>${a.reason}</p>`}
<h2>Chỉ tiêu kế hoạch</h2>${table(
    ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Đánh giá'],
    d.targets.map((c) => [c.name, c.target, c.actual, met(c.met)]),
  )}`;
}

/** `GET /admin/bao-cao?ky=2026Q4`, `GET /admin/bao-cao/tai?ky=…&dang=md|csv|xlsx`. */
export function registerReport(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  const tz = app.config.TZ_NAME;
  const periodOf = (req: FastifyRequest): Period | undefined => {
    const k = (req.query as { ky?: string }).ky;
    return k ? parsePeriod(k, tz) : currentQuarter(env.now(), tz);
  };
  const data = (p: Period) =>
    collectReport(env.db, p, { kb: app.knowledge.kb, targets: targetsFromConfig(app.config), now: env.now() });
  const staff = { preHandler: requireRole(env, 'staff') };
  f.get('/admin/bao-cao', staff, async (req, reply: FastifyReply) => {
    const p = periodOf(req);
    const pick = html`<form method="get" action="/admin/bao-cao" class="grid"><label>Kỳ báo cáo (ví dụ 2026Q4, 2026-11, 2026H2, 2026) <input name="ky" value="${p?.label ?? (req.query as { ky?: string }).ky ?? ''}" required></label><button type="submit">Xem</button></form>`;
    if (!p)
      return reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(
          page('Báo cáo', pick, {
            viewer: req.viewer!,
            path: '/admin/bao-cao',
            error: 'Kỳ báo cáo không đúng dạng. Ví dụ: 2026Q4 (quý), 2026-11 (tháng), 2026H2 (6 tháng), 2026 (năm).',
          }),
        );
    const d = data(p);
    const dl = ['md', 'csv', 'xlsx'].map(
      (k) => html`<a href="/admin/bao-cao/tai?ky=${p.label}&amp;dang=${k}" download>${k.toUpperCase()}</a>`,
    );
    const body = html`${pick}<h2>${p.title}</h2><p>Tải về: ${dl.map((a, i) => html`${i ? ' · ' : ''}${a}`)}</p>${reportHtml(d)}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Báo cáo', body, { viewer: req.viewer!, path: '/admin/bao-cao' }));
  });
  f.get('/admin/bao-cao/tai', staff, async (req, reply) => {
    const p = periodOf(req);
    const kind = (req.query as { dang?: string }).dang;
    if (!p || !['md', 'csv', 'xlsx'].includes(kind ?? ''))
      return reply
        .status(400)
        .type('text/plain; charset=utf-8')
        .send('Kỳ báo cáo hoặc định dạng không đúng (md, csv, xlsx).');
    const d = data(p);
    audit(env, req, 'baocao', 'ok', `${p.label} ${kind}`);
    const name = `bao-cao-${p.label}.${kind}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    if (kind === 'md')
      return reply
        .type('text/markdown; charset=utf-8')
        .send(reportMarkdown(d, { commune: app.knowledge.kb.commune.name ?? null, timeZone: tz }));
    if (kind === 'csv') return reply.type('text/csv; charset=utf-8').send(`\uFEFF${reportCsv(d)}`);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await reportXlsx(d));
  });
}
