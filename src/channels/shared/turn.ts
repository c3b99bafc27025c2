/**
 * One conversational turn on a plain-text Zalo channel: a typed number picks
 * an offered choice, the assistant answers, and every reply is sent back.
 * Log lines carry the channel and the hashed user id, never the text.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import { renderPlainText, splitText } from '../../core/render-text.js';
import type { IncomingMessage, Reply, SendResult } from '../../core/types.js';
import type { Db } from '../../storage/db.js';
import { rememberChoices, resolveChoice } from './choices.js';

/** What a turn needs. */
export interface TurnDeps {
  assistant: Assistant;
  db: Db;
  log: Logger;
}

/** Answers one message and sends the replies with `send`; returns the send results. */
export async function runTurn(
  deps: TurnDeps,
  msg: IncomingMessage,
  send: (reply: Reply) => Promise<SendResult>,
): Promise<SendResult[]> {
  let message = msg;
  if (!msg.fromButton) {
    const payload = resolveChoice(deps.db, msg.channel, msg.chatId, msg.text);
    if (payload !== undefined) message = { ...msg, text: payload, fromButton: true };
  }
  const replies = await deps.assistant.handle(message);
  const results: SendResult[] = [];
  const user = deps.assistant.hashUser(msg.channel, msg.userId);
  for (const reply of replies) {
    const r = await send(reply);
    results.push(r);
    if (r.ok && reply.buttons) rememberChoices(deps.db, msg.channel, msg.chatId, reply.buttons);
    if (!r.ok) {
      deps.log.warn({ channel: msg.channel, user, kind: r.kind }, 'reply not delivered');
      break;
    }
  }
  return results;
}

/** Renders a reply as plain text and splits it at a platform's length limit. */
export function renderChunks(reply: Reply, limit: number, opts: { buttons?: boolean } = {}): string[] {
  return splitText(renderPlainText(reply, opts), limit).filter((c) => c.trim().length > 0);
}

/** Sends chunks one after another; stops at the first failure and returns it. */
export async function sendChunks(chunks: readonly string[], sendOne: (text: string, index: number) => Promise<SendResult>): Promise<SendResult> {
  let last: SendResult = { ok: false, kind: 'invalid', description: 'empty message' };
  for (let i = 0; i < chunks.length; i++) {
    last = await sendOne(chunks[i]!, i);
    if (!last.ok) return last;
  }
  return last;
}

/** The answer to a photo, sticker or other non-text message in a private chat. */
export function nonTextReply(): Reply {
  return {
    kind: 'error',
    sections: [{ text: 'Xin lỗi, hiện trợ lý chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi, ví dụ: "làm giấy khai sinh cho con".' }],
  };
}
