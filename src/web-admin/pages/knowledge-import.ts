/**
 * Tri thức → Nhập danh mục (admins): runs the catalogue importer
 * (`kb:import --portal`, {@link runPortalImport}) on a file or folder under
 * `ADMIN_IMPORT_DIR`, first as a dry run that shows its report and writes
 * nothing, then for real from the report's button. After a real import the
 * knowledge is reloaded; if the reload is rejected, the files the import
 * wrote are put back as they were.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { writeFileAtomic } from '../../knowledge/atomic.js';
import { runPortalImport, type PortalImportReport } from '../../knowledge/catalog/import.js';
import { SKIP_REASONS, type SkipReason } from '../../knowledge/catalog/select.js';
import { formatProblem, listKnowledgeFiles } from '../../knowledge/loader.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, type Html } from '../layout.js';

const PATH = '/admin/tri-thuc/nhap';

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** The import folder's real path, or undefined if it does not exist. */
function importRoot(app: AppContext): string | undefined {
  const dir = resolve(app.config.ADMIN_IMPORT_DIR);
  return existsSync(dir) ? realpathSync(dir) : undefined;
}

/** Resolves what was typed inside the import folder; refuses anything outside it (`..`, absolute paths, links out). */
export function importSource(root: string, typed: string): string | undefined {
  const t = typed.trim();
  if (!t || t.includes('\0')) return undefined;
  const p = resolve(root, t);
  if (!existsSync(p)) return undefined;
  const real = realpathSync(p);
  return real === root || real.startsWith(root + sep) ? real : undefined;
}

/** Files and folders at the top of the import folder, for the form. */
function choices(root: string | undefined): string[] {
  if (!root) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.') && (d.isDirectory() || /\.(json|jsonl)$/i.test(d.name)))
    .map((d) => d.name)
    .sort();
}

