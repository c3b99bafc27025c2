/**
 * Tri thức: browse and search the entries (staff), see how one reads to
 * residents, and edit a field of it (admins). The search is the assistant's
 * own (`knowledge.engine.search`), with what residents asking the same would
 * get, plus matches on the id and title. An edit goes through
 * {@link editEntryField}: validated like `kb:check` before it is written,
 * written with comments kept, rolled back if the reload fails, audited.
 */
import { relative } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { EDITABLE, editEntryField, fieldText, findEntry, fingerprint, type FieldSpec } from '../../admin/entry-edit.js';
import { entryReply } from '../../core/entry-reply.js';
import { renderPlainText } from '../../core/render-text.js';
import type { Entry, EntryKind } from '../../knowledge/model.js';
import { fold } from '../../search/normalize.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, type Html } from '../layout.js';
import { replyHtml } from '../reply-html.js';

const PATH = '/admin/tri-thuc';
const PER_PAGE = 50;
const KIND: Record<EntryKind, string> = { procedure: 'Thủ tục', hotline: 'Đường dây nóng', article: 'Bài viết' };
const DECISION = {
  answer: 'trợ lý trả lời bằng mục đầu tiên',
  suggest: 'trợ lý gợi ý các mục dưới đây',
  none: 'trợ lý chưa trả lời được',
} as const;

type ListQuery = { q?: string; loai?: string; nguon?: string; trang?: string };

const imported = (e: Entry) => e.kind === 'procedure' && e.data.portal !== undefined;

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Entries matching the list's filters and search, best first, with the search's scores. */
export function findEntries(
  app: AppContext,
  q: ListQuery,
): { entries: { e: Entry; score?: number }[]; decision?: keyof typeof DECISION } {
  const kb = app.knowledge.kb;
  const keep = (e: Entry) =>
    (!q.loai || e.kind === q.loai) && (q.nguon !== 'tay' || !imported(e)) && (q.nguon !== 'nhap' || imported(e));
  const text = (q.q ?? '').trim();
  if (!text) return { entries: kb.entries.filter(keep).map((e) => ({ e })) };
  const out = new Map<string, { e: Entry; score?: number }>();
  const exact = kb.byId.get(text);
  if (exact) out.set(exact.id, { e: exact });
  const found = app.knowledge.engine.search(text);
  for (const h of found.hits) {
    const e = kb.byId.get(h.id);
    if (e && !out.has(e.id)) out.set(e.id, { e, score: h.score });
  }
  const f = fold(text);
  for (const e of kb.entries)
    if (
      !out.has(e.id) &&
      (e.id.includes(text) || fold(e.title).includes(f) || e.aliases.some((a) => fold(a).includes(f)))
    )
      out.set(e.id, { e });
  return { entries: [...out.values()].filter((x) => keep(x.e)), decision: found.decision };
}

