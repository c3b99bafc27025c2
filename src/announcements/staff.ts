/**
 * Staff commands (`/thongbao ...`): compose with preview, choose audience and
 * time, list, edit, cancel, resend and follow progress. `/thongbao` is a
 * registered command (residents get the registry's one refusal, audited);
 * the messages of a draft go through {@link draftMiddleware}.
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import { helpLine } from '../core/commands/registry.js';
import type { Command, CommandResult, Subcommand } from '../core/commands/types.js';
import { OPEN_STATUSES, type AnnouncementStatus } from './model.js';
import type { Reply } from '../core/types.js';
import {
  continueDraft,
  DRAFT_KEY,
  startDraft,
  audienceLabel,
  scheduleLabel,
  waitingText,
  actorKey,
  type Draft,
  type DraftInput,
} from './compose.js';
import { announcementReply } from './render.js';
import { finalReply, progressReply } from './report.js';
import type { Announcements } from './service.js';
import { foldForPhrase as fold } from '../text/fold.js';
import { parseLocalDateTime, formatLocal } from './time.js';
import { splitSubcommand } from '../text/command.js';

/** The subcommands of `/thongbao`, in the order its help lists them. */
export const THONGBAO_SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'moi', help: 'soạn thông báo mới (xem trước, chọn người nhận, chọn giờ gửi)' },
  { name: 'ds', help: 'danh sách thông báo đang chờ gửi' },
  { name: 'xem', usage: '<số>', help: 'xem lại một thông báo' },
  { name: 'sua', usage: '<số>', help: 'sửa nội dung' },
  { name: 'doigio', usage: '<số> <giờ ngày>', help: 'đổi giờ gửi' },
  { name: 'huy', usage: '<số>', help: 'hủy' },
  { name: 'tiendo', usage: '<số>', help: 'tiến độ gửi' },
  { name: 'guilai', usage: '<số>', help: 'gửi lại ngay' },
];

const HELP: Reply = {
  kind: 'help',
  title: 'Thông báo cho người dân',
  sections: [
    { items: THONGBAO_SUBCOMMANDS.map((c) => helpLine(c, 'thongbao ')) },
    { text: 'Thông báo chờ duyệt: /duyet (người duyệt duyệt hoặc trả lại).' },
  ],
  buttons: [
    { label: 'Soạn mới', payload: '/thongbao moi' },
    { label: 'Danh sách', payload: '/thongbao ds' },
    { label: 'Chờ duyệt', payload: '/duyet' },
  ],
};

function info(title: string, text?: string): Reply {
  return { kind: 'info', title, sections: text ? [{ text }] : [] };
}

/** How each status reads in chat. */
export const STATUS_TEXT: Record<AnnouncementStatus, string> = {
  pending_approval: 'chờ duyệt',
  returned: 'được trả lại để sửa',
  scheduled: 'đang chờ gửi',
  done: 'đã gửi xong',
  cancelled: 'đã hủy',
};

function show(ctx: TurnContext, ann: Announcements, id: number): void {
  const a = ann.store.get(id);
  if (!a) return ctx.reply(info(`Không có thông báo #${id}.`));
  ctx.reply(announcementReply(a.title, a.body));
  const status = STATUS_TEXT[a.status];
  ctx.reply({
    kind: 'info',
    title: `Thông báo #${a.id} (${status})`,
    sections: [
      {
        items: [
          `Người nhận: ${audienceLabel(ctx, a.audience)}`,
          scheduleLabel(a.schedule, ann.tz, ann.clock.now()),
          ...(a.nextRunAt !== null ? [`Lần gửi tới: ${formatLocal(a.nextRunAt, ann.tz)}`] : []),
          `Số lần đã chạy: ${ann.outbox.jobsOf(a.id).length}`,
          ...(a.status === 'returned' ? [`Góp ý của người duyệt: ${a.review.comment ?? ''}`] : []),
          ...(a.status === 'pending_approval' ? [waitingText(ann, a.id)] : []),
        ],
      },
    ],
  });
}

function progress(ctx: TurnContext, ann: Announcements, id: number): void {
  const a = ann.store.get(id);
  const job = a ? ann.outbox.jobsOf(id)[0] : undefined;
  if (!a || !job) return ctx.reply(info(`Thông báo #${id} chưa được gửi lần nào.`));
  const s = ann.outbox.stats(job.id);
  const title = a.title ?? 'Thông báo của UBND xã';
  ctx.reply(
    job.status === 'running'
      ? progressReply(job.id, title, s, job.pausedUntil, ann.clock.now(), ann.tz)
      : finalReply(job.id, title, s, job.status === 'cancelled'),
  );
}

/** The list of announcements waiting to be sent. */
function list(ctx: TurnContext, ann: Announcements): void {
  const all = ann.store.list();
  if (all.length === 0) {
    ctx.reply(info('Không có thông báo nào đang chờ gửi hay chờ duyệt.'));
    return;
  }
  ctx.reply({
    kind: 'list',
    title: 'Thông báo đang chờ gửi',
    sections: [
      {
        items: all.map(
          (a) =>
            `#${a.id} ${a.title ?? a.body.slice(0, 40)}: ${a.nextRunAt !== null ? formatLocal(a.nextRunAt, ann.tz) : ''}${a.schedule.kind === 'cron' ? ' (định kỳ)' : ''}${a.status === 'scheduled' ? '' : ` (${STATUS_TEXT[a.status]})`}`,
        ),
      },
    ],
  });
}

