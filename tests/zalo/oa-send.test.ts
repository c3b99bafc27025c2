import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { OaApi } from '../../src/channels/zalo-oa/api.js';
import { ZaloOaChannel } from '../../src/channels/zalo-oa/channel.js';
import { msUntilMorning } from '../../src/channels/zalo-oa/errors.js';
import { OaTokenStore } from '../../src/channels/zalo-oa/token-store.js';
import type { Reply } from '../../src/core/types.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { OA_FAILURES, startFakeOaServer, type FakeOaServer } from '../fakes/zalo-oa-server.js';
import { OA, oaClient } from './helpers.js';

const reply: Reply = { kind: 'info', title: 'Thông báo', sections: [{ text: 'Lịch tiếp dân thứ Năm.' }] };
const cs = { recipient: { user_id: '777' }, message: { text: 'Xin chào' } };

describe('OA sending, tokens and error mapping', () => {
  let fake: FakeOaServer;
  let db: Db;
  let tokens: OaTokenStore;
  let api: OaApi;
  let clock: number;

  beforeAll(async () => {
    fake = await startFakeOaServer({ appId: OA.appId, appSecret: OA.appSecret });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.refreshes = 0;
    fake.validAccessTokens.clear();
    fake.validAccessTokens.add(OA.accessToken);
    fake.validRefreshTokens.clear();
    fake.validRefreshTokens.add(OA.refreshToken);
    clock = 1_800_000_000_000;
    db = openDatabase(':memory:', ALL_MIGRATIONS);
    ({ tokens, api } = oaClient(db, fake.url, () => clock));
  });
  const sends = () => fake.calls.filter((c) => c.path === '/v3.0/oa/message/cs');

  it('sends with the access_token header and returns the message id', async () => {
    const r = await api.post('/v3.0/oa/message/cs', cs);
    expect(r.ok).toBe(true);
    expect(sends()[0]!.accessToken).toBe(OA.accessToken);
  });

  it('on an expired token refreshes exactly once, retries once and stores the new pair', async () => {
    fake.expireAccessTokens();
    const r = await api.post('/v3.0/oa/message/cs', cs);
    expect(r.ok).toBe(true);
    expect(fake.refreshes).toBe(1);
    expect(sends().map((c) => c.outcome)).toEqual(['error-216', 'ok']);
    const stored = tokens.read()!;
    expect(stored.accessToken).not.toBe(OA.accessToken);
    expect(stored.refreshToken).not.toBe(OA.refreshToken);
    expect(stored.expiresAt).toBe(clock + 90_000 * 1000);
    expect(fake.validRefreshTokens.has(OA.refreshToken)).toBe(false); // single use
  });

  it('two concurrent sends with an expired token share one refresh', async () => {
    fake.expireAccessTokens();
    const results = await Promise.all([
      api.post('/v3.0/oa/message/cs', cs),
      api.post('/v3.0/oa/message/cs', cs),
      api.post('/v3.0/oa/message/cs', cs),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.refreshes).toBe(1);
    expect(fake.calls.filter((c) => c.path === '/v4/oa/access_token')).toHaveLength(1);
  });

  it('two processes on one database share one refresh (the refresh token works once)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oa-tokens-'));
    try {
      const [a, b] = [0, 1].map(() => oaClient(openDatabase(join(dir, 'a.db'), ALL_MIGRATIONS), fake.url, () => clock));
      fake.expireAccessTokens();
      const results = await Promise.all([
        a!.api.post('/v3.0/oa/message/cs', cs),
        b!.api.post('/v3.0/oa/message/cs', cs),
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      expect(fake.refreshes).toBe(1);
      expect(a!.tokens.read()).toEqual(b!.tokens.read());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refreshes before expiry, once, and not again while the new token is fresh', async () => {
    tokens.save({ accessToken: OA.accessToken, refreshToken: OA.refreshToken, expiresAt: clock + 60_000 });
    await Promise.all([api.post('/v3.0/oa/message/cs', cs), api.post('/v3.0/oa/message/cs', cs)]);
    expect(fake.refreshes).toBe(1);
    expect(sends().every((c) => c.accessToken !== OA.accessToken)).toBe(true);
    await api.post('/v3.0/oa/message/cs', cs);
    expect(fake.refreshes).toBe(1);
  });

  it('a rejected refresh gives "auth" without a loop', async () => {
    fake.expireAccessTokens();
    fake.validRefreshTokens.clear();
    const r = await api.post('/v3.0/oa/message/cs', cs);
    expect(r).toMatchObject({ ok: false, kind: 'auth' });
    expect(fake.calls).toHaveLength(2); // one send, one refresh
  });

  it('HTTP 401 also triggers one refresh and one retry', async () => {
    fake.script('/message/cs', { http: 401, body: '{"error":-216}' });
    expect((await api.post('/v3.0/oa/message/cs', cs)).ok).toBe(true);
    expect(fake.refreshes).toBe(1);
  });

  it('window closed is reported once and not retried', async () => {
    fake.script('/message/cs', OA_FAILURES.windowClosed);
    const r = await api.post('/v3.0/oa/message/cs', cs);
    expect(r).toMatchObject({ ok: false, kind: 'window_closed' });
    expect(sends()).toHaveLength(1);
    expect(fake.refreshes).toBe(0);
  });

  it('maps not following, rate limit, quota, non-JSON and 5xx', async () => {
    fake.script(
      '/message/cs',
      OA_FAILURES.notFollowing,
      OA_FAILURES.rateLimited,
      OA_FAILURES.quota,
      OA_FAILURES.nonJson,
      OA_FAILURES.serverError,
    );
    const kinds = [];
    for (let i = 0; i < 5; i++) kinds.push(await api.post('/v3.0/oa/message/cs', cs));
    expect(kinds.map((r) => (r.ok ? 'ok' : r.kind))).toEqual([
      'unreachable',
      'rate_limited',
      'quota',
      'network',
      'network',
    ]);
    expect(kinds[1]).toMatchObject({ retryAfterMs: 60_000 });
    expect(sends()).toHaveLength(5);
  });

  it('reads the message quota with POST /v2.0/oa/quota/message', async () => {
    fake.quota = { remain: 7, total: 9 };
    expect(await api.quota()).toEqual({ ok: true, remain: 7, total: 9 });
    const call = fake.calls.find((c) => c.path === '/v2.0/oa/quota/message')!;
    expect(call).toMatchObject({ method: 'POST', accessToken: OA.accessToken });
  });

  it('defers night-time promotions to 08:00 Vietnam time', () => {
    const at23h = Date.UTC(2026, 10, 22, 16, 0); // 23:00 UTC+7
    expect(msUntilMorning(at23h)).toBe(9 * 3600 * 1000);
  });

  it('channel.send: plain text, buttons as a template, numbered list when buttons are rejected, groups by prefix', async () => {
    const ch = new ZaloOaChannel({ assistant: undefined as never, db, log: silentLogger, api, groupTriggers: [] });
    const withButtons: Reply = { ...reply, buttons: [{ label: 'Khai sinh', payload: '/xem khai-sinh' }] };
    expect((await ch.send('777', withButtons)).ok).toBe(true);
    const first = sends()[0]!.body as {
      message: {
        text: string;
        attachment: { payload: { buttons: { title: string; type: string; payload: string }[] } };
      };
    };
    expect(first.message.attachment.payload.buttons[0]).toEqual({
      title: 'Khai sinh',
      type: 'oa.query.hide',
      payload: '/xem khai-sinh',
    });
    expect(first.message.text).not.toContain('Gõ số');
    fake.script('/message/cs', { error: -201, message: 'Parameters are invalid' });
    expect((await ch.send('777', withButtons)).ok).toBe(true);
    const fallback = sends()[2]!.body as { message: { text: string; attachment?: unknown } };
    expect(fallback.message.attachment).toBeUndefined();
    expect(fallback.message.text).toContain('1. Khai sinh');
    expect((await ch.send('group:g-9', withButtons)).ok).toBe(true);
    const group = fake.calls.at(-1)!;
    expect(group.path).toBe('/v3.0/oa/group/message');
    expect(group.body).toMatchObject({ recipient: { group_id: 'g-9' } });
    const long: Reply = {
      kind: 'info',
      sections: Array.from({ length: 30 }, (_, i) => ({ text: `Đoạn ${i}: ${'nội dung dài '.repeat(20)}` })),
    };
    fake.calls.length = 0;
    expect((await ch.send('777', long)).ok).toBe(true);
    expect(sends().length).toBeGreaterThan(1);
    for (const c of sends())
      expect((c.body as { message: { text: string } }).message.text.length).toBeLessThanOrEqual(2000);
  });

  it('never logs tokens or secrets', async () => {
    let out = '';
    const log = pino(
      { level: 'trace' },
      new Writable({
        write(chunk, _e, cb) {
          out += String(chunk);
          cb();
        },
      }),
    );
    const t = new OaTokenStore({
      db,
      log,
      appId: OA.appId,
      appSecret: OA.appSecret,
      oauthBase: fake.url,
      now: () => clock,
    });
    const a = new OaApi({ apiBase: fake.url, tokens: t });
    fake.expireAccessTokens();
    expect((await a.post('/v3.0/oa/message/cs', cs)).ok).toBe(true);
    fake.expireAccessTokens();
    fake.validRefreshTokens.clear();
    await a.post('/v3.0/oa/message/cs', cs);
    expect(out).toContain('refreshed');
    const stored = t.read()!;
    for (const secret of [OA.accessToken, OA.refreshToken, OA.appSecret, stored.accessToken, stored.refreshToken!])
      expect(out).not.toContain(secret);
  });
});