function listPage(app: AppContext, req: FastifyRequest<{ Querystring: ListQuery }>): string {
  const q = req.query;
  const { entries, decision } = findEntries(app, q);
  const pages = Math.max(1, Math.ceil(entries.length / PER_PAGE));
  const n = Math.min(pages, Math.max(1, Number.parseInt(q.trang ?? '1', 10) || 1));
  const shown = entries.slice((n - 1) * PER_PAGE, n * PER_PAGE);
  const link = (p: number) =>
    `${PATH}?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), ...(q.loai ? { loai: q.loai } : {}), ...(q.nguon ? { nguon: q.nguon } : {}), trang: String(p) })}`;
  const sel = (name: string, value: string | undefined, opts: [string, string][]) =>
    html`<select name="${name}">${opts.map(([v, l]) => html`<option value="${v}"${value === v || (!value && !v) ? html` selected` : ''}>${l}</option>`)}</select>`;
  const form = html`<form method="get" action="${PATH}" class="grid" role="search"><label>Tìm (câu hỏi, mã hoặc tên) <input name="q" value="${q.q ?? ''}" size="40"></label>
<label>Loại ${sel('loai', q.loai, [
    ['', 'tất cả'],
    ['procedure', 'thủ tục'],
    ['hotline', 'đường dây nóng'],
    ['article', 'bài viết'],
  ])}</label>
<label>Nguồn ${sel('nguon', q.nguon, [
    ['', 'tất cả'],
    ['tay', 'viết tay'],
    ['nhap', 'nhập từ Cổng DVC'],
  ])}</label><button type="submit">Tìm</button></form>`;
  const summary = q.q
    ? html`<p>${entries.length} mục khớp "${q.q}". Người dân hỏi đúng câu này: ${DECISION[decision ?? 'none']}.</p>`
    : html`<p>${entries.length} mục (trang ${n}/${pages}).</p>`;
  const rows = shown.map(
    (x) =>
      html`<tr><td><a href="${PATH}/muc/${x.e.id}"><code>${x.e.id}</code></a></td><td>${x.e.title}</td><td>${KIND[x.e.kind]}${imported(x.e) ? ' (nhập)' : ''}</td><td>${
        x.score === undefined ? '' : x.score.toFixed(2)
      }</td></tr>`,
  );
  const nav =
    pages > 1
      ? html`<p class="pager">${n > 1 ? html`<a href="${link(n - 1)}" rel="prev">← Trang trước</a> ` : ''}Trang ${n}/${pages}${n < pages ? html` <a href="${link(n + 1)}" rel="next">Trang sau →</a>` : ''}</p>`
      : '';
  const admin =
    req.viewer!.role === 'admin'
      ? html`<p><a href="${PATH}/nhap">Nhập danh mục thủ tục từ Cổng Dịch vụ công</a></p>`
      : '';
  const table = html`<table><thead><tr><th scope="col">Mã</th><th scope="col">Tên</th><th scope="col">Loại</th><th scope="col">Độ tin cậy</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page('Tri thức', html`${form}${admin}${summary}${table}${nav}`, { viewer: req.viewer!, path: PATH });
}

function fieldForm(id: string, csrf: string, spec: FieldSpec, current: string, value = current): Html {
  const input =
    spec.type === 'text' || spec.type === 'date'
      ? html`<input name="value" value="${value}"${spec.type === 'date' ? html` placeholder="2026-11-22" size="12"` : html` size="60"`}>`
      : html`<textarea name="value" rows="${Math.min(12, Math.max(3, value.split('\n').length + 1))}">${value}</textarea>`;
  return html`<form method="post" action="${PATH}/muc/${id}" class="field"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="field" value="${spec.key}"><input type="hidden" name="old" value="${fingerprint(current)}">
<label>${spec.label} <code>${spec.key}</code> ${input}</label><button type="submit">Lưu</button></form>`;
}

/** One entry: how residents read it, where it is written, and (admins) its fields. */
function entryPage(
  app: AppContext,
  req: FastifyRequest,
  e: Entry,
  o: { notice?: string; error?: Html; field?: string; value?: string } = {},
): string {
  const kb = app.knowledge.kb;
  const found = findEntry(app.knowledge.dir, e.kind, e.id);
  const short = entryReply(kb, e);
  const full = e.kind === 'procedure' ? entryReply(kb, e, { full: true }) : undefined;
  const where = found
    ? html`<p>Tệp: <code>${relative(process.cwd(), found.file) || found.file}</code>${imported(e) ? ' · mục nhập từ Cổng Dịch vụ công: trường sửa tay được ghi vào keep để lần nhập sau không ghi đè.' : ''}</p>`
    : '';
  const view = html`<h2>Người dân nhận khi hỏi</h2><div class="two">${replyHtml(short)}<pre>${renderPlainText(short)}</pre></div>${
    full
      ? html`<details><summary>Bản đầy đủ (/xem ${e.id} day-du)</summary><div class="two">${replyHtml(full)}<pre>${renderPlainText(full)}</pre></div></details>`
      : ''
  }`;
  const v = req.viewer!;
  const fields =
    v.role !== 'admin'
      ? html`<p>Chỉ quản trị viên sửa được nội dung mục này.</p>`
      : found
        ? html`<h2>Sửa nội dung</h2><p class="hint">Mỗi trường lưu riêng. Thay đổi được kiểm tra như npm run kb:check trước khi ghi; trợ lý nạp lại ngay sau khi lưu.</p>${EDITABLE[
            e.kind
          ].map((s) =>
            fieldForm(e.id, v.csrf, s, fieldText(found.node, s.key), o.field === s.key ? o.value : undefined),
          )}`
        : app.knowledge.shared
          ? html`<p>Mục này thuộc tri thức dùng chung của thành phố (thư mục <code>${app.knowledge.shared}</code>): quản trị thành phố sửa ở đó. Xã thêm tên gọi riêng cho mục từ trang Câu hỏi chưa trả lời.</p>`
          : html`<p>Không tìm thấy mục này trong các tệp tri thức.</p>`;
  const err = o.error ? html`<div class="error" role="alert">${o.error}</div>` : '';
  return page(
    `${KIND[e.kind]}: ${e.title}`,
    html`${err}<p><code>${e.id}</code></p>${where}${view}${fields}<p><a href="${PATH}">← Danh sách</a></p>`,
    {
      viewer: v,
      path: PATH,
      ...(o.notice ? { notice: o.notice } : {}),
    },
  );
}

/**
 * `GET /admin/tri-thuc`, `GET /admin/tri-thuc/muc/:id`, `POST /admin/tri-thuc/muc/:id` (admins).
 *
 * @example
 * ```ts
 * registerKnowledge(fastify, authEnv, app); // GET /admin/tri-thuc, GET /admin/tri-thuc/muc/khai-sinh …
 * ```
 */
export function registerKnowledge(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  type One = { Params: { id: string } };
  f.get<{ Querystring: ListQuery }>(PATH, { preHandler: requireRole(env, 'staff') }, async (req, reply) =>
    send(reply, 200, listPage(app, req)),
  );
  const missing = (req: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      404,
      page('Không có mục này', html`<p><a href="${PATH}">← Danh sách</a></p>`, { viewer: req.viewer!, path: PATH }),
    );
  f.get<One>(`${PATH}/muc/:id`, { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    const e = app.knowledge.kb.byId.get(req.params.id);
    return e ? send(reply, 200, entryPage(app, req, e)) : missing(req, reply);
  });
  f.post<One & { Body: { field?: unknown; value?: unknown; old?: unknown } }>(
    `${PATH}/muc/:id`,
    { preHandler: requireRole(env, 'admin') },
    async (req, reply) => {
      const id = req.params.id;
      const field = typeof req.body.field === 'string' ? req.body.field : '';
      const value = typeof req.body.value === 'string' ? req.body.value : '';
      const r = await editEntryField(app.knowledge, {
        id,
        field,
        value,
        ...(typeof req.body.old === 'string' ? { expected: req.body.old } : {}),
      });
      audit(
        env,
        req,
        'trithuc sua',
        r.ok ? 'ok' : 'failed',
        `${id}.${field}${r.ok ? (r.changed ? '' : ' unchanged') : ` ${r.reason}`}`,
      );
      const e = app.knowledge.kb.byId.get(id);
      if (!e) return missing(req, reply);
      if (r.ok) {
        const notice = r.changed
          ? `Đã lưu trường ${field} (${r.file}:${r.line}).${r.kept ? ' Đã thêm vào keep: lần nhập sau không ghi đè.' : ''} Trợ lý đã nạp lại tri thức.`
          : 'Không có gì thay đổi.';
        return send(reply, 200, entryPage(app, req, e, { notice }));
      }
      const error = html`<p>Chưa lưu: ${r.reason === 'invalid' ? 'giá trị mới làm cơ sở tri thức không hợp lệ. Tệp không bị thay đổi.' : r.message}</p>${
        r.problems ? html`<pre>${r.message}</pre>` : ''
      }`;
      return send(reply, r.reason === 'stale' ? 409 : 400, entryPage(app, req, e, { error, field, value }));
    },
  );
}
