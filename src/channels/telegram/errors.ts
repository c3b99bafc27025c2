/**
 * Maps grammY errors to the channel-neutral {@link SendResult}.
 *
 * The Bot API warns that `error_code` may change, so the description is read
 * too. Kinds follow what callers do with them (see the broadcast worker):
 * `blocked` and `unreachable` stop sending to that recipient, `rate_limited`
 * pauses, `network` is retried with backoff, `auth` pauses the channel,
 * `invalid` fails this one message.
 */
import { GrammyError, HttpError } from 'grammy';
import type { SendResult } from '../../core/types.js';

/** Recipient is gone for good: no chat with this id, account deleted, never started the bot. */
const GONE =
  /chat not found|user not found|user is deactivated|PEER_ID_INVALID|can't initiate conversation|bot is not a member|chat was deleted/i;
/** The user or group shut the bot out. */
const BLOCKED = /blocked by the user|bot was kicked|not enough rights to send|CHAT_WRITE_FORBIDDEN/i;

/** Converts an error thrown by a Bot API call into a failed {@link SendResult}. */
export function sendFailure(err: unknown): Extract<SendResult, { ok: false }> {
  if (err instanceof GrammyError) {
    const d = err.description;
    const code = err.error_code;
    if (code === 429) {
      const s = err.parameters.retry_after ?? 1;
      return { ok: false, kind: 'rate_limited', description: d, retryAfterMs: s * 1000 };
    }
    if (code === 401 || code === 404) return { ok: false, kind: 'auth', description: d };
    if (code >= 500) return { ok: false, kind: 'network', description: d };
    if (GONE.test(d)) return { ok: false, kind: 'unreachable', description: d };
    if (code === 403 || BLOCKED.test(d)) return { ok: false, kind: 'blocked', description: d };
    return { ok: false, kind: 'invalid', description: d };
  }
  if (err instanceof HttpError) return { ok: false, kind: 'network', description: err.message };
  return { ok: false, kind: 'network', description: (err as Error)?.message ?? String(err) };
}

/**
 * What may be logged of an error: never the request payload, which carries
 * chat ids and message text.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError)
    return { type: 'GrammyError', method: err.method, code: err.error_code, description: err.description };
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err };
}
