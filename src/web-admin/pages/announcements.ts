/**
 * Thông báo (staff): compose with an exact preview per channel and the
 * number of recipients, send now, at a time or on a cron schedule, and the
 * list of announcements. Built on the same engine as `/thongbao` (the
 * announcements part's {@link Announcements}); the flow is the chat's:
 * preview first, then confirm. One announcement's page is in announcement.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { announcementsOf } from '../../announcements/index.js';
import type { Announcement } from '../../announcements/model.js';
import { announcementReply } from '../../announcements/render.js';
import type { Announcements } from '../../announcements/service.js';
import { audienceLabel } from '../../announcements/compose.js';
import type { ChannelName } from '../../core/types.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, when, type Html } from '../layout.js';
import { channelPreviews } from '../reply-html.js';
import {
  audienceSize,
  checkValues,
  composeForm,
  draftKey,
  reachBox,
  readValues,
  sizeTable,
  whenText,
  type ComposeDraft,
  type ComposeValues,
} from './announce-form.js';
import { estimateReach } from '../../announcements/reach.js';

export const PATH = '/admin/thong-bao';

/** Statuses staff filter the list by. */
const STATUS = {
  pending_approval: 'Chờ duyệt',
  returned: 'Trả lại để sửa',
  scheduled: 'Chờ gửi',
  running: 'Đang gửi',
  done: 'Đã gửi xong',
  cancelled: 'Đã hủy',
} as const;
type ListStatus = keyof typeof STATUS;

/** The list status of an announcement: a running job makes it "running". */
export function listStatus(a: Announcement, running: ReadonlySet<number>): ListStatus {
  return running.has(a.id) ? 'running' : a.status;
}

/** Ids of announcements with a job being sent. */
export function runningIds(ann: Announcements): Set<number> {
  return new Set(
    ann.outbox
      .activeJobs()
      .filter((j) => j.status === 'running')
      .map((j) => j.announcementId),
  );
}

/** Sends a console page. */
export function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** The engine, or a page saying it is not installed. */
export function engineOr(app: AppContext, req: FastifyRequest, reply: FastifyReply): Announcements | undefined {
  const ann = announcementsOf(app);
  if (!ann)
    void send(
      reply,
      503,
      page('Thông báo', html`<p>Phần thông báo chưa được bật trên máy chủ này.</p>`, {
        viewer: req.viewer!,
        path: PATH,
      }),
    );
  return ann;
}

/** The channels that can send now. */
export function runningChannels(app: AppContext): ChannelName[] {
  return [...app.channels.keys()];
}

/** Preview of a checked draft: recipients per channel, how Zalo OA delivers, time, and the exact messages. */
export async function draftPreview(app: AppContext, ann: Announcements, d: ComposeDraft): Promise<Html> {
  const reply = announcementReply(d.title, d.body);
  const channels = runningChannels(app);
  const size = audienceSize(ann, d.audience, new Set(channels));
  const label = audienceLabel({ knowledge: app.knowledge }, d.audience);
  return html`<section class="box"><h2>Xem trước: người dân nhận đúng như dưới đây</h2>
<p><strong>Người nhận:</strong> ${label}. <strong>Thời gian:</strong> ${whenText({ schedule: d.schedule, nextRunAt: null }, ann.tz)}.</p>
${sizeTable(size)}${reachBox(await estimateReach(ann, d.audience, d.promotional))}${channelPreviews(reply, channels)}</section>`;
}

function listTable(ann: Announcements, filter: string | undefined): Html {
  const running = runningIds(ann);
  const all = ann.store.list({ all: true, limit: 500 });
  const rows = all.filter((a) => !filter || listStatus(a, running) === filter);
  const tabs = html`<p class="tabs"><a href="${PATH}"${!filter ? html` aria-current="page"` : ''}>Tất cả (${all.length})</a>${(
    Object.keys(STATUS) as ListStatus[]
  ).map(
    (s) =>
      html` · <a href="${PATH}?trangthai=${s}"${filter === s ? html` aria-current="page"` : ''}>${STATUS[s]} (${all.filter((a) => listStatus(a, running) === s).length})</a>`,
  )}</p>`;
  if (rows.length === 0) return html`${tabs}<p>Không có thông báo nào.</p>`;
  return html`${tabs}<table><thead><tr><th scope="col">Số</th><th scope="col">Tiêu đề</th><th scope="col">Trạng thái</th><th scope="col">Thời gian gửi</th><th scope="col">Tạo lúc</th></tr></thead><tbody>${rows.map(
    (a) =>
      html`<tr><td>#${a.id}</td><td><a href="${PATH}/${a.id}">${a.title ?? a.body.slice(0, 60)}</a>${a.key ? html` <span class="tag">khai báo trong tri thức</span>` : ''}</td><td>${
        STATUS[listStatus(a, running)]
      }</td><td>${whenText(a, ann.tz)}</td><td>${when(a.createdAt, ann.tz)}</td></tr>`,
  )}</tbody></table>`;
}

