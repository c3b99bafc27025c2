/**
 * `/duyet` in chat: staff see what waits for approval and its exact preview;
 * approvers (and admins) approve it or return it with a comment. Residents
 * get the registry's one refusal; staff who are not approvers are told who
 * can approve; nobody approves an announcement they wrote or last edited.
 * Every step is audited (the registry's audit line carries `#id`).
 *
 * @example
 * ```ts
 * app.assistant.commands.register(approveCommand(ann));
 * app.assistant.use(returnCommentMiddleware(ann)); // the comment typed after pressing "Trả lại"
 * ```
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import { helpLine } from '../core/commands/registry.js';
import type { Command, CommandOutcome, Subcommand } from '../core/commands/types.js';
import { renderPlainText } from '../core/render-text.js';
import type { ChannelName, Reply } from '../core/types.js';
import { splitSubcommand } from '../text/command.js';
import { foldForPhrase as fold } from '../text/fold.js';
import { approversText, canApprove, isAuthor, refusalText, reviewRefusal, type ReviewOutcome } from './approval.js';
import { actorKey, audienceLabel, scheduleLabel } from './compose.js';
import { announcementReply } from './render.js';
import type { Announcements } from './service.js';
import { formatLocal } from './time.js';

/** Session key: the announcement whose return comment the approver is typing. */
export const RETURN_KEY = 'announce.returning';

/** The subcommands of `/duyet`. */
export const DUYET_SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'ds', help: 'danh sách thông báo chờ duyệt (cũng là /duyet)' },
  {
    name: 'xem',
    usage: '<số>',
    help: 'bản xem trước đúng như người dân nhận, rồi duyệt hoặc trả lại (cũng là /duyet <số>)',
  },
  { name: 'ok', usage: '<số>', help: 'duyệt (người duyệt, quản trị viên; không duyệt thông báo của chính mình)' },
  { name: 'tralai', usage: '<số> <góp ý>', help: 'trả lại cho người soạn kèm góp ý' },
];

const CHANNEL_LABELS: Partial<Record<ChannelName, string>> = {
  telegram: 'Telegram',
  'zalo-oa': 'Zalo OA',
  'zalo-bot': 'Zalo Bot',
  'zalo-personal': 'Zalo cá nhân',
  console: 'Console',
  web: 'Trò chuyện trên trang web',
};

function info(title: string, text?: string, buttons?: Reply['buttons']): Reply {
  return { kind: 'info', title, sections: text ? [{ text }] : [], ...(buttons ? { buttons } : {}) };
}

function list(ctx: TurnContext, ann: Announcements): CommandOutcome {
  const pending = ann.store.pending();
  if (pending.length === 0) {
    ctx.reply(info('Không có thông báo nào chờ duyệt.'));
    return { outcome: 'ok', detail: 'list 0' };
  }
  ctx.reply({
    kind: 'list',
    title: 'Thông báo chờ duyệt',
    sections: [
      { items: pending.map((a) => `#${a.id} ${a.title ?? a.body.slice(0, 40)} (${audienceLabel(ctx, a.audience)})`) },
      { text: approversText(ann.approvers()) },
    ],
    buttons: pending.slice(0, 8).map((a) => ({ label: `Xem #${a.id}`, payload: `/duyet ${a.id}` })),
  });
  return { outcome: 'ok', detail: `list ${pending.length}` };
}

/** What residents on each running channel receive: this chat shows its own channel's message itself. */
function channelLines(ctx: TurnContext, ann: Announcements, reply: Reply): string[] {
  const here = ctx.message.channel;
  const plain = renderPlainText(reply).length;
  return [...ann.opts.channels.keys()].map((c) =>
    c === here
      ? `${CHANNEL_LABELS[c] ?? c}: đúng như tin ở trên`
      : `${CHANNEL_LABELS[c] ?? c}: cùng nội dung, dạng chữ (${plain} ký tự)`,
  );
}

/** `/duyet <số>`: the exact message, who receives it and when, and the two buttons. */
function preview(ctx: TurnContext, ann: Announcements, id: number): CommandOutcome {
  const a = ann.store.get(id);
  if (!a) {
    ctx.reply(info(refusalText('missing', id)));
    return { outcome: 'failed', detail: `#${id} missing` };
  }
  const reply = announcementReply(a.title, a.body);
  ctx.reply(reply);
  const waiting = a.status === 'pending_approval';
  const mine = isAuthor(a, actorKey(ctx));
  const may = waiting && canApprove(ctx.role) && !mine;
  ctx.reply({
    kind: 'info',
    title: `Thông báo #${a.id}${waiting ? ' chờ duyệt' : ''}: người dân nhận đúng như tin ở trên`,
    sections: [
      {
        items: [
          `Người nhận: ${audienceLabel(ctx, a.audience)} (${ann.subscriptions.recipients(a.audience).length} nơi nhận hiện tại)`,
          scheduleLabel(a.schedule, ann.tz, ann.clock.now()),
          ...channelLines(ctx, ann, reply),
        ],
      },
      {
        text: !waiting
          ? refusalText('not_pending', id)
          : may
            ? 'Bạn bấm "Duyệt" để gửi theo lịch, hoặc "Trả lại" để góp ý cho người soạn.'
            : mine
              ? refusalText('self', id)
              : `${refusalText('not_approver', id)} ${approversText(ann.approvers())}`,
      },
    ],
    ...(may
      ? {
          buttons: [
            { label: 'Duyệt', payload: `/duyet ok ${a.id}` },
            { label: 'Trả lại', payload: `/duyet tralai ${a.id}` },
          ],
        }
      : {}),
  });
  return { outcome: 'ok', detail: `#${id} preview` };
}

