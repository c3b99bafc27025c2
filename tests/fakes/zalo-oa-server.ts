/**
 * A fake Zalo OA Open API + OAuth server on 127.0.0.1 (ephemeral port),
 * speaking the documented wire format: JSON bodies, `access_token` header,
 * failures as HTTP 200 with a negative `error`, and single-use refresh tokens
 * on `POST /v4/oa/access_token` (form body, `secret_key` header).
 *
 * Reusable: records every call, and failures can be scripted per path
 * (expired token, not following, window closed, rate limit, non-JSON, 5xx).
 * It also enforces what Zalo enforces for broadcasts: `cs` to a user whose
 * last interaction (`interactions`) is older than 7 days → -230; promotion
 * at night (22:00–06:00 Vietnam time, by `now()`) → -234; promotion with the
 * quota used up → -211; and answers `POST /v2.0/oa/quota/message`.
 * Also builds signed webhook bodies for tests and benches.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { signOaBody } from '../../src/channels/zalo-oa/signature.js';

/** A scripted failure for the next matching request. */
export type OaFailure = { error: number; message?: string } | { http: number; body?: string } | { nonJson: true };

/** Documented failure bodies, ready to script. */
export const OA_FAILURES = {
  expiredToken: { error: -216, message: 'Access token is invalid' },
  notFollowing: { error: -213, message: 'User has not followed the OA' },
  windowClosed: { error: -230, message: 'User has not interacted with the OA in the past 7 days' },
  rateLimited: { error: -32, message: 'Your application reached limit call api' },
  quota: { error: -211, message: 'Out of quota' },
  v2Shutdown: { error: -240, message: 'The v2 message API is shut down' },
  nightPromotion: { error: -234, message: 'Message cannot be sent at night' },
  serverError: { http: 502, body: '<html>Bad Gateway</html>' },
  nonJson: { nonJson: true },
} satisfies Record<string, OaFailure>;

/** One recorded request. */
export interface OaCall {
  method: string;
  path: string;
  query: URLSearchParams;
  accessToken?: string;
  body: unknown;
  /** What the fake answered: 'ok' or a short failure tag. */
  outcome: string;
  /** performance.now() when the request body was read. */
  receivedAt: number;
}

/** Options of {@link startFakeOaServer}. */
export interface FakeOaOptions {
  appId?: string;
  appSecret?: string;
  accessToken?: string;
  refreshToken?: string;
}

/** The running fake. */
export interface FakeOaServer {
  url: string;
  appId: string;
  appSecret: string;
  calls: OaCall[];
  /** Successful sends (cs, transaction, promotion, group, broadcast). */
  sent(): OaCall[];
  /** How many refresh requests were answered with a new pair. */
  refreshes: number;
  /** Access tokens accepted right now. */
  validAccessTokens: Set<string>;
  /** Refresh tokens accepted right now (each works once). */
  validRefreshTokens: Set<string>;
  /** Queues failures for requests whose path contains `pathPart` ('' matches all). */
  script(pathPart: string, ...failures: OaFailure[]): void;
  /** Makes every current access token invalid (the next call gets -216). */
  expireAccessTokens(): void;
  /** Delay (ms) before every send answers. */
  latencyMs: number;
  /** Last interaction of users (epoch ms); `cs` to a listed user older than 7 days fails with -230. */
  interactions: Map<string, number>;
  /** Users who unfollowed the OA: any message to them fails with -213 (not following). */
  unfollowed: Set<string>;
  /** The OA's proactive message quota; each promotion uses one, none left → -211. */
  quota: { remain: number; total: number };
  /** The fake's clock (promotions at night fail with -234). */
  now: () => number;
  close(): Promise<void>;
}

const SEND_PATHS = /^\/(v3\.0\/oa\/message\/(cs|transaction|promotion)|v3\.0\/oa\/group\/message|v2\.0\/oa\/message)$/;

