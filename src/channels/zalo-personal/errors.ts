/**
 * zca-js errors (`ZaloApiError`, name "ZcaApiError", numeric `code`) mapped
 * to send results. Code 123 ("cannot receive messages from you") means Zalo
 * throttled this account for that chat: further sends there are stopped.
 */
import type { SendResult } from '../../core/types.js';

/** Classification of a zca-js failure. */
export interface ZcaErrorClass {
  result: Extract<SendResult, { ok: false }>;
  code?: number;
  /** Stop sending to this thread (until restart). */
  blockThread: boolean;
}

/** Maps a thrown zca-js error. */
export function classifyZcaError(err: unknown): ZcaErrorClass {
  const e = err as { name?: string; message?: string; code?: unknown };
  const code = typeof e?.code === 'number' ? e.code : undefined;
  const message = String(e?.message ?? err);
  const description = code !== undefined ? `${code}: ${message}` : message;
  if (code === 123 || /không thể nhận tin nhắn/i.test(message)) {
    return { result: { ok: false, kind: 'blocked', description, retryAfterMs: 15 * 60_000 }, code, blockThread: true };
  }
  if (code === -69 || /retry limit/i.test(message))
    return { result: { ok: false, kind: 'rate_limited', description, retryAfterMs: 60_000 }, code, blockThread: false };
  if (code === 102 || /session|đăng nhập/i.test(message))
    return { result: { ok: false, kind: 'auth', description }, code, blockThread: false };
  if (/^Missing|Exceed|không hợp lệ/i.test(message))
    return { result: { ok: false, kind: 'invalid', description }, code, blockThread: false };
  return { result: { ok: false, kind: 'network', description }, code, blockThread: false };
}
