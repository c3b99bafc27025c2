/**
 * One announcement in the console: what residents receive, who and when,
 * each run with its live progress (the page refreshes itself every 5 seconds
 * while a run is being sent) or its final report, and the actions the chat
 * commands have: edit while it waits (`/thongbao sua`, `doigio`), cancel,
 * including the unsent part of a running broadcast (`huy`), and send again
 * (`guilai`), and approval (announce-review.ts: "Duyệt", "Trả lại"; an edit
 * sends it back for approval). Announcements declared in the knowledge base are edited in
 * their YAML file, as a reload would overwrite a change made here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { audienceLabel } from '../../announcements/compose.js';
import { OPEN_STATUSES, type Announcement } from '../../announcements/model.js';
import type { Job } from '../../announcements/outbox.js';
import { announcementReply } from '../../announcements/render.js';
import { finalReply, finishedCount, progressReply } from '../../announcements/report.js';
import type { Announcements } from '../../announcements/service.js';
import { audit, requireRole, type AuthEnv } from '../auth.js';
import { html, page, when, type Html } from '../layout.js';
import { channelPreviews, replyHtml } from '../reply-html.js';
import {
  checkValues,
  composeForm,
  draftKey,
  readValues,
  valuesOf,
  whenText,
  type ComposeValues,
} from './announce-form.js';
import { reviewAction, reviewBox, viewerReviewer } from './announce-review.js';
import { draftPreview, engineOr, listStatus, PATH, runningChannels, runningIds, send } from './announcements.js';

const STATUS_TEXT = {
  pending_approval: 'chờ duyệt',
  returned: 'được trả lại để sửa',
  scheduled: 'đang chờ gửi',
  running: 'đang gửi',
  done: 'đã gửi xong',
  cancelled: 'đã hủy',
} as const;
const JOB_STATUS = { running: 'đang gửi', done: 'đã gửi xong', missed: 'lỡ lịch', cancelled: 'đã hủy' } as const;

/** The state of one run: a progress bar while sending, the final report after. */
function jobBlock(ann: Announcements, a: Announcement, j: Job): Html {
  const s = ann.outbox.stats(j.id);
  const title = a.title ?? 'Thông báo của UBND xã';
  const pct = s.total === 0 ? 100 : Math.floor((100 * finishedCount(s)) / s.total);
  const failed = Object.values(s.failed).reduce((x, y) => x + y, 0);
  const report =
    j.status === 'running'
      ? progressReply(j.id, title, s, j.pausedUntil, ann.clock.now(), ann.tz)
      : j.status === 'missed'
        ? undefined
        : finalReply(j.id, title, s, j.status === 'cancelled');
  return html`<section class="box job"><h3>Lần gửi ${when(j.runAt, ann.tz)}: ${JOB_STATUS[j.status]}</h3>
<p><progress max="${s.total}" value="${finishedCount(s)}" aria-label="Tiến độ gửi">${pct}%</progress> ${pct}%</p>
<ul class="cards small"><li><strong>${s.sent}</strong> đã gửi</li><li><strong>${failed}</strong> lỗi</li><li><strong>${s.pending}</strong> còn lại</li><li><strong>${s.total}</strong> tổng</li></ul>
${report ? replyHtml(report) : html`<p>Lịch gửi này đã bị lỡ vì trợ lý không chạy vào lúc đó. Thông báo chưa được gửi; bạn có thể bấm "Gửi lại ngay".</p>`}</section>`;
}

function actionForm(id: number, csrf: string, action: string, label: string, cls = ''): Html {
  return html`<form method="post" action="${PATH}/${id}/${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit"${cls ? html` class="${cls}"` : ''}>${label}</button></form>`;
}

type EditState = { v?: ComposeValues; preview?: { html: Html; key: string }; errors?: string[] };

