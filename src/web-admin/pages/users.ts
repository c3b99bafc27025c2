/**
 * Người dùng (admins only): who holds which role, granting and revoking
 * roles, and the audit log with filters. A revocation also ends the
 * person's console sessions.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DbRoleResolver } from '../../admin/roles.js';
import { parsePrincipal } from '../../core/deliver.js';
import type { Db } from '../../storage/db.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, when } from '../layout.js';
import { endSessionsOf } from '../sessions.js';

const ROLE_LABEL: Record<string, string> = {
  admin: 'quản trị viên',
  approver: 'người duyệt',
  staff: 'cán bộ',
  resident: 'người dân (đã thu hồi)',
};
const OUTCOMES = ['ok', 'refused', 'failed'] as const;

/** Audit lines matching the filters, newest first. */
export function auditLines(db: Db, f: { action?: string; outcome?: string; limit?: number }) {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.action) {
    where.push("action LIKE ? ESCAPE '\\'");
    args.push(`%${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.outcome && (OUTCOMES as readonly string[]).includes(f.outcome)) {
    where.push('outcome = ?');
    args.push(f.outcome);
  }
  const sql = `SELECT ts, channel, user_hash, role, action, detail, outcome FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return db.prepare(sql).all(...args, f.limit ?? 100) as {
    ts: number;
    channel: string;
    user_hash: string;
    role: string;
    action: string;
    detail: string | null;
    outcome: string;
  }[];
}

/** `GET /admin/nguoi-dung`, `POST /admin/nguoi-dung` (grant or revoke). */
export function registerUsers(f: FastifyInstance, env: AuthEnv, roles: DbRoleResolver): void {
  const render = (req: FastifyRequest, notice?: { ok?: string; error?: string }) => {
    const q = req.query as { action?: string; outcome?: string };
    const v = req.viewer!;
    const holders = roles.holders();
    const rows = holders.map(
      (h) =>
        html`<tr><td>${h.channel}:${h.userId}</td><td>${ROLE_LABEL[h.role]}</td><td>${h.source === 'env' ? 'tệp .env' : 'cấp trong trò chuyện hoặc trang này'}</td><td>${
          h.source === 'env' && h.role === 'admin'
            ? '—'
            : html`<form method="post" action="/admin/nguoi-dung"><input type="hidden" name="_csrf" value="${v.csrf}"><input type="hidden" name="principal" value="${h.channel}:${h.userId}"><input type="hidden" name="role" value="resident"><button type="submit">Thu hồi</button></form>`
        }</td></tr>`,
    );
    const lines = auditLines(env.db, { action: q.action, outcome: q.outcome });
    const body = html`<h2>Vai trò</h2>
<table><thead><tr><th scope="col">Tài khoản</th><th scope="col">Vai trò</th><th scope="col">Nguồn</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>
<h2>Cấp quyền</h2>
<form method="post" action="/admin/nguoi-dung" class="grid"><input type="hidden" name="_csrf" value="${v.csrf}">
<label>Tài khoản (kênh:id) <input name="principal" required placeholder="telegram:123456789" pattern="(telegram|zalo-oa|zalo-bot|zalo-personal|console):\\S+"></label>
<label>Vai trò <select name="role"><option value="staff">cán bộ</option><option value="approver">người duyệt</option><option value="admin">quản trị viên</option></select></label>
<button type="submit">Cấp quyền</button></form>
<h2>Nhật ký thao tác</h2>
<form method="get" action="/admin/nguoi-dung" class="grid"><label>Thao tác có chứa <input name="action" value="${q.action ?? ''}"></label>
<label>Kết quả <select name="outcome"><option value="">tất cả</option>${OUTCOMES.map((o) => html`<option value="${o}"${q.outcome === o ? html` selected` : ''}>${o}</option>`)}</select></label><button type="submit">Lọc</button></form>
<table><thead><tr><th scope="col">Lúc</th><th scope="col">Kênh</th><th scope="col">Người (mã băm)</th><th scope="col">Vai trò</th><th scope="col">Thao tác</th><th scope="col">Chi tiết</th><th scope="col">Kết quả</th></tr></thead>
<tbody>${lines.map((l) => html`<tr><td>${when(l.ts)}</td><td>${l.channel}</td><td><code>${l.user_hash}</code></td><td>${l.role}</td><td>${l.action}</td><td>${l.detail ?? ''}</td><td>${l.outcome}</td></tr>`)}</tbody></table>`;
    return page('Người dùng', body, {
      viewer: v,
      path: '/admin/nguoi-dung',
      ...(notice?.ok ? { notice: notice.ok } : {}),
      ...(notice?.error ? { error: notice.error } : {}),
    });
  };
  f.get('/admin/nguoi-dung', { preHandler: requireRole(env, 'admin') }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(render(req)),
  );
  f.post<{ Body: { principal?: string; role?: string } }>(
    '/admin/nguoi-dung',
    { preHandler: requireRole(env, 'admin') },
    async (req, reply) => {
      const p = parsePrincipal(String(req.body.principal ?? ''));
      const role = req.body.role;
      const send = (status: number, n: { ok?: string; error?: string }) =>
        reply.status(status).type('text/html; charset=utf-8').send(render(req, n));
      if (!p || (role !== 'staff' && role !== 'approver' && role !== 'admin' && role !== 'resident')) {
        audit(env, req, 'capquyen', 'failed', 'bad input');
        return send(400, {
          error:
            'Tài khoản phải có dạng kênh:id (ví dụ telegram:123456789) và vai trò là cán bộ, người duyệt hoặc quản trị viên.',
        });
      }
      const action = role === 'resident' ? 'thuhoi' : 'capquyen';
      const by = req.viewer!.userHash;
      const r = roles.grant(p.channel, p.userId, role, by);
      if (!r.ok) {
        audit(env, req, action, 'failed', 'env admin');
        return send(400, { error: r.reason });
      }
      if (role === 'resident') endSessionsOf(env.db, `${p.channel}:${p.userId}`);
      audit(env, req, action, 'ok', `${p.channel} → ${role}`);
      return send(200, {
        ok:
          role === 'resident'
            ? `Đã thu hồi quyền của ${p.channel}:${p.userId}.`
            : `Đã cấp quyền ${ROLE_LABEL[role]} cho ${p.channel}:${p.userId}.`,
      });
    },
  );
}
