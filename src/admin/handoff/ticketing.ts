/**
 * A request nobody can take (outside working hours, no staff reachable,
 * nobody took it in time) becomes a feedback ticket, like one filed with
 * /gopy: the content is what the resident wrote, there is no phone number
 * (the resident is told to use /gopy to add one), and it is forwarded to the
 * staff chat. Staff answer it with /traloi; the answer reaches the resident
 * on their channel.
 */
import type { AdminEnv } from '../commands.js';
import { forwardToStaff } from '../intake.js';
import { createTicket } from '../tickets.js';
import type { TicketReason } from './replies.js';
import { messagesOf, setTicket, type Handoff } from './store.js';

/** Longest ticket content taken from a transcript. */
const MAX_CONTENT = 4000;

/** The ticket text: why it was opened and what the resident wrote. */
export function ticketContent(h: Handoff, reason: TicketReason, texts: string[], waitMinutes: number): string {
  const why: Record<TicketReason, string> = {
    closed: `Yêu cầu gặp cán bộ số ${h.id}, gửi ngoài giờ làm việc.`,
    unreachable: `Yêu cầu gặp cán bộ số ${h.id}: không liên hệ được cán bộ nào.`,
    expired: `Yêu cầu gặp cán bộ số ${h.id}: chưa có cán bộ nhận trong ${waitMinutes} phút.`,
  };
  const said = texts.length > 0 ? `Người dân nhắn:\n${texts.join('\n')}` : 'Người dân chưa nhắn nội dung cụ thể.';
  return `${why[reason]}\n${said}`.slice(0, MAX_CONTENT);
}

/**
 * Opens the ticket of a handoff, links it and forwards it to staff. Returns
 * the ticket number, or undefined when the handoff's ids were already purged.
 */
export async function ticketFromHandoff(
  env: AdminEnv,
  h: Handoff,
  reason: TicketReason,
  waitMinutes: number,
): Promise<number | undefined> {
  if (!h.userId || !h.chatId) return undefined;
  const db = env.app.db;
  const texts = messagesOf(db, h.id)
    .filter((m) => m.from === 'resident')
    .map((m) => m.text);
  const ticketId = createTicket(db, {
    channel: h.channel,
    userHash: h.userHash,
    userId: h.userId,
    chatId: h.chatId,
    ...(h.userName ? { name: h.userName } : {}),
    content: ticketContent(h, reason, texts, waitMinutes),
    now: env.now(),
  });
  setTicket(db, h.id, ticketId);
  env.app.logger.info(
    { channel: h.channel, user: h.userHash, handoff: h.id, ticket: ticketId, reason },
    'handoff turned into a ticket',
  );
  const delivered = await forwardToStaff(env, ticketId);
  if (delivered === 0)
    env.app.logger.warn({ ticket: ticketId }, 'feedback ticket not forwarded: no staff chat reachable');
  return ticketId;
}
