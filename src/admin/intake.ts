/**
 * Feedback intake (phản ánh, kiến nghị): `/gopy` (or `/phananh`, `/kiennghi`),
 * or a message such as "phản ánh: …" / "tôi muốn kiến nghị …", starts a short
 * conversation: the content, then an optional phone number, then a ticket
 * number. The ticket is stored and forwarded to the staff chat.
 *
 * Questions *about* feedback ("phản ánh kiến nghị ở đâu?") are not captured:
 * they go on to the knowledge base (article `phan-anh-kien-nghi`).
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import { type AdminEnv, staffChatOrAdmins } from './commands.js';
import { sendToAll } from '../core/deliver.js';
import { cipherOf } from '../storage/cipher.js';
import { createTicket, getTicket } from './tickets.js';
import { foldForCommand as fold, parseCommand } from '../text/index.js';

/** Session key of this flow (other parts check it to leave the conversation to it). */
export const INTAKE_SESSION_KEY = 'feedback';
const START_COMMANDS = new Set(['gopy', 'phananh', 'kiennghi']);
const CANCEL = /^\/?(huy|thoi|dung|cancel)$/;
const SKIP = /^\/?(bo qua|boqua|khong|ko|k|khong co|skip)$/;
const MIN_CONTENT = 10;
const HOW =
  /^(thi\b|(thi )?(lam sao|lam the nao|the nao|nhu the nao|o dau|qua dau|bang cach nao|duoc khong|duoc ko|can gi)\b)/;

interface IntakeState {
  step: 'content' | 'phone';
  content?: string;
  tries?: number;
}

/**
 * Whether a message starts an intake, and the content it already carries.
 * `undefined` when it is not an intake start.
 */
export function intakeStart(text: string): { content: string } | undefined {
  const cmd = parseCommand(text);
  if (cmd) return START_COMMANDS.has(cmd.name) ? { content: cmd.args } : undefined;
  const t = text.trim();
  const f = fold(t);
  const colon = /^(phan anh|kien nghi|gop y)\s*:/.exec(f);
  if (colon) return { content: t.slice(t.indexOf(':') + 1).trim() };
  const want =
    /^(?:(?:toi|em|chau|minh|con|tui|anh|chi)\s+)?(?:muon|can|xin|gui)\s+(?:(?:gui|co)\s+)?(?:y kien\s+)?(phan anh|kien nghi|gop y)\b/.exec(
      f,
    );
  if (want) {
    // Folding keeps the character count for Vietnamese text in NFC (one letter → one letter).
    let rest = t
      .slice(want[0].length)
      .replace(/^[\s:,.-]+/, '')
      .trim();
    // "muốn phản ánh thì làm sao / ở đâu?" asks how: the knowledge base answers that.
    if (HOW.test(fold(rest))) return undefined;
    if (/^ve\b/.test(fold(rest))) rest = rest.slice(2).trim();
    return { content: rest };
  }
  return undefined;
}

/** Normalises a Vietnamese phone number, or undefined when it is not one. */
export function parsePhone(text: string): string | undefined {
  const digits = text.replace(/[\s.()-]/g, '');
  if (/^\+?84\d{9}$/.test(digits)) return `0${digits.replace(/^\+?84/, '')}`;
  if (/^0\d{9}$/.test(digits)) return digits;
  return undefined;
}

function ask(text: string, buttons?: Reply['buttons']): Reply {
  return { kind: 'info', sections: [{ text }], ...(buttons ? { buttons } : {}) };
}

const ASK_CONTENT =
  'Mời bạn gửi nội dung phản ánh, kiến nghị trong một tin nhắn (việc gì, ở đâu, từ khi nào). Gõ /huy để thôi.';
const ASK_PHONE = ask(
  'Bạn có muốn để lại số điện thoại để cán bộ liên hệ khi cần không? Gõ số điện thoại, hoặc bấm "Bỏ qua".',
  [{ label: 'Bỏ qua', payload: 'bỏ qua' }],
);

/** Forwards a new ticket to the staff chat (or, if none is set, to the admins). */
export async function forwardToStaff(env: AdminEnv, ticketId: number): Promise<number> {
  const t = getTicket(env.app.db, ticketId);
  if (!t) return 0;
  const details = [`Kênh: ${t.channel}`];
  if (t.name) details.push(`Người gửi: ${t.name}`);
  details.push(`Điện thoại: ${t.phone ?? 'không để lại'}`);
  const reply: Reply = {
    kind: 'info',
    title: `Phản ánh mới số ${t.id}`,
    sections: [{ text: t.content ?? '' }, { items: details }, { text: `Trả lời: /traloi ${t.id} <nội dung trả lời>` }],
    buttons: [{ label: 'Nhận xử lý', payload: `/xuly ${t.id}` }],
  };
  return sendToAll(env.app, staffChatOrAdmins(env), reply);
}

