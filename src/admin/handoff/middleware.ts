/**
 * The handoff in the assistant chain, in front of every other middleware:
 *
 * - a staff member in conversation: a plain message in their private chat
 *   goes to the resident (unless another flow, such as an announcement
 *   draft, waits for it), `/ketthuc` ends;
 * - a resident with a waiting or active handoff: a typed message is stored
 *   and, once a staff member took it, relayed; the bot gives no answer to it
 *   (a waiting resident is reminded once). `/ketthuc` ends it (`/huy`
 *   stays the announcements' unsubscribe).
 *   Commands and buttons still reach the bot;
 * - a request for a person (`/gapcanbo`, its button (both registered commands), or a typed request the
 *   built-in answering routes to the commune's people) starts a handoff;
 * - `/nhan`, `/hangdoi` for staff, `/danhgiacanbo` for the resident's 👍/👎
 *   (registered commands, see {@link handoffCommands}).
 */
import type { Middleware, TurnContext } from '../../core/assistant.js';
import type { Command } from '../../core/commands/types.js';
import { parseCommand } from '../../text/command.js';
import type { HandoffDesk } from './desk.js';
import * as R from './replies.js';
import type { Handoff } from './store.js';
import { inOtherFlow, queueCommand, staffEndCommand, staffRelay, takeCommand } from './staff-side.js';

const REQUEST = 'gapcanbo';

/** Whether a message is typed conversation (not a command, not a button). */
function typed(ctx: TurnContext): boolean {
  return !ctx.message.fromButton && !ctx.text.trim().startsWith('/');
}

/** Whether an open handoff is past its wait or idle time (the sweep has not run yet). */
function overdue(desk: HandoffDesk, h: Handoff, now: number): boolean {
  const s = desk.settings;
  return h.state === 'waiting'
    ? now - h.requestedAt >= s.waitMinutes * 60_000
    : now - h.lastActivityAt >= s.idleMinutes * 60_000;
}

/** Starts a handoff for the resident (or says why not) and replies. */
async function start(ctx: TurnContext, desk: HandoffDesk, text: string | undefined): Promise<void> {
  const m = ctx.message;
  const r = await desk.requestHandoff(
    { channel: m.channel, chatId: m.chatId, userId: m.userId, ...(m.userName ? { name: m.userName } : {}) },
    text ? { text } : {},
  );
  const s = desk.settings;
  if (r.kind === 'queued') ctx.reply(R.queuedReply(r.handoff, s.waitMinutes));
  else if (r.kind === 'open')
    ctx.reply(r.handoff.state === 'waiting' ? R.stillWaitingReply(r.handoff) : R.alreadyTalkingReply(r.handoff));
  else if (r.ticketId !== undefined)
    ctx.reply(R.ticketedReply(r.reason, r.ticketId, { hoursLabel: s.hours.label, waitMinutes: s.waitMinutes }));
}

/** A resident's message while their handoff is open. */
async function residentTurn(ctx: TurnContext, desk: HandoffDesk, h: Handoff, next: () => Promise<void>): Promise<void> {
  const cmd = parseCommand(ctx.text);
  if (cmd?.name === 'ketthuc') {
    const r = await desk.endHandoff(h.id, 'resident');
    if (r.ok)
      ctx.reply(r.wasWaiting ? R.cancelledReply() : R.endedReply(r.handoff, 'resident', desk.settings.idleMinutes));
    return;
  }
  if (cmd?.name === REQUEST) {
    ctx.reply(h.state === 'waiting' ? R.stillWaitingReply(h) : R.alreadyTalkingReply(h));
    return;
  }
  if (!typed(ctx)) return next();
  const r = await desk.residentMessage(h.id, ctx.text);
  if (r.state === 'waiting' && r.firstReminder) ctx.reply(R.stillWaitingReply(h));
  if (r.state === 'active' && r.delivered === false) ctx.reply(R.relayFailedReply());
  ctx.log.info({ handoff: h.id, state: h.state }, 'handoff message from resident');
}

/**
 * The handoff's commands, registered with the core's registry (they need no
 * open handoff; in an open one the middleware answers `/ketthuc` and
 * `/gapcanbo` first). The desk and the staff side audit them.
 */
export function handoffCommands(desk: HandoffDesk, now: () => number): Command[] {
  return [
    {
      name: REQUEST,
      role: 'resident',
      help: 'gặp cán bộ xã (trò chuyện trực tiếp)',
      menu: 'Gặp cán bộ xã (trò chuyện trực tiếp)',
      audit: 'self',
      async run(ctx) {
        if (ctx.message.isGroup) ctx.reply(R.privateOnlyReply());
        else await start(ctx, desk, undefined);
      },
    },
    {
      name: 'nhan',
      role: 'staff',
      usage: '<số>',
      help: 'nhận trò chuyện với người dân; mọi tin bạn gửi trong tin nhắn riêng với trợ lý sẽ chuyển đến người dân',
      audit: 'self',
      run: (ctx, args) => takeCommand(ctx, desk, args, now()),
    },
    {
      name: 'hangdoi',
      role: 'staff',
      help: 'người dân đang chờ gặp cán bộ và các cuộc trò chuyện đang diễn ra',
      audit: 'self',
      run: (ctx) => queueCommand(ctx, desk, now()),
    },
    {
      name: 'ketthuc',
      role: 'resident',
      usage: '[số]',
      help: 'kết thúc cuộc trò chuyện của bạn (hoặc đóng một yêu cầu đang chờ)',
      // Residents end their conversation with it; staff also close a waiting request by number.
      listIn: ['help', 'lenh'],
      audit: 'self',
      async run(ctx, args) {
        if (ctx.role === 'resident') ctx.reply(R.nothingOpenReply());
        else await staffEndCommand(ctx, desk, undefined, args, now());
      },
    },
    {
      name: 'danhgiacanbo',
      role: 'resident',
      usage: '<số> <1|0>',
      help: 'đánh giá cuộc trò chuyện với cán bộ (👍/👎)',
      listIn: [],
      audit: 'self',
      run(ctx, args) {
        const m = /^(\d{1,9})\s+([01])$/.exec(args);
        ctx.reply(R.ratedReply(m !== null && desk.rate(Number(m[1]), ctx.userHash, m[2] === '1')));
      },
    },
  ];
}

/** Builds the handoff middleware over a desk. */
export function handoffMiddleware(desk: HandoffDesk, now: () => number): Middleware {
  return async (ctx, next) => {
    const m = ctx.message;
    const mine = desk.activeOf(m);
    if (mine && overdue(desk, mine, now())) await desk.sweep();
    const active = mine && desk.activeOf(m);
    if (active) {
      const cmd = parseCommand(ctx.text);
      if (cmd?.name === 'ketthuc') return staffEndCommand(ctx, desk, active, cmd.args, now());
      if (typed(ctx) && !m.isGroup && !inOtherFlow(ctx)) return staffRelay(ctx, desk, active);
    }
    let open = m.isGroup ? undefined : desk.openFor(m.channel, m.chatId);
    if (open && overdue(desk, open, now())) {
      await desk.sweep();
      open = desk.openFor(m.channel, m.chatId);
    }
    if (open) return residentTurn(ctx, desk, open, next);
    await next();
    // A typed request for a person, routed by the built-in answering: start a handoff instead of the numbers.
    if (ctx.route?.kind === 'person' && !m.isGroup && ctx.replies.length > 0) {
      const personReply = ctx.replies.pop()!;
      const before = ctx.replies.length;
      await start(ctx, desk, ctx.text);
      if (ctx.replies.length === before) ctx.reply(personReply);
    }
  };
}
