/**
 * Guards the Telegram middleware against updates whose sender or chat is
 * malformed (`from` missing where Telegram always sends it, `from.id` or
 * `chat.id` not a number): such an update is ignored with one warning line
 * (channel and update id, nothing of the payload) instead of failing deeper
 * with a TypeError stack.
 */
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from 'pino';

const isId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);

/** Whether an update's sender or chat cannot be trusted to have a numeric id. */
export function malformedSender(update: object): boolean {
  for (const [kind, payload] of Object.entries(update)) {
    if (kind === 'update_id' || payload === null || typeof payload !== 'object') continue;
    const p = payload as { from?: unknown; chat?: unknown; message?: unknown };
    if ('from' in p && (p.from === null || typeof p.from !== 'object' || !isId((p.from as { id?: unknown }).id)))
      return true;
    const chat = p.chat as { id?: unknown; type?: unknown } | undefined;
    if ('chat' in p && (chat === null || typeof chat !== 'object' || !isId(chat.id))) return true;
    // A private chat's message always has a sender; a button press always has one.
    if (!('from' in p) && (chat?.type === 'private' || kind === 'callback_query')) return true;
  }
  return false;
}

/** Middleware that drops an update with a malformed sender, logging one warning line. */
export function ignoreMalformed(log: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (malformedSender(ctx.update)) {
      log.warn({ channel: 'telegram', updateId: ctx.update.update_id }, 'malformed update ignored');
      return;
    }
    await next();
  };
}
