/**
 * OA access and refresh tokens, kept in the database and refreshed under an
 * in-process lock (single flight): concurrent callers share one refresh, and
 * a caller whose token was already replaced just re-reads it. The refresh
 * token works once, so the new pair is saved atomically before anyone uses it,
 * and of several processes sharing the database only the one holding the
 * refresh lease (a row update) calls Zalo; the others wait for its new pair.
 * Tokens never reach a log line.
 */
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import { requestJson } from '../shared/http.js';

/** The stored token pair. `expiresAt` is epoch ms, undefined when unknown. */
export interface OaTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

/** Why a token could not be obtained. */
export type TokenResult = { ok: true; accessToken: string } | { ok: false; description: string };

/** Options of {@link OaTokenStore}. */
export interface OaTokenStoreOptions {
  db: Db;
  log: Logger;
  appId: string;
  appSecret?: string;
  oauthBase: string;
  /** Tokens from `.env`, used only when the database has none yet. */
  initial?: { accessToken?: string; refreshToken?: string };
  /** Refresh this long before expiry (default 5 minutes). */
  marginMs?: number;
  now?: () => number;
  timeoutMs?: number;
  /** How often a process waiting for another's refresh looks at the stored pair (default 200 ms). */
  pollMs?: number;
}

/** Token storage and refresh for one OA. */
export class OaTokenStore {
  private inflight?: Promise<TokenResult>;
  private readonly now: () => number;

  constructor(private readonly opts: OaTokenStoreOptions) {
    this.now = opts.now ?? Date.now;
    const init = opts.initial;
    if (init?.accessToken && !this.read())
      this.save({ accessToken: init.accessToken, refreshToken: init.refreshToken });
    else if (!init?.accessToken && init?.refreshToken && !this.read())
      this.save({ accessToken: '', refreshToken: init.refreshToken, expiresAt: 0 });
  }

  /** Reads the stored pair. */
  read(): OaTokens | undefined {
    const row = this.opts.db
      .prepare('SELECT access_token, refresh_token, expires_at FROM zalo_oa_tokens WHERE id = 1')
      .get() as { access_token: string; refresh_token: string | null; expires_at: number | null } | undefined;
    if (!row) return undefined;
    return {
      accessToken: row.access_token,
      refreshToken: row.refresh_token ?? undefined,
      expiresAt: row.expires_at ?? undefined,
    };
  }

  /** Saves a pair atomically (one row, one statement). */
  save(t: OaTokens): void {
    this.opts.db
      .prepare(
        `INSERT INTO zalo_oa_tokens (id, access_token, refresh_token, expires_at, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at, refresh_lease_until = NULL`,
      )
      .run(t.accessToken, t.refreshToken ?? null, t.expiresAt ?? null, this.now());
  }

  /** A usable access token: refreshes first when it expires within the margin. */
  async accessToken(): Promise<TokenResult> {
    const t = this.read();
    if (!t) return { ok: false, description: 'no OA access token configured' };
    const margin = this.opts.marginMs ?? 5 * 60_000;
    if (t.accessToken && (t.expiresAt === undefined || t.expiresAt - margin > this.now()))
      return { ok: true, accessToken: t.accessToken };
    return this.refresh(t.accessToken);
  }

  /**
   * Refreshes after `staleToken` was rejected or ran out. Only one refresh runs
   * at a time; when the stored token already differs from `staleToken`,
   * someone else refreshed it and it is returned without a new call.
   */
  refresh(staleToken: string): Promise<TokenResult> {
    if (this.inflight) return this.inflight;
    const current = this.read();
    if (current?.accessToken && current.accessToken !== staleToken) {
      const fresh = current.expiresAt === undefined || current.expiresAt > this.now();
      if (fresh) return Promise.resolve({ ok: true, accessToken: current.accessToken });
    }
    this.inflight = this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<TokenResult> {
    const current = this.read();
    if (!current?.refreshToken)
      return { ok: false, description: 'no refresh token: an admin must authorize the OA again' };
    if (!this.opts.appSecret)
      return { ok: false, description: 'ZALO_OA_APP_SECRET is not set: cannot refresh the token' };
    const { refreshToken } = current;
    if (!this.takeLease(refreshToken)) return this.awaitOtherRefresh(current.accessToken);
    try {
      return await this.callRefresh({ ...current, refreshToken }, this.opts.appSecret);
    } finally {
      this.opts.db.prepare('UPDATE zalo_oa_tokens SET refresh_lease_until = NULL WHERE id = 1').run();
    }
  }

  /**
   * Takes the refresh for this process: false when another process holds an
   * unexpired lease, or already replaced the refresh token read.
   */
  private takeLease(refreshToken: string): boolean {
    const now = this.now();
    return (
      this.opts.db
        .prepare(
          `UPDATE zalo_oa_tokens SET refresh_lease_until = ?
             WHERE id = 1 AND refresh_token = ? AND (refresh_lease_until IS NULL OR refresh_lease_until < ?)`,
        )
        .run(now + this.leaseMs(), refreshToken, now).changes === 1
    );
  }

  private leaseMs(): number {
    return (this.opts.timeoutMs ?? 15_000) + 5000;
  }

  /** Waits for another process's refresh to store a new pair (or for its lease to run out). */
  private async awaitOtherRefresh(staleToken: string): Promise<TokenResult> {
    const deadline = this.now() + this.leaseMs();
    for (;;) {
      const t = this.read();
      if (t?.accessToken && t.accessToken !== staleToken) return { ok: true, accessToken: t.accessToken };
      if (this.now() > deadline) return { ok: false, description: 'token refresh by another process did not finish' };
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 200));
    }
  }

  private async callRefresh(current: OaTokens & { refreshToken: string }, appSecret: string): Promise<TokenResult> {
    const form = new URLSearchParams({
      app_id: this.opts.appId,
      refresh_token: current.refreshToken,
      grant_type: 'refresh_token',
    });
    const res = await requestJson(`${this.opts.oauthBase.replace(/\/$/, '')}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: appSecret },
      body: form,
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    if (!res.ok) return { ok: false, description: `token refresh failed: ${res.description}` };
    const b = (res.body ?? {}) as {
      access_token?: unknown;
      refresh_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_name?: unknown;
    };
    if (res.status !== 200 || typeof b.access_token !== 'string' || b.access_token.length === 0) {
      const code = typeof b.error === 'number' ? b.error : res.status;
      this.opts.log.error(
        { channel: 'zalo-oa', code },
        'OA token refresh rejected: an admin must authorize the OA again',
      );
      return { ok: false, description: `token refresh rejected (${code})` };
    }
    const seconds = Number(b.expires_in);
    this.save({
      accessToken: b.access_token,
      refreshToken: typeof b.refresh_token === 'string' ? b.refresh_token : current.refreshToken,
      expiresAt: Number.isFinite(seconds) && seconds > 0 ? this.now() + seconds * 1000 : undefined,
    });
    this.opts.log.info({ channel: 'zalo-oa' }, 'OA access token refreshed');
    return { ok: true, accessToken: b.access_token };
  }
}
