/**
 * Zalo Bot Platform client: `POST {base}/bot{TOKEN}/{method}` with a JSON
 * body, answers `{ok, result?, error_code?, description?}`. Errors are values
 * mapped to send error kinds. The URL carries the token, so it is never logged.
 */
import type { SendErrorKind } from '../../core/types.js';
import { requestJson } from '../shared/http.js';

/** Result of one Bot API call. */
export type BotCallResult =
  | { ok: true; result: unknown }
  | { ok: false; kind: SendErrorKind; description: string; errorCode?: number; retryAfterMs?: number };

/** Maps a Bot API error code (or HTTP status) to a send error kind. */
export function classifyBotError(code: number): SendErrorKind {
  if (code === 401 || code === 403) return 'auth';
  if (code === 429) return 'rate_limited';
  if (code === 400) return 'invalid';
  if (code === 404) return 'unreachable';
  return 'network';
}

/** Options of {@link ZaloBotApi}. */
export interface ZaloBotApiOptions {
  apiBase: string;
  token: string;
  timeoutMs?: number;
}

/** A thin Bot API client. */
export class ZaloBotApi {
  constructor(private readonly opts: ZaloBotApiOptions) {}

  /** Calls a method; `timeoutMs` overrides the default (long polling needs more). */
  async call(
    method: string,
    body: Record<string, unknown> = {},
    o: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<BotCallResult> {
    const res = await requestJson(`${this.opts.apiBase.replace(/\/$/, '')}/bot${this.opts.token}/${method}`, {
      method: 'POST',
      body,
      timeoutMs: o.timeoutMs ?? this.opts.timeoutMs ?? 15_000,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (!res.ok) return { ok: false, kind: 'network', description: res.description };
    const b = res.body as { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown } | undefined;
    if (!b || typeof b !== 'object' || typeof b.ok !== 'boolean') {
      return {
        ok: false,
        kind: res.status >= 500 ? 'network' : classifyBotError(res.status),
        description: `non-JSON response (HTTP ${res.status})`,
        errorCode: res.status,
      };
    }
    if (b.ok) return { ok: true, result: b.result };
    const code = typeof b.error_code === 'number' ? b.error_code : res.status;
    const kind = classifyBotError(code);
    return {
      ok: false,
      kind,
      description: `${code}: ${typeof b.description === 'string' ? b.description : 'error'}`,
      errorCode: code,
      ...(kind === 'rate_limited' ? { retryAfterMs: 30_000 } : {}),
    };
  }
}