function reportHtml(r: PortalImportReport, dryRun: boolean, root: string): Html {
  const counts = new Map<SkipReason, number>();
  for (const s of r.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  const lines = [
    `Đọc ${r.files} tệp, ${r.records} bản ghi.`,
    `Thêm mới ${r.added.length}, cập nhật ${r.updated.length}, không đổi ${r.unchanged.length}, bỏ qua ${r.skipped.length} mã.`,
  ];
  return html`<section class="box"><h2>${dryRun ? 'Báo cáo chạy thử (chưa ghi tệp nào)' : 'Báo cáo nhập'}</h2><ul>${lines.map((l) => html`<li>${l}</li>`)}${[
    ...counts,
  ].map(
    ([reason, n]) => html`<li>Bỏ qua ${n}: ${SKIP_REASONS[reason]}</li>`,
  )}${r.kept.map((k) => html`<li>Giữ bản sửa tay ở ${k.code}: ${k.fields.join(', ')} (ghi trong keep)</li>`)}</ul>
${r.added.length ? html`<details><summary>Mã thêm mới (${r.added.length})</summary><p>${r.added.join(', ')}</p></details>` : ''}
${r.updated.length ? html`<details><summary>Mã cập nhật (${r.updated.length})</summary><ul>${r.updated.map((u) => html`<li>${u.code}: ${u.fields.join(', ')}</li>`)}</ul></details>` : ''}
${r.problems.length ? html`<h3>Bản ghi lỗi (${r.problems.length}, đã bỏ qua)</h3><ul>${r.problems.slice(0, 50).map((p) => html`<li><code>${relative(root, resolve(p.file)) || p.file}</code>: ${p.field}: ${p.message}</li>`)}</ul>` : ''}
${r.knowledgeProblems?.length ? html`<h3>Tri thức sẽ không hợp lệ</h3><pre>${r.knowledgeProblems.slice(0, 50).map(formatProblem).join('\n')}</pre>` : ''}
${r.written.length ? html`<h3>Đã ghi</h3><ul>${r.written.map((w) => html`<li><code>${w}</code></li>`)}</ul>` : ''}
${!r.ok && r.message ? html`<p class="error">${r.message.split('\n')[0]}</p>` : ''}</section>`;
}

function form(
  csrf: string,
  root: string | undefined,
  o: { source?: string; province?: string; confirm?: boolean },
): Html {
  const list = choices(root);
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const main = html`<form method="post" action="${PATH}" class="grid">${hidden}
<label>Tệp hoặc thư mục (trong ${root ?? 'thư mục nhập'}) <input name="source" list="import-sources" value="${o.source ?? ''}" required size="40"></label>
<datalist id="import-sources">${list.map((c) => html`<option value="${c}"></option>`)}</datalist>
<label>Tỉnh (không bắt buộc) <input name="province" value="${o.province ?? ''}" placeholder="Hải Phòng"></label>
<button type="submit" name="step" value="dry">Chạy thử</button></form>`;
  const confirm = o.confirm
    ? html`<form method="post" action="${PATH}" class="inline">${hidden}<input type="hidden" name="source" value="${o.source ?? ''}"><input type="hidden" name="province" value="${o.province ?? ''}"><button type="submit" name="step" value="run" class="primary">Nhập vào tri thức</button></form>`
    : '';
  return html`${main}${confirm}`;
}

/** Texts of the catalogue files before an import (absent: not there), to put them back. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (existsSync(dir)) for (const f of listKnowledgeFiles(dir)) out.set(resolve(f), readFileSync(f, 'utf8'));
  return out;
}

function restore(before: Map<string, string>, written: string[]): void {
  for (const w of written) {
    const abs = resolve(w);
    const old = before.get(abs);
    if (old === undefined) rmSync(abs, { force: true });
    else writeFileAtomic(abs, old);
  }
}

// In a city the catalogue is one folder for every commune: a commune importing it again would clash with it.
const CITY_OWNED = { error: 'Xã không tự nhập danh mục dùng chung.' };
const cityOwnedBody = (app: AppContext) =>
  html`<p>Danh mục thủ tục của Cổng Dịch vụ công dùng chung cho mọi xã của thành phố (thư mục <code>${app.knowledge.shared ?? ''}</code>). Quản trị thành phố nhập bằng <code>npm run kb:import -- --portal</code> trên thư mục đó; xã thêm tên gọi riêng từ trang Câu hỏi chưa trả lời.</p><p><a href="/admin/tri-thuc">← Tri thức</a></p>`;

/** `GET /admin/tri-thuc/nhap`, `POST /admin/tri-thuc/nhap` (step `dry` or `run`). */
export function registerKnowledgeImport(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  const admin = { preHandler: requireRole(env, 'admin') };
  const show = (
    req: FastifyRequest,
    status: number,
    reply: FastifyReply,
    body: Html,
    o: { notice?: string; error?: string } = {},
  ) => send(reply, status, page('Nhập danh mục thủ tục', body, { viewer: req.viewer!, path: '/admin/tri-thuc', ...o }));
  const intro = (root: string | undefined) =>
    html`<p>Đọc dữ liệu gốc của Cổng Dịch vụ công quốc gia (như <code>npm run kb:import -- --portal</code>) và gộp vào <code>knowledge/catalog/</code>. Chạy thử trước để xem báo cáo; chưa ghi gì cho tới khi bạn bấm "Nhập vào tri thức".</p>${
      root
        ? ''
        : html`<p class="error">Chưa có thư mục nhập ${app.config.ADMIN_IMPORT_DIR} (biến ADMIN_IMPORT_DIR) trên máy chủ.</p>`
    }`;
  const cityOwned = (req: FastifyRequest, reply: FastifyReply) => show(req, 409, reply, cityOwnedBody(app), CITY_OWNED);
  f.get(PATH, admin, async (req, reply) => {
    if (app.knowledge.shared) return cityOwned(req, reply);
    const root = importRoot(app);
    return show(
      req,
      200,
      reply,
      html`${intro(root)}${form(req.viewer!.csrf, root, {})}<p><a href="/admin/tri-thuc">← Tri thức</a></p>`,
    );
  });
  f.post<{ Body: { source?: unknown; province?: unknown; step?: unknown } }>(PATH, admin, async (req, reply) => {
    const root = importRoot(app);
    const typed = typeof req.body.source === 'string' ? req.body.source : '';
    const province = typeof req.body.province === 'string' ? req.body.province.trim() : '';
    const dryRun = req.body.step !== 'run';
    const action = dryRun ? 'trithuc nhap thu' : 'trithuc nhap';
    if (app.knowledge.shared) {
      audit(env, req, action, 'refused', 'the catalogue is the city’s');
      return cityOwned(req, reply);
    }
    const source = root ? importSource(root, typed) : undefined;
    const csrf = req.viewer!.csrf;
    if (!root || !source) {
      audit(env, req, action, 'refused', 'path outside the import folder');
      const error = `Không dùng được đường dẫn này: chỉ nhận tệp hoặc thư mục có sẵn trong thư mục nhập ${app.config.ADMIN_IMPORT_DIR}.`;
      return show(req, 400, reply, html`${intro(root)}${form(csrf, root, { source: typed, province })}`, { error });
    }
    const shownSource = relative(root, source) || '.';
    const outDir = join(app.knowledge.dir, 'catalog');
    const before = dryRun ? new Map<string, string>() : snapshot(outDir);
    const r = runPortalImport({ source, knowledgeDir: app.knowledge.dir, ...(province ? { province } : {}), dryRun });
    let error = r.ok ? undefined : 'Nhập không thành công; tri thức không thay đổi.';
    if (r.ok && !dryRun && r.written.length > 0) {
      const reload = await app.knowledge.reload();
      if (!reload.ok) {
        restore(before, r.written);
        r.knowledgeProblems = reload.problems;
        r.written = [];
        error = 'Trợ lý không nạp được tri thức sau khi nhập; các tệp đã được trả lại như cũ.';
      }
    }
    audit(env, req, action, error ? 'failed' : 'ok', `+${r.added.length} ~${r.updated.length} -${r.skipped.length}`);
    const notice = error
      ? undefined
      : dryRun
        ? 'Chạy thử xong: chưa ghi tệp nào.'
        : r.written.length
          ? 'Đã nhập và nạp lại tri thức.'
          : 'Không có gì thay đổi.';
    const body = html`${reportHtml(r, dryRun, root)}${form(csrf, root, { source: shownSource, province, confirm: dryRun && r.ok })}<p><a href="/admin/tri-thuc">← Tri thức</a></p>`;
    return show(req, error ? 400 : 200, reply, body, { ...(notice ? { notice } : {}), ...(error ? { error } : {}) });
  });
}
