/**
 * Zalo OA webhook signature: `X-ZEvent-Signature: mac=<hex>` where
 * hex = sha256(app_id + rawBody + timestamp + OA secret key), plain SHA-256
 * (not HMAC) over the raw body exactly as received; `app_id` and `timestamp`
 * are the string fields of the JSON body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Computes the expected mac (lowercase hex) for a raw body. */
export function computeOaMac(rawBody: string, appId: string, timestamp: string, oaSecret: string): string {
  return createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecret}`, 'utf8').digest('hex');
}

/**
 * Signs a raw body the way Zalo does, reading `app_id` and `timestamp` from
 * it; returns the header value (`mac=<hex>`). Used by fakes, tests and benches.
 */
export function signOaBody(rawBody: string, oaSecret: string): string {
  const body = JSON.parse(rawBody) as { app_id?: unknown; timestamp?: unknown };
  return `mac=${computeOaMac(rawBody, String(body.app_id ?? ''), String(body.timestamp ?? ''), oaSecret)}`;
}

/**
 * Checks a signature header against a raw body, in constant time.
 * Accepts an optional `mac=` prefix and uppercase hex. `body` is the already
 * parsed JSON (to read `app_id` and `timestamp`).
 */
export function verifyOaSignature(
  rawBody: string,
  body: unknown,
  header: string | undefined,
  oaSecret: string,
): boolean {
  if (!header || typeof body !== 'object' || body === null) return false;
  const b = body as { app_id?: unknown; timestamp?: unknown };
  const appId = typeof b.app_id === 'string' || typeof b.app_id === 'number' ? String(b.app_id) : '';
  const ts = typeof b.timestamp === 'string' || typeof b.timestamp === 'number' ? String(b.timestamp) : '';
  const expected = Buffer.from(computeOaMac(rawBody, appId, ts, oaSecret), 'utf8');
  const got = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase(), 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
