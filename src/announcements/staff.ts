/**
 * Staff commands (`/thongbao ...`): compose with preview, choose audience and
 * time, list, edit, cancel, resend and follow progress. Residents get a short
 * refusal that says nothing about what the command does.
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import type { Reply } from '../core/types.js';
import { continueDraft, DRAFT_KEY, startDraft, audienceLabel, scheduleLabel, type Draft } from './compose.js';
import { announcementReply } from './render.js';
import { finalReply, progressReply } from './report.js';
import type { Announcements } from './service.js';
import { foldForPhrase as fold } from '../text/fold.js';
import { parseLocalDateTime, formatLocal } from './time.js';

/** The reply residents get for a staff command. */
export const STAFF_ONLY: Reply = { kind: 'refusal', title: 'Lệnh này chỉ dành cho cán bộ xã.', sections: [] };

const HELP: Reply = {
  kind: 'help',
  title: 'Thông báo cho người dân',
  sections: [
    {
      items: [
        '/thongbao moi: soạn thông báo mới (xem trước, chọn người nhận, chọn giờ gửi)',
        '/thongbao ds: danh sách thông báo đang chờ gửi',
        '/thongbao xem <số>: xem lại một thông báo',
        '/thongbao sua <số>: sửa nội dung',
        '/thongbao doigio <số> <giờ ngày>: đổi giờ gửi',
        '/thongbao huy <số>: hủy',
        '/thongbao tiendo <số>: tiến độ gửi',
        '/thongbao guilai <số>: gửi lại ngay',
      ],
    },
  ],
  buttons: [
    { label: 'Soạn mới', payload: '/thongbao moi' },
    { label: 'Danh sách', payload: '/thongbao ds' },
  ],
};

function info(title: string, text?: string): Reply {
  return { kind: 'info', title, sections: text ? [{ text }] : [] };
}

function show(ctx: TurnContext, ann: Announcements, id: number): void {
  const a = ann.store.get(id);
  if (!a) return ctx.reply(info(`Không có thông báo #${id}.`));
  ctx.reply(announcementReply(a.title, a.body));
  const status = { scheduled: 'đang chờ gửi', done: 'đã gửi xong', cancelled: 'đã hủy' }[a.status];
  ctx.reply({
    kind: 'info',
    title: `Thông báo #${a.id} (${status})`,
    sections: [
      {
        items: [
          `Người nhận: ${audienceLabel(ctx, a.audience)}`,
          scheduleLabel(a.schedule, ann.tz),
          ...(a.nextRunAt !== null ? [`Lần gửi tới: ${formatLocal(a.nextRunAt, ann.tz)}`] : []),
          `Số lần đã chạy: ${ann.outbox.jobsOf(a.id).length}`,
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

/** The staff command middleware. */
export function staffMiddleware(ann: Announcements): Middleware {
  return async (ctx, next) => {
    const m = /^\/thongbao(?:@\w+)?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i.exec(ctx.text);
    const draft = ctx.session.get<Draft>(DRAFT_KEY);
    const staff = ctx.role === 'staff' || ctx.role === 'admin';
    if (!m) {
      if (!draft || !staff || ctx.text.startsWith('/')) return next();
      if (draft.step === 'text') return continueDraft(ctx, ann, draft, { kind: 'text', raw: ctx.message.text });
      if (draft.step === 'audience' || draft.step === 'groups')
        return continueDraft(ctx, ann, draft, {
          kind: 'choose',
          value: fold(ctx.text) === 'tat ca' ? 'all' : ctx.text,
        });
      if (draft.step === 'when' || draft.step === 'at' || draft.step === 'cron')
        return continueDraft(ctx, ann, draft, { kind: 'when', value: ctx.text });
      return continueDraft(ctx, ann, draft, { kind: 'text', raw: ctx.text });
    }
    if (!staff) {
      ctx.log.info('staff command refused');
      return ctx.reply(STAFF_ONLY);
    }
    const sub = fold(m[1] ?? '');
    const rest = (m[2] ?? '').trim();
    const id = Number.parseInt(rest, 10);
    const needId = () => {
      if (Number.isInteger(id) && id > 0) return true;
      ctx.reply(info('Thiếu số thông báo.', `Ví dụ: /thongbao ${sub} 12`));
      return false;
    };
    switch (sub) {
      case '':
      case 'help':
        return ctx.reply(HELP);
      case 'moi':
        return startDraft(ctx);
      case 'thoat':
        ctx.session.set(DRAFT_KEY, undefined);
        return ctx.reply(info('Đã bỏ bản nháp.'));
      case 'chon':
      case 'luc':
      case 'xacnhan':
        if (!draft) return ctx.reply(info('Chưa có bản nháp.', 'Gõ /thongbao moi để soạn thông báo.'));
        return continueDraft(
          ctx,
          ann,
          draft,
          sub === 'chon'
            ? { kind: 'choose', value: rest }
            : sub === 'luc'
              ? { kind: 'when', value: rest }
              : { kind: 'confirm' },
        );
      case 'ds': {
        const list = ann.store.list();
        if (list.length === 0) return ctx.reply(info('Không có thông báo nào đang chờ gửi.'));
        return ctx.reply({
          kind: 'list',
          title: 'Thông báo đang chờ gửi',
          sections: [
            {
              items: list.map(
                (a) =>
                  `#${a.id} ${a.title ?? a.body.slice(0, 40)}: ${a.nextRunAt !== null ? formatLocal(a.nextRunAt, ann.tz) : ''}${a.schedule.kind === 'cron' ? ' (định kỳ)' : ''}`,
              ),
            },
          ],
        });
      }
      case 'xem':
        return needId() ? show(ctx, ann, id) : undefined;
      case 'sua':
        if (!needId()) return;
        if (ann.store.get(id)?.status !== 'scheduled')
          return ctx.reply(info(`Thông báo #${id} không còn chờ gửi nên không sửa được.`));
        return startDraft(ctx, id);
      case 'doigio': {
        if (!needId()) return;
        const r = parseLocalDateTime(rest.replace(/^\d+\s*/, ''), ann.tz, ann.clock.now());
        if (!r.ok) return ctx.reply(info('Thời gian chưa đúng.', r.error));
        const ok = ann.store.update(id, { schedule: { kind: 'at', at: r.at } });
        return ctx.reply(
          info(
            ok
              ? `Đã đổi giờ gửi thông báo #${id} sang ${formatLocal(r.at, ann.tz)}.`
              : `Thông báo #${id} không còn chờ gửi.`,
          ),
        );
      }
      case 'huy':
        if (!needId()) return;
        return ctx.reply(info(ann.cancel(id) ? `Đã hủy thông báo #${id}.` : `Thông báo #${id} không còn gì để hủy.`));
      case 'tiendo':
        return needId() ? progress(ctx, ann, id) : undefined;
      case 'guilai':
        if (!needId()) return;
        return ctx.reply(
          info(ann.runNow(id) ? `Đang gửi lại thông báo #${id}.` : `Không gửi lại được thông báo #${id}.`),
        );
      default:
        return ctx.reply(HELP);
    }
  };
}
