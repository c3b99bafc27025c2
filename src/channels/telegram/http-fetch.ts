/**
 * The `fetch` grammY uses for Bot API calls: a small client over node:http(s)
 * with keep-alive agents, instead of grammY's default node-fetch.
 *
 * grammY only ever POSTs a JSON string (or, for uploads, a multipart stream)
 * and reads the answer with `res.json()`. node-fetch wraps every call in
 * Headers, Body and PassThrough streams and an abort-signal polyfill; at a
 * few hundred sends a second that bookkeeping and its garbage were the
 * largest cost of a webhook reply after the answer itself. This client does
 * the same request with the same agent, honours grammY's abort signal (its
 * timeout), and reads the body into one string.
 */
import { type Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { agents } from '../shared/http.js';

/** The part of fetch's `init` grammY passes. */
export interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array> | Readable | null;
  signal?: AbortSignal | null;
  agent?: HttpAgent | HttpsAgent;
}

/** The part of a fetch Response grammY reads. */
export interface BotApiResponse {
  readonly status: number;
  readonly ok: boolean;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

function answer(res: IncomingMessage, text: string): BotApiResponse {
  const status = res.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  };
}

function sendBody(req: ReturnType<typeof httpRequest>, body: BotApiRequestInit['body'], fail: (e: unknown) => void) {
  if (body === undefined || body === null) req.end();
  else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
  else pipeline(body instanceof Readable ? body : Readable.from(body), req).catch(fail);
}

/** A fetch for grammY's `client.fetch` option (`new Bot(token, { client: { fetch: botApiFetch } })`). */
export function botApiFetch(url: string, init: BotApiRequestInit = {}): Promise<BotApiResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers = { ...init.headers };
  if (typeof init.body === 'string') headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: init.method ?? 'GET',
        headers,
        agent: init.agent ?? agents[secure ? 'https:' : 'http:'],
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve(answer(res, Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    sendBody(req, init.body, reject);
  });
}