function detailBody(
  app: AppContext,
  ann: Announcements,
  a: Announcement,
  req: FastifyRequest,
  edit: EditState,
): { body: Html; live: boolean } {
  const csrf = req.viewer!.csrf;
  const jobs = ann.outbox.jobsOf(a.id);
  const status = listStatus(a, runningIds(ann));
  const live = jobs.some((j) => j.status === 'running');
  const facts = html`<ul><li>Trạng thái: <strong>${STATUS_TEXT[status]}</strong></li><li>Người nhận: ${audienceLabel({ knowledge: app.knowledge }, a.audience)}</li><li>${whenText(a, ann.tz)}</li>${
    a.nextRunAt !== null && a.status === 'scheduled' ? html`<li>Lần gửi tới: ${when(a.nextRunAt, ann.tz)}</li>` : ''
  }<li>Tạo lúc ${when(a.createdAt, ann.tz)}${a.promotional ? ' · tin quảng bá' : ''}</li>${a.key ? html`<li>Khai báo trong tri thức (mã <code>${a.key}</code>): sửa trong tệp knowledge/announcements.yaml.</li>` : ''}</ul>`;
  const open = OPEN_STATUSES.includes(a.status);
  const canCancel = open || live;
  const actions = html`<p class="actions">${canCancel ? actionForm(a.id, csrf, 'huy', live ? 'Hủy phần chưa gửi' : 'Hủy thông báo', 'danger') : ''} ${
    (a.status === 'scheduled' || a.status === 'done') && !live
      ? actionForm(a.id, csrf, 'guilai', jobs.length > 0 ? 'Gửi lại ngay' : 'Gửi ngay bây giờ')
      : ''
  }</p>`;
  const editable = open && !a.key;
  const errors = edit.errors?.length
    ? html`<ul class="error" role="alert">${edit.errors.map((e) => html`<li>${e}</li>`)}</ul>`
    : '';
  const editForm = editable
    ? html`<h2>Sửa thông báo</h2>${errors}${edit.preview?.html ?? ''}${composeForm({
        action: `${PATH}/${a.id}/sua`,
        csrf,
        v: edit.v ?? valuesOf(a, ann.tz),
        ann,
        kb: app.knowledge.kb,
        edit: true,
        ...(edit.preview ? { confirm: { label: 'Lưu thay đổi', key: edit.preview.key } } : {}),
      })}`
    : '';
  const runs =
    jobs.length > 0
      ? html`<h2>Các lần gửi</h2>${jobs.map((j) => jobBlock(ann, a, j))}`
      : html`<p>Chưa gửi lần nào.</p>`;
  const preview = html`<h2>Nội dung người dân nhận</h2>${channelPreviews(announcementReply(a.title, a.body), runningChannels(app))}`;
  return {
    body: html`${facts}${reviewBox(ann, a, req)}${actions}${runs}${preview}${editForm}<p><a href="${PATH}">← Danh sách thông báo</a></p>`,
    live,
  };
}

type Params = { Params: { id: string } };
type Show = (
  req: FastifyRequest,
  ann: Announcements,
  a: Announcement,
  o?: EditState & { notice?: string; error?: string },
) => string;

/** What the actions without a form do (the chat's `/thongbao huy` and `guilai`). */
const SIMPLE: Record<
  'huy' | 'guilai',
  { run(ann: Announcements, id: number): boolean; ok(id: number): string; failed(id: number): string }
> = {
  huy: {
    run: (ann, id) => ann.cancel(id),
    ok: (id) => `Đã hủy thông báo #${id}.`,
    failed: (id) => `Thông báo #${id} không còn gì để hủy.`,
  },
  guilai: {
    run: (ann, id) => ann.runNow(id),
    ok: (id) => `Đang gửi lại thông báo #${id}.`,
    failed: (id) => `Không gửi lại được thông báo #${id}.`,
  },
};

/** `POST …/:id/sua`: preview the changes, then save the previewed ones (only while it waits, not a declared one). */
async function editAction(
  app: AppContext,
  env: AuthEnv,
  show: Show,
  req: FastifyRequest<Params & { Body: Record<string, unknown> }>,
  ann: Announcements,
  a: Announcement,
): Promise<[number, string]> {
  if (!OPEN_STATUSES.includes(a.status) || a.key) {
    audit(env, req, 'thongbao sua', 'failed', `#${a.id} not editable`);
    return [
      409,
      show(req, ann, a, {
        error: a.key
          ? 'Thông báo này khai báo trong tri thức: bạn sửa trong tệp knowledge/announcements.yaml.'
          : `Thông báo #${a.id} không còn chờ gửi nên không sửa được.`,
      }),
    ];
  }
  const v = readValues(req.body);
  const r = checkValues(v, ann, app.knowledge.kb);
  if (!r.ok) {
    if (req.body.step === 'confirm') audit(env, req, 'thongbao sua', 'failed', `#${a.id} bad input`);
    return [400, show(req, ann, a, { v, errors: r.errors })];
  }
  const key = draftKey(r.draft);
  if (req.body.step !== 'confirm' || req.body.previewed !== key) {
    const notice =
      req.body.step === 'confirm'
        ? 'Nội dung đã thay đổi sau lần xem trước. Bạn xem lại bản dưới đây rồi bấm "Lưu thay đổi".'
        : undefined;
    return [
      200,
      show(req, ann, a, {
        v,
        preview: { html: await draftPreview(app, ann, r.draft), key },
        ...(notice ? { notice } : {}),
      }),
    ];
  }
  const d = r.draft;
  const patch = {
    title: d.title,
    body: d.body,
    audience: d.audience,
    schedule: d.schedule,
    promotional: d.promotional,
  };
  const ok = ann.edit(a.id, patch, viewerReviewer(req).key);
  const now = ann.store.get(a.id)!;
  const waiting = now.status === 'pending_approval';
  if (ok && !waiting && d.schedule.kind === 'now') ann.runNow(a.id);
  audit(env, req, 'thongbao sua', ok ? 'ok' : 'failed', `#${a.id}${waiting ? ' pending_approval' : ''}`);
  return [
    ok ? 200 : 409,
    show(
      req,
      ann,
      now,
      ok
        ? {
            notice: `Đã sửa thông báo #${a.id}.${waiting ? ' Thông báo cần được duyệt lại trước khi gửi (chờ duyệt).' : ''}`,
          }
        : { error: `Thông báo #${a.id} không còn chờ gửi nên không sửa được.` },
    ),
  ];
}

