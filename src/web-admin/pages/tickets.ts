/**
 * Phản ánh, kiến nghị: the ticket inbox by state, one ticket with its
 * content and the resident's phone (staff need it to call back; it is not
 * logged), assignment to a staff member, "take" and "reply" (the answer
 * reaches the resident on their channel with the SIPAS survey, as `/traloi`
 * does), and response times.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import type { DbRoleResolver } from '../../admin/roles.js';
import { deliverTicketAnswer, STATE_LABEL } from '../../admin/ticket-commands.js';
import { sendTo } from '../../core/deliver.js';
import { formatDuration } from '../../admin/text.js';
import { answerTicket, getTicket, markInProgress, type Ticket } from '../../admin/tickets.js';
import { infoReply } from '../../admin/commands.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, when, type Html } from '../layout.js';

const STATES = ['new', 'in_progress', 'answered'] as const;

interface Row {
  id: number;
  created_at: number;
  channel: string;
  state: Ticket['state'];
  content: string | null;
  answered_at: number | null;
  assigned_to: string | null;
}

function list(env: AuthEnv, state: string | undefined): Row[] {
  const s = (STATES as readonly string[]).includes(state ?? '') ? state : undefined;
  const sql = `SELECT id, created_at, channel, state, content, answered_at, assigned_to FROM tickets WHERE purged_at IS NULL ${s ? 'AND state = ?' : ''} ORDER BY id DESC LIMIT 100`;
  return env.db.prepare(sql).all(...(s ? [s] : [])) as Row[];
}

function inbox(req: FastifyRequest, env: AuthEnv): Html {
  const q = req.query as { state?: string };
  const rows = list(env, q.state);
  const now = env.now();
  const filter = html`<p>Lọc: <a href="/admin/phan-anh">tất cả</a>${STATES.map((s) => html` · <a href="/admin/phan-anh?state=${s}"${q.state === s ? html` aria-current="true"` : ''}>${STATE_LABEL[s]}</a>`)}</p>`;
  if (rows.length === 0) return html`${filter}<p>Không có phản ánh nào.</p>`;
  return html`${filter}<table><thead><tr><th scope="col">Số</th><th scope="col">Nhận lúc</th><th scope="col">Kênh</th><th scope="col">Trạng thái</th><th scope="col">Nội dung</th><th scope="col">Thời gian trả lời</th><th scope="col">Giao cho</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td><a href="/admin/phan-anh/${r.id}">${r.id}</a></td><td>${when(r.created_at)}</td><td>${r.channel}</td><td>${STATE_LABEL[r.state]}</td><td>${(r.content ?? '').slice(0, 120)}</td><td>${r.answered_at ? formatDuration(r.answered_at - r.created_at) : `đã chờ ${formatDuration(now - r.created_at)}`}</td><td>${r.assigned_to ?? ''}</td></tr>`,
  )}</tbody></table>`;
}

function detail(req: FastifyRequest, env: AuthEnv, roles: DbRoleResolver, t: Ticket): Html {
  const v = req.viewer!;
  const assigned = (
    env.db.prepare('SELECT assigned_to FROM tickets WHERE id = ?').get(t.id) as { assigned_to: string | null }
  ).assigned_to;
  const staff = roles.holders().filter((h) => h.role !== 'resident');
  const csrf = html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
  const actions =
    t.state === 'answered'
      ? html`<h2>Đã trả lời</h2><p>${t.answer ?? ''}</p><p>Sau ${t.answeredAt ? formatDuration(t.answeredAt - t.createdAt) : '–'}; ${t.delivered ? 'đã gửi tới người phản ánh' : 'chưa gửi được tới người phản ánh'}.</p>`
      : html`${t.state === 'new' ? html`<form method="post" action="/admin/phan-anh/${t.id}/xu-ly">${csrf}<button type="submit">Nhận xử lý</button></form>` : ''}
<h2>Trả lời</h2><form method="post" action="/admin/phan-anh/${t.id}/tra-loi">${csrf}<label>Nội dung trả lời (gửi tới người phản ánh qua kênh ${t.channel}) <textarea name="answer" rows="5" required minlength="2" maxlength="3000"></textarea></label><button type="submit">Gửi trả lời</button></form>`;
  return html`<p><a href="/admin/phan-anh">← Tất cả phản ánh</a></p>
<dl><dt>Trạng thái</dt><dd>${STATE_LABEL[t.state]}</dd><dt>Nhận lúc</dt><dd>${when(t.createdAt)} (kênh ${t.channel})</dd><dt>Điện thoại</dt><dd>${t.phone ?? 'không để lại'}</dd></dl>
<h2>Nội dung</h2><p class="content">${t.content ?? '(đã xóa theo thời hạn lưu trữ)'}</p>
<form method="post" action="/admin/phan-anh/${t.id}/giao" class="grid">${csrf}<label>Giao cho <select name="to"><option value="">(chưa giao)</option>${staff.map(
    (h) => {
      const p = `${h.channel}:${h.userId}`;
      return html`<option value="${p}"${assigned === p ? html` selected` : ''}>${p}</option>`;
    },
  )}</select></label><button type="submit">Lưu</button></form>${actions}`;
}

/** What the ticket routes share: the dependencies, and the two pages they answer with. */
interface TicketRoutes {
  env: AuthEnv;
  app: AppContext;
  roles: DbRoleResolver;
  /** The list of tickets, with an error above it. */
  list(reply: FastifyReply, req: FastifyRequest, error?: string, status?: number): FastifyReply;
  /** One ticket (read afresh), with a notice or an error above it. */
  show(reply: FastifyReply, req: FastifyRequest, id: number, note: Note, status?: number): FastifyReply;
}

