/**
 * A small JSON-over-HTTP helper for the Zalo APIs (node:http, keep-alive), with a
 * timeout, returning errors as values. It never logs: callers decide what is
 * safe to log (no tokens, no message text).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/**
 * Connections kept open to one platform host. Without a bound, a burst of
 * replies opens one connection (and, on HTTPS, one TLS handshake) per reply
 * in flight; with it, requests queue briefly and reuse warm connections.
 */
const MAX_SOCKETS_PER_HOST = 64;

/** The keep-alive connection pools of every platform client (Zalo here, the Bot API in telegram/http-fetch.ts). */
export const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
};

/**
 * Performs a request and reads the response as JSON when possible. Uses
 * node:http(s) with keep-alive connections: a reply per message makes this
 * a hot path, and it costs a fraction of what fetch does per call.
 */
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
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  try {
    const { status, text } = await send(
      new URL(url),
      opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      opts,
    );
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { ok: true, status, body: parsed, text };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError') return { ok: false, kind: 'timeout', description: 'request timed out' };
    // the URL carries the bot token on the Bot API: report only the error class
    return {
      ok: false,
      kind: 'network',
      description: e.name === 'AbortError' ? 'aborted' : `network error: ${networkCause(e)}`,
    };
  }
}

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** One HTTP exchange; rejects with a TimeoutError, an AbortError or the socket's error. */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  opts: RequestOptions,
): Promise<{ status: number; text: string }> {
  const lib = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(named('TypeError', 'unsupported protocol'));
  if (opts.signal?.aborted) return Promise.reject(named('AbortError', 'aborted'));
  return new Promise((resolve, reject) => {
    const req = lib(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        finish(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })),
      );
      res.on('error', (err) => finish(() => reject(err)));
    });
    const timer = setTimeout(() => fail(named('TimeoutError', 'timed out')), opts.timeoutMs ?? 15_000);
    const onAbort = () => fail(named('AbortError', 'aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(then: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      then();
    }
    function fail(err: Error): void {
      finish(() => reject(err));
      req.destroy();
    }
    req.on('error', (err) => finish(() => reject(err)));
    req.end(body);
  });
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