/** Replies to an approval or a return, and the audit outcome. */
function answer(ctx: TurnContext, ann: Announcements, id: number, r: ReviewOutcome, what: string): CommandOutcome {
  if (!r.ok) {
    const who = r.reason === 'not_approver' ? ` ${approversText(ann.approvers())}` : '';
    ctx.reply({ kind: 'error', sections: [{ text: `${refusalText(r.reason, id)}${who}` }] });
    return { outcome: 'failed', detail: `#${id} ${what} ${r.reason}` };
  }
  const a = r.announcement;
  if (a.status === 'returned') {
    ctx.reply(info(`Đã trả lại thông báo #${id} cho người soạn.`, `Góp ý: ${a.review.comment ?? ''}`));
  } else {
    const when =
      a.nextRunAt === null
        ? ''
        : r.late
          ? 'Giờ hẹn đã qua nên thông báo được gửi ngay.'
          : a.schedule.kind === 'now'
            ? 'Đang bắt đầu gửi.'
            : `Lần gửi tới: ${formatLocal(a.nextRunAt, ann.tz)}.`;
    ctx.reply(info(`Đã duyệt thông báo #${id}.`, when));
  }
  return { outcome: 'ok', detail: `#${id} ${what}` };
}

/** `/duyet tralai <số> [góp ý]`: without a comment, the next message is the comment. */
function giveBack(ctx: TurnContext, ann: Announcements, id: number, comment: string): CommandOutcome {
  if (!comment) {
    const refused = reviewRefusal(ann.store.get(id), { key: actorKey(ctx), role: ctx.role });
    if (refused) return answer(ctx, ann, id, { ok: false, reason: refused }, 'return');
    ctx.session.set(RETURN_KEY, id);
    ctx.reply(
      info(`Trả lại thông báo #${id}`, 'Bạn gõ góp ý cho người soạn trong một tin nhắn (gõ một lệnh bất kỳ để bỏ).'),
    );
    return { outcome: 'ok', detail: `#${id} return asked` };
  }
  return answer(ctx, ann, id, ann.returnForChanges(id, { key: actorKey(ctx), role: ctx.role }, comment), 'return');
}

function duyet(ctx: TurnContext, ann: Announcements, args: string): CommandOutcome {
  ctx.session.set(RETURN_KEY, undefined);
  const { sub, rest } = splitSubcommand(args);
  const word = fold(sub);
  if (!word || word === 'ds') return list(ctx, ann);
  if (/^\d+$/.test(word)) return preview(ctx, ann, Number(word));
  const m = /^(\d+)\s*([\s\S]*)$/.exec(rest);
  const id = m ? Number(m[1]) : Number.NaN;
  if (word === 'xem' && id > 0) return preview(ctx, ann, id);
  if ((word === 'ok' || word === 'tralai') && Number.isInteger(id) && id > 0) {
    if (word === 'tralai') return giveBack(ctx, ann, id, m![2]!.trim());
    return answer(ctx, ann, id, ann.approve(id, { key: actorKey(ctx), role: ctx.role }), 'approve');
  }
  ctx.reply({
    kind: 'help',
    title: 'Duyệt thông báo',
    sections: [{ items: DUYET_SUBCOMMANDS.map((c) => helpLine(c, 'duyet ')) }],
  });
  return { outcome: 'failed', detail: 'usage' };
}

/** `/duyet` for the command registry (staff and up; approving itself needs the approver or admin role). */
export function approveCommand(ann: Announcements): Command {
  return {
    name: 'duyet',
    aliases: ['duyệt'],
    role: 'staff',
    usage: '[số | ok <số> | tralai <số> <góp ý>]',
    help: 'xem thông báo chờ duyệt; người duyệt duyệt hoặc trả lại kèm góp ý',
    subcommands: DUYET_SUBCOMMANDS,
    run: (ctx, args) => duyet(ctx, ann, args),
  };
}

/** After "Trả lại": the approver's next message is the comment; a command instead gives up the return. */
export function returnCommentMiddleware(ann: Announcements): Middleware {
  return (ctx, next) => {
    const id = ctx.session.get<number>(RETURN_KEY);
    if (id === undefined) return next();
    if (ctx.text.startsWith('/') || !canApprove(ctx.role)) {
      ctx.session.set(RETURN_KEY, undefined);
      return next();
    }
    ctx.session.set(RETURN_KEY, undefined);
    const r = answer(
      ctx,
      ann,
      id,
      ann.returnForChanges(id, { key: actorKey(ctx), role: ctx.role }, ctx.text),
      'return',
    );
    ctx.assistant.commands.audit(ctx, {
      action: 'duyet tralai',
      outcome: r.outcome,
      ...(r.detail ? { detail: r.detail } : {}),
    });
  };
}