type Note = { notice?: string; error?: string };
type Handler<B = unknown> = (r: TicketRoutes, req: FastifyRequest<{ Body: B }>, reply: FastifyReply) => unknown;

function ticketRoutes(env: AuthEnv, app: AppContext, roles: DbRoleResolver): TicketRoutes {
  const send = (reply: FastifyReply, req: FastifyRequest, title: string, body: Html, note: Note, status: number) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page(title, body, { viewer: req.viewer!, path: '/admin/phan-anh', ...note }));
  return {
    env,
    app,
    roles,
    list: (reply, req, error, status = 200) =>
      send(reply, req, 'Phản ánh, kiến nghị', inbox(req, env), error ? { error } : {}, status),
    show: (reply, req, id, note, status = 200) =>
      send(reply, req, `Phản ánh số ${id}`, detail(req, env, roles, getTicket(env.db, id)!), note, status),
  };
}

const ticketOf = (r: TicketRoutes, req: FastifyRequest) =>
  getTicket(r.env.db, Number((req.params as { id: string }).id));

const showTicket: Handler = (r, req, reply) => {
  const t = ticketOf(r, req);
  if (!t) return r.list(reply, req, 'Không có phản ánh số này.', 404);
  audit(r.env, req, 'xemphananh', 'ok', `ticket ${t.id}`);
  return r.show(reply, req, t.id, {});
};

const takeTicket: Handler = async (r, req, reply) => {
  const t = ticketOf(r, req);
  if (!t || !markInProgress(r.env.db, t.id, r.env.now())) {
    audit(r.env, req, 'xuly', 'failed', t ? `ticket ${t.id} is ${t.state}` : 'unknown ticket');
    return r.list(reply, req, 'Phản ánh này không còn ở trạng thái mới.', 409);
  }
  if (t.chatId)
    await sendTo(r.app, t.channel, t.chatId, infoReply(`Phản ánh số ${t.id} của bạn đang được cán bộ xã xử lý.`));
  audit(r.env, req, 'xuly', 'ok', `ticket ${t.id}`);
  return r.show(reply, req, t.id, { notice: 'Đã nhận xử lý; người phản ánh đã được báo.' });
};

const assignTicket: Handler<{ to?: string }> = (r, req, reply) => {
  const t = ticketOf(r, req);
  const to = String(req.body.to ?? '');
  const ok =
    t && (to === '' || r.roles.holders().some((h) => `${h.channel}:${h.userId}` === to && h.role !== 'resident'));
  if (!t || !ok) return r.list(reply, req, 'Không giao được: chọn một cán bộ trong danh sách.', 400);
  r.env.db.prepare('UPDATE tickets SET assigned_to = ? WHERE id = ?').run(to || null, t.id);
  audit(r.env, req, 'giaophananh', 'ok', `ticket ${t.id}`);
  return r.show(reply, req, t.id, { notice: to ? `Đã giao cho ${to}.` : 'Đã bỏ giao.' });
};

const answerTicketRoute: Handler<{ answer?: string }> = async (r, req, reply) => {
  const t = ticketOf(r, req);
  const answer = String(req.body.answer ?? '')
    .normalize('NFC')
    .trim();
  if (!t) return r.list(reply, req, 'Không có phản ánh số này.', 404);
  if (answer.length < 2 || answer.length > 3000)
    return r.show(reply, req, t.id, { error: 'Nội dung trả lời dài 2–3.000 ký tự.' }, 400);
  if (!answerTicket(r.env.db, t.id, answer, req.viewer!.userHash, r.env.now())) {
    audit(r.env, req, 'traloi', 'failed', `ticket ${t.id} already answered`);
    return r.show(reply, req, t.id, { error: 'Phản ánh này đã được trả lời trước đó.' }, 409);
  }
  const delivered = await deliverTicketAnswer(r.app, t, answer);
  audit(r.env, req, 'traloi', 'ok', `ticket ${t.id}${delivered ? '' : ' (not delivered)'}`);
  const notice = delivered
    ? 'Đã gửi trả lời tới người phản ánh.'
    : `Đã lưu trả lời nhưng chưa gửi được tới người phản ánh (kênh ${t.channel}).`;
  return r.show(reply, req, t.id, { notice });
};

/**
 * The ticket pages and actions: the list, one ticket, and taking, assigning and answering it.
 *
 * @example
 * ```ts
 * registerTickets(fastify, authEnv, app, roles); // GET /admin/phan-anh, POST /admin/phan-anh/:id/tra-loi …
 * ```
 */
export function registerTickets(f: FastifyInstance, env: AuthEnv, app: AppContext, roles: DbRoleResolver): void {
  const r = ticketRoutes(env, app, roles);
  const staff = { preHandler: requireRole(env, 'staff') };
  const route =
    <B>(h: Handler<B>) =>
    async (req: FastifyRequest<{ Body: B }>, reply: FastifyReply) =>
      h(r, req, reply);
  f.get('/admin/phan-anh', staff, async (req, reply) => r.list(reply, req));
  f.get<{ Body: unknown }>('/admin/phan-anh/:id', staff, route(showTicket));
  f.post<{ Body: unknown }>('/admin/phan-anh/:id/xu-ly', staff, route(takeTicket));
  f.post<{ Body: { to?: string } }>('/admin/phan-anh/:id/giao', staff, route(assignTicket));
  f.post<{ Body: { answer?: string } }>('/admin/phan-anh/:id/tra-loi', staff, route(answerTicketRoute));
}
