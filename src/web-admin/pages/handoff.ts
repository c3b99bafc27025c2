/**
 * Gặp cán bộ: residents waiting for a staff member and the conversations
 * under way. A staff member takes one here (as with `/nhan` in chat), reads
 * the conversation, writes to the resident (the message reaches them on
 * their channel) and ends it. The page reloads every few seconds while
 * something is waiting or under way. The desk (src/admin/handoff) checks the
 * role and writes the audit log of every action.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { handoffHandles, type HandoffDesk, type StaffRef } from '../../admin/handoff/plugin.js';
import { channelLabel } from '../../admin/handoff/replies.js';
import { formatDuration } from '../../admin/text.js';
import { requireRole, type AuthEnv } from '../auth.js';
import { html, page, when, type Html } from '../layout.js';

const PATH = '/admin/gap-can-bo';
/** Seconds between reloads while residents wait or talk. */
const REFRESH_S = 5;

function staffOf(req: FastifyRequest): StaffRef {
  const v = req.viewer!;
  return { channel: v.channel, userId: v.userId, role: v.role };
}

/** What an action tells the staff member after the redirect back to the page. */
const NOTES = {
  'taken-ok': { ok: true, text: 'Bạn đã nhận trò chuyện; người dân đã được báo.' },
  'taken-unnotified': { ok: true, text: 'Bạn đã nhận trò chuyện, nhưng chưa báo được cho người dân.' },
  ended: { ok: true, text: 'Đã kết thúc cuộc trò chuyện; người dân được mời đánh giá.' },
  taken: { ok: false, text: 'Một cán bộ khác đã nhận yêu cầu này.' },
  closed: { ok: false, text: 'Cuộc trò chuyện hoặc yêu cầu này đã kết thúc.' },
  busy: { ok: false, text: 'Bạn đang trò chuyện với một người dân khác; hãy kết thúc cuộc đó trước.' },
  'not-found': { ok: false, text: 'Không có yêu cầu này.' },
  refused: { ok: false, text: 'Bạn không có quyền nhận yêu cầu.' },
  'not-yours': { ok: false, text: 'Đây không phải cuộc trò chuyện của bạn.' },
  empty: { ok: false, text: 'Bạn chưa viết tin nhắn.' },
  undelivered: { ok: false, text: 'Chưa gửi được tin tới người dân (kênh của họ đang lỗi); tin đã được lưu.' },
} as const;

function conversation(desk: HandoffDesk, id: number, csrf: string): Html {
  const h = desk.get(id)!;
  const lines = desk.transcript(id);
  const csrfField = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  return html`<section aria-labelledby="talk"><h2 id="talk">Đang trò chuyện: yêu cầu số ${h.id} (${channelLabel(h.channel)}${h.userName ? `, ${h.userName}` : ''})</h2>
<ol class="transcript" role="log" aria-live="polite">${lines.map((m) => html`<li class="${m.from}"><small>${m.from === 'staff' ? 'Cán bộ' : 'Người dân'} · ${when(m.ts)}</small><br>${m.text}</li>`)}</ol>
<form method="post" action="${PATH}/${h.id}/gui">${csrfField}<label>Tin nhắn gửi người dân <textarea name="text" rows="3" required maxlength="2000"></textarea></label><button type="submit">Gửi</button></form>
<form method="post" action="${PATH}/${h.id}/ket-thuc">${csrfField}<button type="submit" class="secondary">Kết thúc trò chuyện</button></form></section>`;
}

