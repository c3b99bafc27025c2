/**
 * Tổng quan: the last 30 days at a glance: questions per day and the share
 * answered (an SVG bar chart drawn here: two series of bars need no chart
 * library), 👍/👎, satisfaction (SIPAS), open tickets, broadcasts, and the
 * questions most often left unanswered.
 */
import type { FastifyInstance } from 'fastify';
import { unansweredBetween } from '../../admin/unanswered.js';
import type { Db } from '../../storage/db.js';
import { requireRole, type AuthEnv } from '../auth.js';
import { html, page, raw, type Html } from '../layout.js';

const DAY = 86_400_000;
/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VN_OFFSET = 7 * 3600_000;

/** The figures of the overview. */
export interface Overview {
  days: { day: number; total: number; answered: number }[];
  helpful: number;
  notHelpful: number;
  satisfaction: number | null;
  respondents: number;
  openTickets: number;
  broadcasts: number;
  unanswered: ReturnType<typeof unansweredBetween>;
}

/**
 * Reads the overview of the `days` days up to `now`.
 *
 * @example
 * ```ts
 * const o = readOverview(db, Date.now(), 7);
 * const asked = o.days.reduce((n, d) => n + d.total, 0); // questions of the last 7 days
 * ```
 */
export function readOverview(db: Db, now: number, days = 30): Overview {
  const today = Math.floor((now + VN_OFFSET) / DAY);
  const from = (today - days + 1) * DAY - VN_OFFSET;
  const rows = db
    .prepare(
      'SELECT CAST((ts + ?) / ? AS INTEGER) AS d, COUNT(*) AS n, SUM(answered) AS a FROM questions WHERE ts >= ? GROUP BY d',
    )
    .all(VN_OFFSET, DAY, from) as { d: number; n: number; a: number }[];
  const byDay = new Map(rows.map((r) => [r.d, r]));
  const fb = db
    .prepare('SELECT COALESCE(SUM(helpful), 0) AS up, COUNT(*) AS n FROM answer_feedback WHERE ts >= ?')
    .get(from) as { up: number; n: number };
  const sat = db
    .prepare('SELECT AVG(score) AS avg, COUNT(DISTINCT ticket_id) AS n FROM ticket_ratings WHERE ts >= ?')
    .get(from) as { avg: number | null; n: number };
  const open = db
    .prepare("SELECT COUNT(*) AS n FROM tickets WHERE state != 'answered' AND purged_at IS NULL")
    .get() as { n: number };
  const jobs = db.prepare('SELECT COUNT(*) AS n FROM ann_jobs WHERE started_at >= ?').get(from) as { n: number };
  return {
    days: Array.from({ length: days }, (_, i) => {
      const d = today - days + 1 + i;
      const r = byDay.get(d);
      return { day: d * DAY, total: r?.n ?? 0, answered: r?.a ?? 0 };
    }),
    helpful: fb.up,
    notHelpful: fb.n - fb.up,
    satisfaction: sat.avg,
    respondents: sat.n,
    openTickets: open.n,
    broadcasts: jobs.n,
    unanswered: unansweredBetween(db, from, now + 1, 10),
  };
}

/** dd/mm of a day start (already in Vietnam time). */
const dm = (ts: number) => {
  const d = new Date(ts);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** Questions per day as bars: all questions (light), answered (dark). */
export function questionsChart(days: Overview['days']): Html {
  const W = 640;
  const H = 180;
  const max = Math.max(1, ...days.map((d) => d.total));
  const bw = W / days.length;
  const y = (n: number) => H - 20 - ((H - 30) * n) / max;
  const bars = days.map((d, i) => {
    const x = i * bw + 1;
    const label = `${dm(d.day)}: ${d.total} câu hỏi, ${d.answered} được trả lời`;
    return raw(
      `<g><title>${label}</title><rect class="all" x="${x.toFixed(1)}" y="${y(d.total).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(H - 20 - y(d.total)).toFixed(1)}"/>` +
        `<rect class="ok" x="${x.toFixed(1)}" y="${y(d.answered).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(H - 20 - y(d.answered)).toFixed(1)}"/></g>`,
    );
  });
  const total = days.reduce((s, d) => s + d.total, 0);
  const answered = days.reduce((s, d) => s + d.answered, 0);
  const summary = `Câu hỏi mỗi ngày trong ${days.length} ngày: tổng ${total}, được trả lời ${answered}`;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${summary}">${bars}
<text x="0" y="${H - 4}">${dm(days[0]!.day)}</text><text x="${W}" y="${H - 4}" text-anchor="end">${dm(days.at(-1)!.day)}</text><text x="0" y="10">${max}</text></svg>
<p class="legend"><span class="key all"></span> tất cả câu hỏi <span class="key ok"></span> được trả lời</p>`;
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${Math.round((100 * n) / d)}%`;
}

/**
 * `GET /admin`.
 *
 * @example
 * ```ts
 * registerOverview(fastify, authEnv); // GET /admin, for staff and admins
 * ```
 */
export function registerOverview(f: FastifyInstance, env: AuthEnv): void {
  f.get('/admin', { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    const o = readOverview(env.db, env.now());
    const total = o.days.reduce((s, d) => s + d.total, 0);
    const answered = o.days.reduce((s, d) => s + d.answered, 0);
    const cards = html`<ul class="cards">
<li><strong>${total}</strong> câu hỏi trong 30 ngày</li>
<li><strong>${pct(answered, total)}</strong> được trả lời</li>
<li><strong>${o.helpful} 👍 / ${o.notHelpful} 👎</strong> góp ý câu trả lời</li>
<li><strong>${o.satisfaction === null ? '–' : o.satisfaction.toFixed(2)}</strong> điểm hài lòng (SIPAS, ${o.respondents} phiếu)</li>
<li><a href="/admin/phan-anh"><strong>${o.openTickets}</strong> phản ánh đang mở</a></li>
<li><a href="/admin/thong-bao"><strong>${o.broadcasts}</strong> lượt gửi thông báo</a></li>
</ul>`;
    const top = o.unanswered.length
      ? html`<table><thead><tr><th scope="col">Câu hỏi (đã chuẩn hóa)</th><th scope="col">Số lần</th><th scope="col">Số người</th></tr></thead><tbody>${o.unanswered.map(
          (u) => html`<tr><td>${u.normalized}</td><td>${u.count}</td><td>${u.people}</td></tr>`,
        )}</tbody></table><p><a href="/admin/cau-hoi">Xử lý các câu hỏi chưa trả lời</a></p>`
      : html`<p>Không có câu hỏi nào chưa được trả lời.</p>`;
    const body = html`${cards}<h2>Câu hỏi mỗi ngày</h2>${questionsChart(o.days)}<h2>Câu hỏi chưa trả lời nhiều nhất</h2>${top}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Tổng quan', body, { viewer: req.viewer!, path: '/admin' }));
  });
}
