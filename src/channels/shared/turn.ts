/**
 * One conversational turn on a plain-text Zalo channel: a typed number picks
 * an offered choice, the assistant answers, and every reply is sent back.
 * Log lines carry the channel and the hashed user id, never the text.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import { renderPlainText, splitText } from '../../core/render-text.js';
import type { IncomingMessage, PartProgress, Reply, SendResult } from '../../core/types.js';
import type { Db } from '../../storage/db.js';
import { rememberChoices, resolveChoice } from './choices.js';
import type { ReplyOutbox } from './outbox.js';

/** What a turn needs. */
export interface TurnDeps {
  assistant: Assistant;
  db: Db;
  log: Logger;
  /** Records multi-part replies so a restart completes them. */
  outbox?: ReplyOutbox;
}

/**
 * Answers one message and sends the replies with `send`; returns the send results.
 *
 * @example
 * ```ts
 * const msg = { channel: 'zalo-bot' as const, userId: 'u1', chatId: 'u1', text: '2' }; // "2" picks a choice
 * const results = await runTurn({ assistant, db, log, outbox }, msg, (reply, parts) =>
 *   channel.send(msg.chatId, reply, parts ? { parts } : {}),
 * );
 * ```
 */
export async function runTurn(
  deps: TurnDeps,
  msg: IncomingMessage,
  send: (reply: Reply, parts?: PartProgress) => Promise<SendResult>,
): Promise<SendResult[]> {
  let message = msg;
  if (!msg.fromButton) {
    const payload = resolveChoice(deps.db, msg.channel, msg.chatId, msg.text);
    if (payload !== undefined) message = { ...msg, text: payload, fromButton: true };
  }
  const replies = await deps.assistant.handle(message);
  const results: SendResult[] = [];
  const { outbox } = deps;
  const ids = outbox?.open(msg.chatId, replies) ?? [];
  for (const [i, reply] of replies.entries()) {
    const id = ids[i];
    const r = await send(reply, id === undefined ? undefined : outbox!.progress(id));
    if (id !== undefined) outbox!.close(id);
    results.push(r);
    if (r.ok && reply.buttons) rememberChoices(deps.db, msg.channel, msg.chatId, reply.buttons);
    if (!r.ok) {
      deps.log.warn(
        { channel: msg.channel, user: deps.assistant.hashUser(msg.channel, msg.userId), kind: r.kind },
        'reply not delivered',
      );
      for (const rest of ids.slice(i + 1)) outbox!.close(rest);
      break;
    }
  }
  return results;
}

/**
 * Renders a reply as plain text and splits it at a platform's length limit.
 *
 * @example
 * ```ts
 * const chunks = renderChunks(reply, 2000); // Zalo's text limit
 * // postText: the platform call, resolving to a SendResult
 * const r = await sendChunks(chunks, (text) => postText(chatId, text), opts.parts);
 * ```
 */
export function renderChunks(reply: Reply, limit: number, opts: { buttons?: boolean } = {}): string[] {
  return splitText(renderPlainText(reply, opts), limit).filter((c) => c.trim().length > 0);
}

/**
 * Sends chunks one after another, from `parts.skip` on when resuming; stops
 * at the first failure and returns it. Each delivered chunk is reported to `parts`.
 */
export async function sendChunks(
  chunks: readonly string[],
  sendOne: (text: string, index: number) => Promise<SendResult>,
  parts?: PartProgress,
): Promise<SendResult> {
  const from = parts?.skip ?? 0;
  let last: SendResult =
    from > 0 && from >= chunks.length ? { ok: true } : { ok: false, kind: 'invalid', description: 'empty message' };
  for (let i = from; i < chunks.length; i++) {
    last = await sendOne(chunks[i]!, i);
    if (!last.ok) return last;
    parts?.sent(i);
  }
  return last;
}

/** The answer to a photo, sticker or other non-text message in a private chat. */
export function nonTextReply(): Reply {
  return {
    kind: 'error',
    sections: [
      {
        text: 'Xin lỗi, hiện trợ lý chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi, ví dụ: "làm giấy khai sinh cho con".',
      },
    ],
  };
}