/** The detail page of one announcement, with a notice or an error above it. */
function showFor(app: AppContext): Show {
  return (req, ann, a, o = {}) => {
    const { body, live } = detailBody(app, ann, a, req, o);
    const title = `Thông báo #${a.id}: ${a.title ?? 'Thông báo của UBND xã'}`;
    return page(title, body, {
      viewer: req.viewer!,
      path: PATH,
      ...(live ? { refresh: 5 } : {}),
      ...(o.notice ? { notice: o.notice } : {}),
      ...(o.error ? { error: o.error } : {}),
    });
  };
}

type Action<R extends Params> = (
  req: FastifyRequest<R>,
  ann: Announcements,
  a: Announcement,
) => Promise<[number, string]> | [number, string];

/** A route handler that runs `then` with the engine and the announcement of the URL, or answers 503 / 404. */
function withAnnouncement<R extends Params>(app: AppContext, then: Action<R>) {
  return async (req: FastifyRequest<R>, reply: FastifyReply) => {
    const ann = engineOr(app, req, reply);
    if (!ann) return reply;
    const id = Number((req.params as { id: string }).id);
    const a = Number.isInteger(id) && id > 0 ? ann.store.get(id) : undefined;
    if (!a) {
      const back = html`<p><a href="${PATH}">← Danh sách thông báo</a></p>`;
      return send(reply, 404, page('Không có thông báo này', back, { viewer: req.viewer!, path: PATH }));
    }
    const [status, body] = await then(req, ann, a);
    return send(reply, status, body);
  };
}

/** `GET /admin/thong-bao/:id` and its actions `sua`, `huy`, `guilai` (POST). */
export function registerAnnouncement(f: FastifyInstance, env: AuthEnv, app: AppContext): void {
  const staff = { preHandler: requireRole(env, 'staff') };
  const show = showFor(app);
  f.get<Params & { Querystring: { moi?: string } }>(
    `${PATH}/:id`,
    staff,
    withAnnouncement(app, (req, ann, a) => {
      const created = `Đã tạo thông báo #${a.id}.${
        a.status === 'pending_approval' ? ' Chờ duyệt.' : a.schedule.kind === 'now' ? ' Đang bắt đầu gửi.' : ''
      }`;
      return [200, show(req, ann, a, req.query.moi ? { notice: created } : {})];
    }),
  );
  f.post<Params & { Body: Record<string, unknown> }>(
    `${PATH}/:id/sua`,
    staff,
    withAnnouncement(app, (req, ann, a) => editAction(app, env, show, req, ann, a)),
  );
  for (const kind of ['duyet', 'tralai'] as const) {
    f.post<Params>(
      `${PATH}/:id/${kind}`,
      staff,
      withAnnouncement(app, (req, ann, a) => {
        const r = reviewAction(env, req, ann, a, kind);
        return [r.ok ? 200 : 409, show(req, ann, ann.store.get(a.id)!, r.ok ? { notice: r.text } : { error: r.text })];
      }),
    );
  }
  for (const [name, act] of Object.entries(SIMPLE)) {
    f.post<Params>(
      `${PATH}/:id/${name}`,
      staff,
      withAnnouncement(app, (req, ann, a) => {
        const ok = act.run(ann, a.id);
        audit(env, req, `thongbao ${name}`, ok ? 'ok' : 'failed', `#${a.id}`);
        const o = ok ? { notice: act.ok(a.id) } : { error: act.failed(a.id) };
        return [ok ? 200 : 409, show(req, ann, ann.store.get(a.id)!, o)];
      }),
    );
  }
}