/** Starts the fake on 127.0.0.1:0. */
export async function startFakeOaServer(opts: FakeOaOptions = {}): Promise<FakeOaServer> {
  const scripts: { part: string; failure: OaFailure }[] = [];
  let seq = 0;
  const fake: FakeOaServer = {
    url: '',
    appId: opts.appId ?? '1234567890',
    appSecret: opts.appSecret ?? 'APP_SECRET_TEST',
    calls: [],
    sent: () => fake.calls.filter((c) => SEND_PATHS.test(c.path) && c.outcome === 'ok'),
    refreshes: 0,
    validAccessTokens: new Set([opts.accessToken ?? 'AT-initial']),
    validRefreshTokens: new Set([opts.refreshToken ?? 'RT-initial']),
    script: (part, ...failures) => {
      for (const failure of failures) scripts.push({ part, failure });
    },
    expireAccessTokens: () => fake.validAccessTokens.clear(),
    latencyMs: 0,
    interactions: new Map(),
    unfollowed: new Set(),
    quota: { remain: 1000, total: 1000 },
    now: Date.now,
    close: () => new Promise((r) => server.close(() => r())),
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const ctype = String(req.headers['content-type'] ?? '');
    let body: unknown = raw;
    if (ctype.includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    } else if (ctype.includes('x-www-form-urlencoded')) {
      body = Object.fromEntries(new URLSearchParams(raw));
    }
    const token = typeof req.headers.access_token === 'string' ? req.headers.access_token : undefined;
    const call: OaCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      accessToken: token,
      body,
      outcome: 'ok',
      receivedAt: performance.now(),
    };
    fake.calls.push(call);

    if (url.pathname === '/v4/oa/access_token' && req.method === 'POST') {
      const f = body as Record<string, string>;
      if (req.headers.secret_key !== fake.appSecret) {
        call.outcome = 'bad-secret';
        return json(res, 200, {
          error: -14004,
          error_name: 'Invalid secret key',
          error_description: 'Invalid secret key',
        });
      }
      if (
        f.grant_type !== 'refresh_token' ||
        f.app_id !== fake.appId ||
        !fake.validRefreshTokens.delete(f.refresh_token ?? '')
      ) {
        call.outcome = 'refresh-rejected';
        return json(res, 200, {
          error: -14020,
          error_name: 'Invalid refresh token',
          error_description: 'Refresh token is invalid or already used',
        });
      }
      fake.refreshes++;
      const pair = {
        access_token: `AT-${++seq}-${randomBytes(4).toString('hex')}`,
        refresh_token: `RT-${seq}-${randomBytes(4).toString('hex')}`,
      };
      fake.validAccessTokens.add(pair.access_token);
      fake.validRefreshTokens.add(pair.refresh_token);
      return json(res, 200, { ...pair, expires_in: '90000' });
    }

    const i = scripts.findIndex((s) => url.pathname.includes(s.part));
    if (i >= 0) {
      const { failure } = scripts.splice(i, 1)[0]!;
      if ('nonJson' in failure) {
        call.outcome = 'non-json';
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html>maintenance</html>');
      }
      if ('http' in failure) {
        call.outcome = `http-${failure.http}`;
        res.writeHead(failure.http, { 'content-type': 'text/plain' });
        return void res.end(failure.body ?? '');
      }
      call.outcome = `error${failure.error}`;
      if (failure.error === -216) fake.validAccessTokens.delete(token ?? '');
      return json(res, 200, { error: failure.error, message: failure.message ?? 'error' });
    }
    if (!token || !fake.validAccessTokens.has(token)) {
      call.outcome = 'error-216';
      return json(res, 200, { error: -216, message: 'Access token is invalid' });
    }
    if (SEND_PATHS.test(url.pathname) && req.method === 'POST') {
      const b = body as { recipient?: { user_id?: string; group_id?: string }; message?: { text?: string } };
      if (typeof body !== 'object' || !b.recipient || !b.message) {
        call.outcome = 'error-201';
        return json(res, 200, { error: -201, message: 'Parameters are invalid' });
      }
      const refusal = broadcastRule(fake, url.pathname, body);
      if (refusal) {
        call.outcome = `error${refusal.error}`;
        return json(res, 200, refusal);
      }
      if (fake.latencyMs > 0) await new Promise((r) => setTimeout(r, fake.latencyMs));
      return json(res, 200, {
        error: 0,
        message: 'Success',
        data: {
          message_id: randomBytes(10).toString('hex'),
          user_id: b.recipient.user_id ?? b.recipient.group_id ?? '',
        },
      });
    }
    if (url.pathname === '/v3.0/oa/user/detail') {
      const data = JSON.parse(url.searchParams.get('data') ?? '{}') as { user_id?: string };
      return json(res, 200, {
        error: 0,
        message: 'Success',
        data: { user_id: data.user_id, display_name: 'Người dân', avatars: { '240': 'https://example.invalid/a.jpg' } },
      });
    }
    if (url.pathname === '/v3.0/oa/group/getgroupsofoa') {
      return json(res, 200, {
        error: 0,
        message: 'Success',
        data: { total: 1, groups: [{ group_id: 'g-thon-dong', name: 'Thôn Đông' }] },
      });
    }
    if (url.pathname === '/v2.0/oa/quota/message' && req.method === 'POST') {
      const q = fake.quota;
      return json(res, 200, {
        error: 0,
        message: 'Success',
        data: {
          quota_type: 'sub_quota',
          remain: q.remain,
          total: q.total,
          expired_date: '31/12/2026',
          owner_type: 'OA',
        },
      });
    }
    if (url.pathname === '/v2.0/oa/getoa')
      return json(res, 200, { error: 0, message: 'Success', data: { oa_id: '999', name: 'UBND xã' } });
    call.outcome = 'not-found';
    json(res, 404, { error: 404, message: 'Not found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: -1, message: 'fake failed' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const SEVEN_DAYS = 7 * 24 * 3600_000;

/** Zalo's own broadcast rules: the 7-day `cs` window, promotions only by day and within the quota. */
function broadcastRule(
  fake: FakeOaServer,
  path: string,
  body: unknown,
): { error: number; message: string } | undefined {
  const b = body as {
    recipient: { user_id?: string };
    message: { attachment?: { payload?: { template_type?: string; elements?: unknown[] } } };
  };
  const user = b.recipient.user_id;
  if (path === '/v2.0/oa/message') return articleRule(body);
  if (user !== undefined && fake.unfollowed.has(user))
    return OA_FAILURES.notFollowing as { error: number; message: string };
  if (path === '/v3.0/oa/message/cs' && user !== undefined) {
    const last = fake.interactions.get(user);
    if (last !== undefined && fake.now() - last >= SEVEN_DAYS)
      return OA_FAILURES.windowClosed as { error: number; message: string };
  }
  if (path === '/v3.0/oa/message/promotion') {
    const p = b.message.attachment?.payload;
    if (p?.template_type !== 'promotion' || !Array.isArray(p.elements) || p.elements.length === 0)
      return { error: -201, message: 'Parameters are invalid' };
    const hour = new Date(fake.now() + 7 * 3600_000).getUTCHours();
    if (hour >= 22 || hour < 6) return { error: -234, message: 'Message cannot be sent at night (10PM-6AM)' };
    if (fake.quota.remain <= 0) return { error: -211, message: 'Out of quota' };
    fake.quota.remain--;
  }
  return undefined;
}

/** The broadcast of an OA article (research §1.5): a `target` and one `media` element of type `article`, else -201. */
function articleRule(body: unknown): { error: number; message: string } | undefined {
  const b = body as {
    recipient: { target?: unknown };
    message: {
      attachment?: {
        payload?: { template_type?: string; elements?: { media_type?: string; attachment_id?: unknown }[] };
      };
    };
  };
  const p = b.message.attachment?.payload;
  const el = p?.elements?.[0];
  const ok =
    typeof b.recipient.target === 'object' &&
    b.recipient.target !== null &&
    p?.template_type === 'media' &&
    el?.media_type === 'article' &&
    typeof el.attachment_id === 'string' &&
    el.attachment_id.length > 0;
  return ok ? undefined : { error: -201, message: 'Parameters are invalid' };
}

/** Fields of a webhook event built by {@link oaEvent}. */
export interface OaEventSpec {
  appId?: string;
  event?: string;
  userId?: string;
  text?: string;
  msgId?: string;
  groupId?: string;
  timestamp?: string;
}

/** Builds a raw webhook body as Zalo sends it (keys in Zalo's order). */
export function oaEvent(spec: OaEventSpec = {}): string {
  const event = spec.event ?? (spec.groupId ? 'user_send_group_text' : 'user_send_text');
  const appId = spec.appId ?? '1234567890';
  const ts = spec.timestamp ?? String(Date.now());
  const userId = spec.userId ?? '5510185758261927916';
  if (event === 'follow' || event === 'unfollow' || event === 'user_unfollow') {
    // Research §1.4: follow and unfollow carry `follower.id` (unfollow's body is the same shape, unverified).
    return JSON.stringify({
      app_id: appId,
      oa_id: '999',
      event_name: event,
      follower: { id: userId },
      user_id_by_app: '55',
      timestamp: ts,
      source: 'oa_profile',
    });
  }
  return JSON.stringify({
    app_id: appId,
    user_id_by_app: '55',
    event_name: event,
    sender: { id: userId },
    recipient: spec.groupId ? { id: spec.groupId, group_id: spec.groupId } : { id: '999' },
    message: { text: spec.text ?? 'Xin chào', msg_id: spec.msgId ?? randomBytes(10).toString('hex') },
    timestamp: ts,
  });
}

/** Headers for POSTing a raw body to the OA webhook, signed with the OA secret key. */
export function signedHeaders(rawBody: string, oaSecret: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-zevent-signature': signOaBody(rawBody, oaSecret) };
}