function render(desk: HandoffDesk, req: FastifyRequest, now: number): { body: Html; live: boolean } {
  const v = req.viewer!;
  const mine = desk.activeOf(staffOf(req));
  const waiting = desk.waitingHandoffs();
  const active = desk.activeHandoffs();
  const csrf = html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
  const queue = waiting.length
    ? html`<table><thead><tr><th scope="col">Số</th><th scope="col">Kênh</th><th scope="col">Đã chờ</th><th scope="col">Người dân viết</th><th scope="col"></th></tr></thead><tbody>${waiting.map(
        (h) => {
          const first = desk.transcript(h.id).find((m) => m.from === 'resident');
          return html`<tr><td>${h.id}</td><td>${channelLabel(h.channel)}</td><td>${formatDuration(now - h.requestedAt)}</td><td>${first?.text.slice(0, 160) ?? ''}</td><td><form method="post" action="${PATH}/${h.id}/nhan">${csrf}<button type="submit">Nhận</button></form></td></tr>`;
        },
      )}</tbody></table>`
    : html`<p>Không có ai đang chờ.</p>`;
  const others = active.filter((h) => h.id !== mine?.id);
  const body = html`${mine ? conversation(desk, mine.id, v.csrf) : ''}<h2>Người dân đang chờ (${waiting.length})</h2>${queue}
<h2>Đang trò chuyện (${active.length})</h2>${others.length ? html`<ul>${others.map((h) => html`<li>Số ${h.id} · ${channelLabel(h.channel)} · ${h.staffPrincipal ?? ''} · từ ${when(h.takenAt ?? h.requestedAt)}</li>`)}</ul>` : html`<p>${mine ? 'Không có cuộc nào khác.' : 'Không có cuộc nào.'}</p>`}
<p><small>Trong giờ làm việc (HANDOFF_HOURS), người dân gõ "gặp cán bộ" hoặc bấm nút "Gặp cán bộ xã" thì vào hàng chờ; không ai nhận trong thời gian chờ thì trợ lý mở phản ánh thay. Trang tự tải lại sau ${REFRESH_S} giây.</small></p>`;
  return { body, live: mine !== undefined || waiting.length > 0 };
}

/**
 * `GET /admin/gap-can-bo` and its actions (staff).
 *
 * @example
 * ```ts
 * registerHandoff(fastify, authEnv, app); // GET /admin/gap-can-bo, POST /admin/gap-can-bo/:id/nhan …
 * ```
 */
export function registerHandoff(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  const staff = { preHandler: requireRole(env, 'staff') };
  const deskOf = () => handoffHandles(app)?.desk;
  const show = (req: FastifyRequest, reply: FastifyReply, note: { notice?: string; error?: string } = {}) => {
    const desk = deskOf();
    if (!desk)
      return reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(page('Gặp cán bộ', html`<p>Phần gặp cán bộ chưa được cài.</p>`, { viewer: req.viewer!, path: PATH }));
    const r = render(desk, req, env.now());
    return reply.type('text/html; charset=utf-8').send(
      page('Gặp cán bộ', r.body, {
        viewer: req.viewer!,
        path: PATH,
        ...note,
        ...(r.live ? { refresh: REFRESH_S } : {}),
      }),
    );
  };
  const idOf = (req: FastifyRequest) => Number((req.params as { id: string }).id);
  // Post/Redirect/Get: a reload (or the page's own refresh) never sends a message twice.
  const back = (reply: FastifyReply, key: keyof typeof NOTES) => reply.redirect(`${PATH}?n=${key}`, 303);
  f.get<{ Querystring: { n?: string } }>(PATH, staff, async (req, reply) => {
    const note = NOTES[req.query.n as keyof typeof NOTES];
    return show(req, reply, note ? (note.ok ? { notice: note.text } : { error: note.text }) : {});
  });
  f.post(`${PATH}/:id/nhan`, staff, async (req, reply) => {
    const r = await deskOf()!.takeHandoff(idOf(req), staffOf(req));
    if (!r.ok) return back(reply, r.reason in NOTES ? (r.reason as keyof typeof NOTES) : 'not-found');
    return back(reply, r.residentNotified ? 'taken-ok' : 'taken-unnotified');
  });
  f.post<{ Body: { text?: string } }>(`${PATH}/:id/gui`, staff, async (req, reply) => {
    const text = String(req.body.text ?? '')
      .normalize('NFC')
      .trim();
    if (!text) return back(reply, 'empty');
    const r = await deskOf()!.sendStaffMessage(idOf(req), staffOf(req), text.slice(0, 2000));
    if (!r.ok) return back(reply, r.reason === 'not-yours' ? 'not-yours' : 'closed');
    return r.delivered ? reply.redirect(PATH, 303) : back(reply, 'undelivered');
  });
  f.post(`${PATH}/:id/ket-thuc`, staff, async (req, reply) => {
    const r = await deskOf()!.endHandoff(idOf(req), 'staff', staffOf(req));
    return back(reply, r.ok ? 'ended' : 'closed');
  });
}