async function finish(ctx: TurnContext, env: AdminEnv, content: string, phone: string | undefined): Promise<void> {
  ctx.session.set(INTAKE_SESSION_KEY, undefined);
  const id = createTicket(ctx.db, {
    channel: ctx.message.channel,
    userHash: ctx.userHash,
    userId: ctx.message.userId,
    chatId: ctx.message.chatId,
    ...(ctx.message.userName ? { name: ctx.message.userName } : {}),
    ...(phone ? { phone } : {}),
    content,
    now: env.now(),
  });
  ctx.log.info({ ticket: id, withPhone: phone !== undefined }, 'feedback ticket created');
  ctx.reply({
    kind: 'info',
    title: `Đã nhận phản ánh số ${id}`,
    sections: [
      {
        text: `Cảm ơn bạn. Phản ánh đã được chuyển tới cán bộ xã. Khi có trả lời, trợ lý sẽ nhắn lại tại đây. Số phản ánh của bạn là ${id}.`,
      },
    ],
  });
  const delivered = await forwardToStaff(env, id);
  if (delivered === 0) ctx.log.warn({ ticket: id }, 'feedback ticket not forwarded: no staff chat reachable');
}

/**
 * After the content: asks for a phone number, or files the ticket at once
 * when no encryption key is set (contact details are never stored in clear).
 */
function afterContent(ctx: TurnContext, env: AdminEnv, content: string): Promise<void> | void {
  if (!cipherOf(ctx.db).hasKey) return finish(ctx, env, content, undefined);
  ctx.session.set(INTAKE_SESSION_KEY, { step: 'phone', content } satisfies IntakeState);
  ctx.reply(ASK_PHONE);
}

/** Starts an intake with the content the first message already carries. */
function begin(ctx: TurnContext, env: AdminEnv, content: string): Promise<void> | void {
  if (ctx.message.isGroup) {
    ctx.reply(ask('Để giữ kín thông tin, vui lòng nhắn riêng cho trợ lý rồi gõ /gopy để gửi phản ánh, kiến nghị.'));
    return;
  }
  if (content.replace(/\s/g, '').length >= MIN_CONTENT) return afterContent(ctx, env, content);
  ctx.session.set(INTAKE_SESSION_KEY, { step: 'content' } satisfies IntakeState);
  ctx.reply(ask(ASK_CONTENT));
}

/** `/gopy` (`/phananh`, `/kiennghi`) `[nội dung]`: starts the intake. */
export const intakeCommand = (env: AdminEnv): Command => ({
  name: 'gopy',
  aliases: ['phananh', 'kiennghi'],
  role: 'resident',
  usage: '[nội dung]',
  help: 'gửi phản ánh, kiến nghị tới cán bộ xã',
  menu: 'Gửi phản ánh, kiến nghị',
  run: (ctx, args) => begin(ctx, env, args),
});

/** A message of a started intake: the content, then the phone number (or "bỏ qua"). */
async function continueIntake(ctx: TurnContext, env: AdminEnv, state: IntakeState, next: () => Promise<void>) {
  const f = fold(ctx.text);
  if (CANCEL.test(f)) {
    ctx.session.set(INTAKE_SESSION_KEY, undefined);
    ctx.reply(ask('Đã hủy gửi phản ánh. Bạn có thể gõ /gopy bất cứ lúc nào.'));
    return;
  }
  if (ctx.text.startsWith('/') && !SKIP.test(f)) {
    ctx.session.set(INTAKE_SESSION_KEY, undefined); // another command: leave the intake
    return next();
  }
  if (state.step === 'content') {
    if (ctx.text.replace(/\s/g, '').length < MIN_CONTENT) {
      ctx.reply(ask('Nội dung hơi ngắn, bạn vui lòng viết rõ hơn (việc gì, ở đâu). Gõ /huy để thôi.'));
      return;
    }
    return afterContent(ctx, env, ctx.text);
  }
  const content = state.content ?? '';
  if (SKIP.test(f)) return finish(ctx, env, content, undefined);
  const phone = parsePhone(ctx.text);
  if (phone) return finish(ctx, env, content, phone);
  if ((state.tries ?? 0) >= 1) return finish(ctx, env, content, undefined);
  ctx.session.set(INTAKE_SESSION_KEY, { ...state, tries: (state.tries ?? 0) + 1 } satisfies IntakeState);
  ctx.reply(ask('Số điện thoại chưa đúng (ví dụ 0912 345 678). Gõ lại số, hoặc bấm "Bỏ qua".', ASK_PHONE.buttons));
}

/** The intake middleware: typed starts ("phản ánh: …") and the messages of a started intake; `/gopy` is a registered command. */
export function intakeMiddleware(env: AdminEnv): Middleware {
  return async (ctx, next) => {
    const state = ctx.session.get<IntakeState>(INTAKE_SESSION_KEY);
    if (state) return continueIntake(ctx, env, state, next);
    const start = parseCommand(ctx.text) ? undefined : intakeStart(ctx.text);
    if (!start) return next();
    return begin(ctx, env, start.content);
  };
}
