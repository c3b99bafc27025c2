/**
 * The OA Open API client: JSON calls with the `access_token` header, one
 * refresh and one retry on an expired token (-216/-220 or HTTP 401), and
 * every failure mapped to a {@link SendResult}.
 */
import type { SendResult } from '../../core/types.js';
import { requestJson } from '../shared/http.js';
import { classifyOaError, EXPIRED_TOKEN_CODES } from './errors.js';
import type { OaTokenStore } from './token-store.js';

/** Options of {@link OaApi}. */
export interface OaApiOptions {
  apiBase: string;
  tokens: OaTokenStore;
  timeoutMs?: number;
  now?: () => number;
}

/** Result of one API call: the `data` object on success. */
export type OaCallResult = { ok: true; data: Record<string, unknown> } | Extract<SendResult, { ok: false }>;

/** Calls the OA Open API. */
export class OaApi {
  constructor(private readonly opts: OaApiOptions) {}

  /** POSTs a JSON body to a path such as `/v3.0/oa/message/cs`. */
  async post(path: string, body: unknown): Promise<OaCallResult> {
    const token = await this.opts.tokens.accessToken();
    if (!token.ok) return { ok: false, kind: 'auth', description: token.description };
    const first = await this.once(path, body, token.accessToken);
    if (first.ok || !first.expired) return strip(first);
    const again = await this.opts.tokens.refresh(token.accessToken);
    if (!again.ok) return { ok: false, kind: 'auth', description: again.description };
    const second = await this.once(path, body, again.accessToken);
    return strip(second);
  }

  /**
   * Reads the OA's message quota (`POST /v2.0/oa/quota/message`). The reply's
   * shape is not documented precisely: `data` may be one quota object or a
   * list of them (`quota_type`, `remain`, `total`); remains and totals are summed.
   */
  async quota(): Promise<{ ok: true; remain: number; total: number | null } | Extract<SendResult, { ok: false }>> {
    const r = await this.post('/v2.0/oa/quota/message', {});
    if (!r.ok) return r;
    const d = r.data as Record<string, unknown>;
    const raw = Array.isArray(d) ? d : Array.isArray(d.quotas) ? d.quotas : [d];
    let remain: number | null = null;
    let total: number | null = null;
    for (const q of raw as Record<string, unknown>[]) {
      const rem = Number(q?.remain);
      const tot = Number(q?.total);
      if (Number.isFinite(rem)) remain = (remain ?? 0) + rem;
      if (Number.isFinite(tot)) total = (total ?? 0) + tot;
    }
    if (remain === null) return { ok: false, kind: 'invalid', description: 'quota reply without remain' };
    return { ok: true, remain, total };
  }

  private async once(path: string, body: unknown, accessToken: string): Promise<OaCallResult & { expired?: boolean }> {
    const res = await requestJson(`${this.opts.apiBase.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { access_token: accessToken },
      body,
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    if (!res.ok) return { ok: false, kind: 'network', description: res.description };
    if (res.status === 401) return { ok: false, kind: 'auth', description: 'HTTP 401', expired: true };
    if (res.status === 429) return { ok: false, kind: 'rate_limited', description: 'HTTP 429', retryAfterMs: 60_000 };
    if (res.status >= 500) return { ok: false, kind: 'network', description: `HTTP ${res.status}` };
    const b = res.body as { error?: unknown; message?: unknown; data?: unknown } | undefined;
    if (!b || typeof b !== 'object')
      return { ok: false, kind: 'network', description: `non-JSON response (HTTP ${res.status})` };
    const code = typeof b.error === 'number' ? b.error : Number(b.error ?? 0);
    if (code === 0 && res.status < 400) {
      return { ok: true, data: b.data && typeof b.data === 'object' ? (b.data as Record<string, unknown>) : {} };
    }
    const description = `${code}: ${typeof b.message === 'string' ? b.message : 'error'}`;
    const c = classifyOaError(code, (this.opts.now ?? Date.now)());
    return {
      ok: false,
      kind: c.kind,
      description,
      ...(c.retryAfterMs ? { retryAfterMs: c.retryAfterMs } : {}),
      expired: EXPIRED_TOKEN_CODES.has(code),
    };
  }
}

function strip(r: OaCallResult & { expired?: boolean }): OaCallResult {
  if (r.ok) return r;
  const { expired: _expired, ...rest } = r;
  return rest;
}