/** `/thongbao doigio <số> <giờ ngày>`. */
function reschedule(ctx: TurnContext, ann: Announcements, id: number, rest: string): CommandResult {
  const r = parseLocalDateTime(rest.replace(/^\d+\s*/, ''), ann.tz, ann.clock.now());
  if (!r.ok) {
    ctx.reply(info('Thời gian chưa đúng.', r.error));
    return;
  }
  const ok = ann.edit(id, { schedule: { kind: 'at', at: r.at } }, actorKey(ctx));
  const waiting = ok && ann.store.get(id)?.status === 'pending_approval';
  ctx.reply(
    info(
      ok ? `Đã đổi giờ gửi thông báo #${id} sang ${formatLocal(r.at, ann.tz)}.` : `Thông báo #${id} không còn chờ gửi.`,
      waiting ? waitingText(ann, id) : undefined,
    ),
  );
  return { outcome: ok ? 'ok' : 'failed', detail: `doigio #${id}${waiting ? ' pending_approval' : ''}` };
}

/** Subcommands about one announcement (`/thongbao xem 12`), by name. */
const BY_ID: Record<
  string,
  (ctx: TurnContext, ann: Announcements, id: number, rest: string) => CommandResult | void | Promise<void>
> = {
  xem: (ctx, ann, id) => show(ctx, ann, id),
  sua(ctx, ann, id) {
    const s = ann.store.get(id)?.status;
    if (!s || !OPEN_STATUSES.includes(s))
      return ctx.reply(info(`Thông báo #${id} không còn chờ gửi nên không sửa được.`));
    return startDraft(ctx, id);
  },
  doigio: reschedule,
  huy: (ctx, ann, id) =>
    ctx.reply(info(ann.cancel(id) ? `Đã hủy thông báo #${id}.` : `Thông báo #${id} không còn gì để hủy.`)),
  tiendo: (ctx, ann, id) => progress(ctx, ann, id),
  guilai(ctx, ann, id) {
    const s = ann.store.get(id)?.status;
    if (s === 'pending_approval' || s === 'returned')
      return ctx.reply(info(`Thông báo #${id} chưa được duyệt nên chưa gửi được.`, waitingText(ann, id)));
    ctx.reply(info(ann.runNow(id) ? `Đang gửi lại thông báo #${id}.` : `Không gửi lại được thông báo #${id}.`));
  },
};

/** Draft steps a subcommand answers (`/thongbao chon …`, `luc …`, `xacnhan`, the buttons of the preview). */
function draftStep(ctx: TurnContext, ann: Announcements, sub: string, rest: string): ReturnType<Command['run']> {
  const draft = ctx.session.get<Draft>(DRAFT_KEY);
  if (!draft) return ctx.reply(info('Chưa có bản nháp.', 'Gõ /thongbao moi để soạn thông báo.'));
  const input =
    sub === 'chon'
      ? ({ kind: 'choose', value: rest } as const)
      : sub === 'luc'
        ? ({ kind: 'when', value: rest } as const)
        : ({ kind: 'confirm' } as const);
  return continueDraft(ctx, ann, draft, input);
}

/** `/thongbao <lệnh con> …`. */
function thongbao(ctx: TurnContext, ann: Announcements, args: string): ReturnType<Command['run']> {
  const split = splitSubcommand(args);
  const sub = fold(split.sub);
  const rest = split.rest;
  if (sub === 'moi') return startDraft(ctx);
  if (sub === 'ds') return list(ctx, ann);
  if (sub === 'thoat') {
    ctx.session.set(DRAFT_KEY, undefined);
    return ctx.reply(info('Đã bỏ bản nháp.'));
  }
  if (sub === 'chon' || sub === 'luc' || sub === 'xacnhan') return draftStep(ctx, ann, sub, rest);
  const byId = BY_ID[sub];
  if (!byId) return ctx.reply(HELP);
  const id = Number.parseInt(rest, 10);
  if (!Number.isInteger(id) || id <= 0) return ctx.reply(info('Thiếu số thông báo.', `Ví dụ: /thongbao ${sub} 12`));
  return byId(ctx, ann, id, rest);
}

/** `/thongbao` for the command registry (staff and admins; residents get the one refusal, audited). */
export function announcementCommand(ann: Announcements): Command {
  return {
    name: 'thongbao',
    role: 'staff',
    usage: '[lệnh con]',
    help: 'soạn, lên lịch và theo dõi thông báo gửi người dân (gõ /thongbao để xem các lệnh con)',
    subcommands: THONGBAO_SUBCOMMANDS,
    run: (ctx, args) => thongbao(ctx, ann, args),
  };
}

/** The messages of a staff member writing a draft (text, audience, time); commands pass on. */
export function draftMiddleware(ann: Announcements): Middleware {
  return async (ctx, next) => {
    const draft = ctx.session.get<Draft>(DRAFT_KEY);
    const staff = ctx.role !== 'resident';
    if (!draft || !staff || ctx.text.startsWith('/')) return next();
    const go = async (input: DraftInput) => void (await continueDraft(ctx, ann, draft, input));
    if (draft.step === 'text') return go({ kind: 'text', raw: ctx.message.text });
    if (draft.step === 'audience' || draft.step === 'groups')
      return go({ kind: 'choose', value: fold(ctx.text) === 'tat ca' ? 'all' : ctx.text });
    if (draft.step === 'when' || draft.step === 'at' || draft.step === 'cron')
      return go({ kind: 'when', value: ctx.text });
    return go({ kind: 'text', raw: ctx.text });
  };
}
