/**
 * A small JSON-over-HTTP helper for the Zalo APIs (global fetch), with a
 * timeout, returning errors as values. It never logs: callers decide what is
 * safe to log (no tokens, no message text).
 */
import { networkCause } from './health.js';

/** Outcome of one HTTP call. `body` is the parsed JSON, or undefined when it was not JSON. */
export type HttpOutcome =
  | { ok: true; status: number; body: unknown; text: string }
  | { ok: false; kind: 'network' | 'timeout'; description: string };

/** Options of {@link requestJson}. */
export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** JSON-serialised when an object; sent as is when a string or URLSearchParams. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Performs a request and reads the response as JSON when possible. */
export async function requestJson(url: string, opts: RequestOptions = {}): Promise<HttpOutcome> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body instanceof URLSearchParams) {
    body = opts.body.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (typeof opts.body === 'string') {
    body = opts.body;
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { ok: true, status: res.status, body: parsed, text };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError') return { ok: false, kind: 'timeout', description: 'request timed out' };
    // the URL carries the bot token on the Bot API: report only the error class
    return { ok: false, kind: 'network', description: e.name === 'AbortError' ? 'aborted' : `network error: ${networkCause(e)}` };
  }
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
