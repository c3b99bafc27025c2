/**
 * Câu hỏi chưa trả lời: the queue of questions the assistant could not
 * answer (30 days, most frequent first), with "add as a name of an entry"
 * (the entry found by a search box, the alias written to the YAML and the
 * knowledge reloaded, as `/themtukhoa` does) and "not the commune's business"
 * (the question leaves the queue).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addAlias } from '../../admin/alias.js';
import { decisionLabel, dismissUnanswered, unansweredReport } from '../../admin/unanswered.js';
import type { KnowledgeStore } from '../../knowledge/store.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, when } from '../layout.js';

type Req = FastifyRequest<{ Querystring: { q?: string; tim?: string }; Body: Record<string, string | undefined> }>;

function render(req: Req, env: AuthEnv, store: KnowledgeStore, note: { notice?: string; error?: string } = {}) {
  const v = req.viewer!;
  const groups = unansweredReport(env.db, { days: 30, now: env.now(), limit: 50 });
  const open = typeof req.query.q === 'string' ? req.query.q : undefined;
  const find = typeof req.query.tim === 'string' && req.query.tim.trim() ? req.query.tim : open;
  const hits = open !== undefined && find ? store.engine.search(find).hits.slice(0, 5) : [];
  const rows = groups.map((g) => {
    const entry = g.bestId ? store.kb.byId.get(g.bestId) : undefined;
    const chosen = open === g.normalized;
    const tools =
      v.role !== 'admin'
        ? html`<small>Quản trị viên thêm tên gọi cho mục.</small>`
        : chosen
          ? html`<form method="get" action="/admin/cau-hoi" class="grid"><input type="hidden" name="q" value="${g.normalized}"><label>Tìm mục <input name="tim" value="${find ?? ''}"></label><button type="submit">Tìm</button></form>
<ul class="hits">${hits.map(
              (h) =>
                html`<li><form method="post" action="/admin/cau-hoi/them-ten"><input type="hidden" name="_csrf" value="${v.csrf}"><input type="hidden" name="alias" value="${g.normalized}"><input type="hidden" name="id" value="${h.id}"><button type="submit">Thêm làm tên gọi của</button> ${h.title} <code>${h.id}</code></form></li>`,
            )}</ul>`
          : html`<a href="/admin/cau-hoi?q=${encodeURIComponent(g.normalized)}">Thêm làm tên gọi…</a>`;
    return html`<tr><td>${g.normalized}</td><td>${g.count}</td><td>${g.people}</td><td>${decisionLabel(g.decision)}${entry ? html`<br><small>gần nhất: ${entry.title}</small>` : ''}</td><td>${when(g.lastTs)}</td>
<td>${tools}<form method="post" action="/admin/cau-hoi/khong-thuoc-xa"><input type="hidden" name="_csrf" value="${v.csrf}"><input type="hidden" name="normalized" value="${g.normalized}"><button type="submit" class="secondary">Không thuộc xã</button></form></td></tr>`;
  });
  const body = groups.length
    ? html`<p>${groups.length} nhóm câu hỏi trong 30 ngày (câu hỏi đã chuẩn hóa: không dấu, chữ thường).</p>
<table><thead><tr><th scope="col">Câu hỏi</th><th scope="col">Số lần</th><th scope="col">Số người</th><th scope="col">Trợ lý đã làm gì</th><th scope="col">Lần cuối</th><th scope="col">Xử lý</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>Không có câu hỏi nào chưa trả lời trong 30 ngày.</p>`;
  return page('Câu hỏi chưa trả lời', body, { viewer: v, path: '/admin/cau-hoi', ...note });
}

/** `GET /admin/cau-hoi`, `POST /admin/cau-hoi/them-ten` (admin: writes knowledge), `POST /admin/cau-hoi/khong-thuoc-xa`. */
export function registerUnanswered(f: FastifyInstance, env: AuthEnv, store: KnowledgeStore): void {
  const send = (req: Req, reply: FastifyReply, status: number, note?: { notice?: string; error?: string }) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(render(req, env, store, note));
  f.get('/admin/cau-hoi', { preHandler: requireRole(env, 'staff') }, async (req, reply) =>
    send(req as Req, reply, 200),
  );
  f.post('/admin/cau-hoi/them-ten', { preHandler: requireRole(env, 'admin') }, async (req, reply) => {
    const r = req as Req;
    const id = String(r.body.id ?? '');
    const r2 = await addAlias(store, id, String(r.body.alias ?? ''));
    audit(env, req, 'themtukhoa', r2.ok ? 'ok' : 'failed', r2.ok ? id : `${id}: ${r2.reason}`);
    return send(
      { ...r, query: {} } as Req,
      reply,
      r2.ok ? 200 : 400,
      r2.ok
        ? { notice: `Đã thêm tên gọi cho mục ${id} (${r2.file}); trợ lý đã nạp lại tri thức.` }
        : { error: r2.message },
    );
  });
  f.post('/admin/cau-hoi/khong-thuoc-xa', { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    const r = req as Req;
    const normalized = String(r.body.normalized ?? '').slice(0, 500);
    if (!normalized) return send(r, reply, 400, { error: 'Thiếu câu hỏi.' });
    dismissUnanswered(env.db, normalized, 'not-ours', req.viewer!.userHash, env.now());
    audit(env, req, 'khongthuocxa', 'ok');
    return send(r, reply, 200, { notice: 'Đã bỏ câu hỏi khỏi danh sách (không thuộc việc của xã).' });
  });
}
