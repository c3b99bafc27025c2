/**
 * Maps grammY errors to the channel-neutral {@link SendResult}.
 */
import { GrammyError, HttpError } from 'grammy';
import type { SendResult } from '../../core/types.js';

/** Converts an error thrown by a Bot API call into a failed {@link SendResult}. */
export function sendFailure(err: unknown): Extract<SendResult, { ok: false }> {
  if (err instanceof GrammyError) {
    const d = err.description;
    if (err.error_code === 429) {
      const s = err.parameters.retry_after ?? 1;
      return { ok: false, kind: 'rate_limited', description: d, retryAfterMs: s * 1000 };
    }
    if (err.error_code === 403) return { ok: false, kind: 'blocked', description: d };
    if (err.error_code === 401 || err.error_code === 404) return { ok: false, kind: 'auth', description: d };
    if (err.error_code === 400) {
      if (/chat not found|user not found|PEER_ID_INVALID/i.test(d)) return { ok: false, kind: 'blocked', description: d };
      return { ok: false, kind: 'invalid', description: d };
    }
    if (err.error_code >= 500) return { ok: false, kind: 'unreachable', description: d };
    return { ok: false, kind: 'invalid', description: d };
  }
  if (err instanceof HttpError) return { ok: false, kind: 'network', description: err.message };
  return { ok: false, kind: 'network', description: (err as Error)?.message ?? String(err) };
}