const EMPTY: ComposeValues = {
  title: '',
  body: '',
  audience: 'all',
  groups: [],
  when: 'now',
  at: '',
  cron: '',
  promotional: false,
  notify: true,
};

/**
 * `GET /admin/thong-bao`, `POST /admin/thong-bao` (preview, then confirm).
 *
 * @example
 * ```ts
 * registerAnnouncements(fastify, authEnv, app); // GET and POST /admin/thong-bao
 * ```
 */
export function registerAnnouncements(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  const render = (
    req: FastifyRequest,
    ann: Announcements,
    o: { v?: ComposeValues; preview?: { html: Html; key: string }; errors?: string[]; notice?: string } = {},
  ) => {
    const q = req.query as { trangthai?: string };
    const filter = q.trangthai && q.trangthai in STATUS ? q.trangthai : undefined;
    const form = composeForm({
      action: PATH,
      csrf: req.viewer!.csrf,
      v: o.v ?? EMPTY,
      ann,
      kb: app.knowledge.kb,
      ...(o.preview ? { confirm: { label: 'Xác nhận gửi', key: o.preview.key } } : {}),
    });
    const errors = o.errors?.length
      ? html`<ul class="error" role="alert">${o.errors.map((e) => html`<li>${e}</li>`)}</ul>`
      : '';
    const body = html`<h2>Soạn thông báo</h2>${errors}${o.preview?.html ?? ''}${form}<h2>Danh sách thông báo</h2>${listTable(ann, filter)}`;
    return page('Thông báo', body, { viewer: req.viewer!, path: PATH, ...(o.notice ? { notice: o.notice } : {}) });
  };
  f.get<{ Querystring: { moi?: string } }>(PATH, { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    const ann = engineOr(app, req, reply);
    if (!ann) return reply;
    const created = Number(req.query.moi);
    const notice = Number.isInteger(created) && created > 0 ? `Đã tạo thông báo #${created}.` : undefined;
    return send(reply, 200, render(req, ann, notice ? { notice } : {}));
  });
  f.post<{ Body: Record<string, unknown> }>(PATH, { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    const ann = engineOr(app, req, reply);
    if (!ann) return reply;
    const v = readValues(req.body);
    const r = checkValues(v, ann, app.knowledge.kb);
    if (!r.ok) {
      if (req.body.step === 'confirm') audit(env, req, 'thongbao xacnhan', 'failed', 'bad input');
      return send(reply, 400, render(req, ann, { v, errors: r.errors }));
    }
    const key = draftKey(r.draft);
    if (req.body.step !== 'confirm' || req.body.previewed !== key) {
      const notice =
        req.body.step === 'confirm'
          ? 'Nội dung đã thay đổi sau lần xem trước. Bạn xem lại bản dưới đây rồi bấm "Xác nhận gửi".'
          : undefined;
      return send(
        reply,
        200,
        render(req, ann, {
          v,
          preview: { html: await draftPreview(app, ann, r.draft), key },
          ...(notice ? { notice } : {}),
        }),
      );
    }
    const viewer = req.viewer!;
    const d = r.draft;
    const a = ann.create({
      title: d.title,
      body: d.body,
      audience: d.audience,
      schedule: d.schedule,
      promotional: d.promotional,
      notify: d.notify ? { channel: viewer.channel as ChannelName, chatId: viewer.userId } : null,
      createdBy: `${viewer.channel}:${viewer.userHash}`,
    });
    audit(env, req, 'thongbao xacnhan', 'ok', `#${a.id} ${a.schedule.kind} ${a.audience.kind}`);
    req.log.info({ announcement: a.id, schedule: a.schedule.kind }, 'announcement created in the console');
    return reply.redirect(`${PATH}/${a.id}?moi=1`, 303);
  });
}
