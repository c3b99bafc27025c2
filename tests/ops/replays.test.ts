/**
 * Replays and duplicates on the webhooks: Telegram answers one update_id
 * once; Zalo OA refuses a replayed or stale event (its signed timestamp);
 * Zalo Bot drops a stale message; a wrong secret shows in the log at once,
 * as one warning line with a count, never one per call.
 */
import { memoryLogger } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import type { ZaloBotChannel } from '../../src/channels/zalo-bot/channel.js';
import type { ZaloOaChannel } from '../../src/channels/zalo-oa/channel.js';
import { parseConfig } from '../../src/config/index.js';
import { RejectionLog } from '../../src/http/rejections.js';
import { botTextUpdate, startFakeBotServer } from '../fakes/zalo-bot-server.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { oaEvent, signedHeaders, startFakeOaServer, type FakeOaServer } from '../fakes/zalo-oa-server.js';
import { boot, sentTo, settle, type Harness } from '../telegram/harness.js';
import { KB_DIR, OA, oaEnv, waitFor } from '../zalo/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An app with the given env whose log lines are kept. */
async function appWithLogs(env: Record<string, string>): Promise<{ app: App; logs: string[] }> {
  const { logger, lines: logs } = memoryLogger('info');
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    KNOWLEDGE_DIR: KB_DIR,
    USER_ID_SALT: 'ops-test-salt-0123456789',
    PRIVACY_NOTICE: 'false', // counted sends: one per message
    ...env,
  });
  const app = await createApp(config, logger);
  for (const ch of app.channels.values()) await ch.start();
  cleanups.push(() => app.stop());
  return { app, logs };
}

describe('Telegram webhook', () => {
  const env = {
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram',
    TELEGRAM_WEBHOOK_SECRET: 'a1b2c3d4e5f6g7h8i9j0',
  };
  const header = { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET };

  it('answers an update_id posted twice only once', async () => {
    const fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
    const h: Harness = await boot(fake, env);
    cleanups.push(
      () => fake.stop(),
      () => h.app.stop(),
    );
    const update = { update_id: 900, ...fake.textUpdate('/hotline', { id: 8101 }) };
    const post = () =>
      h.app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers: header });
    const [a, b] = await Promise.all([post(), post()]);
    const c = await post();
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
    expect([a, b, c].filter((r) => (r.json() as { duplicate?: boolean }).duplicate)).toHaveLength(2);
    await fake.waitFor(() => sentTo(fake, 8101).length >= 1);
    await settle(300);
    expect(sentTo(fake, 8101)).toHaveLength(1);
  });

  it('logs a wrong secret at once, as one warning with the channel and a count, without the payload', async () => {
    const fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
    const h: Harness = await boot(fake, env);
    cleanups.push(
      () => fake.stop(),
      () => h.app.stop(),
    );
    for (let i = 0; i < 5; i++) {
      const r = await h.app.http.inject({
        method: 'POST',
        url: '/webhooks/telegram',
        payload: { update_id: 950 + i, ...fake.textUpdate('bí mật 0912345678', { id: 8102 }) },
        headers: { 'x-telegram-bot-api-secret-token': 'mistyped-secret-000000' },
      });
      expect(r.statusCode).toBe(401);
    }
    const warned = h.logs.filter((l) => l.includes('webhook call rejected'));
    expect(warned).toHaveLength(1);
    expect(JSON.parse(warned[0]!)).toMatchObject({ level: 40, channel: 'telegram', rejected: 1 });
    expect(h.logs.join('')).not.toContain('0912345678');
    expect(h.logs.join('')).not.toContain('mistyped');
  });
});

describe('RejectionLog', () => {
  it('logs the first rejection, then at most one line a minute with the count', () => {
    const { logger: log, records } = memoryLogger('info');
    let t = 0;
    const r = new RejectionLog(log, 'zalo-oa', 60_000, () => t);
    for (let i = 0; i < 10; i++) r.note('wrong signature');
    t = 61_000;
    r.note('wrong signature');
    expect(records().map((l) => [l.rejected, l.sinceLastLine])).toEqual([
      [1, 1],
      [11, 10],
    ]);
    expect(r.count).toBe(11);
  });
});

describe('Zalo OA webhook', () => {
  let fake: FakeOaServer;
  async function oaApp(extra: Record<string, string> = {}) {
    fake = await startFakeOaServer({ appId: OA.appId, appSecret: OA.appSecret });
    cleanups.push(() => fake.close());
    const { app, logs } = await appWithLogs({ ...oaEnv(fake.url), ...extra });
    const post = (raw: string, headers = signedHeaders(raw, OA.oaSecret)) =>
      app.http.inject({ method: 'POST', url: '/webhooks/zalo-oa', payload: raw, headers });
    return { app, logs, post, channel: app.channels.get('zalo-oa') as ZaloOaChannel };
  }

  it('answers a replayed event once, and refuses one older than the window (nothing processed)', async () => {
    const { post, channel, logs } = await oaApp({ ZALO_OA_EVENT_MAX_AGE_MINUTES: '60' });
    const raw = oaEvent({ msgId: 'replay-1', userId: '701', text: 'lam giay khai sinh' });
    expect((await post(raw)).json()).toEqual({ ok: true });
    expect((await post(raw)).json()).toEqual({ ok: true, duplicate: true });
    await channel.idle();
    expect(fake.sent()).toHaveLength(1);
    // A captured event replayed later: signed correctly, but too old (or stamped ahead of time).
    const stale = oaEvent({
      msgId: 'stale-1',
      userId: '702',
      text: 'lam giay khai sinh',
      timestamp: String(Date.now() - 61 * 60_000),
    });
    const ahead = oaEvent({
      msgId: 'ahead-1',
      userId: '703',
      text: 'lam giay khai sinh',
      timestamp: String(Date.now() + 3600_000),
    });
    const noTime = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_send_text',
      sender: { id: '704' },
      recipient: { id: '999' },
      message: { msg_id: 'nt-1', text: 'hi' },
    });
    for (const r of [stale, ahead, noTime]) {
      const res = await post(r);
      expect([res.statusCode, res.json()]).toEqual([200, { ok: false, error: 'stale event' }]);
    }
    await channel.idle();
    expect(fake.sent()).toHaveLength(1);
    expect(logs.filter((l) => l.includes('webhook call rejected'))).toHaveLength(1);
  });

  it('answers a forged signature 200 (Zalo never disables the webhook) and logs it once with a count', async () => {
    const { post, channel, logs } = await oaApp();
    const raw = oaEvent({ text: 'lam giay khai sinh' });
    for (let i = 0; i < 3; i++)
      expect((await post(raw, signedHeaders(raw, 'MISTYPED_SECRET'))).json()).toEqual({
        ok: false,
        error: 'bad signature',
      });
    await channel.idle();
    expect(fake.sent()).toHaveLength(0);
    const warned = logs
      .filter((l) => l.includes('webhook call rejected'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([
      expect.objectContaining({
        channel: 'zalo-oa',
        rejected: 1,
        reason: expect.stringContaining('ZALO_OA_SECRET_KEY'),
      }),
    ]);
    expect(logs.join('')).not.toContain('khai sinh');
  });

  it('turns /healthz 503 when the OA token is refused and cannot be refreshed', async () => {
    const { app, post, channel } = await oaApp();
    expect((await app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    fake.expireAccessTokens();
    fake.validRefreshTokens.clear();
    await post(oaEvent({ userId: '705', text: 'lam giay khai sinh' }));
    await channel.idle();
    const r = await app.http.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(503);
    expect((r.json() as { channels: Record<string, unknown> }).channels['zalo-oa']).toMatchObject({
      state: 'refused',
      cause: expect.stringContaining('refresh'),
    });
  });
});

describe('health of the Zalo channels', () => {
  it('reports an OA without a usable token as refused right after start', async () => {
    const fake = await startFakeOaServer({ appId: OA.appId, appSecret: OA.appSecret });
    cleanups.push(() => fake.close());
    const { ZALO_OA_ACCESS_TOKEN: _a, ZALO_OA_REFRESH_TOKEN: _r, ...env } = oaEnv(fake.url);
    const { app, logs } = await appWithLogs(env);
    const r = await app.http.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(503);
    expect((r.json() as { channels: Record<string, unknown> }).channels['zalo-oa']).toMatchObject({ state: 'refused' });
    expect(logs.filter((l) => l.includes('channel is down'))).toHaveLength(1);
  });

  it('turns 503 when the Zalo Bot API goes away while polling', async () => {
    const fake = await startFakeBotServer();
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await fake.close();
    });
    const { app, logs } = await appWithLogs({ ZALO_BOT_TOKEN: fake.token, ZALO_BOT_API_BASE: fake.url });
    const healthz = async () => app.http.inject({ method: 'GET', url: '/healthz' });
    await waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'));
    expect((await healthz()).statusCode).toBe(200);
    closed = true;
    await fake.close();
    const end = Date.now() + 10_000;
    while ((await healthz()).statusCode !== 503) {
      if (Date.now() > end) throw new Error('still 200');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(((await healthz()).json() as { channels: Record<string, unknown> }).channels['zalo-bot']).toMatchObject({
      state: 'reconnecting',
    });
    expect(logs.filter((l) => l.includes('channel is down'))).toHaveLength(1);
  }, 20_000);
});

describe('Zalo Bot webhook', () => {
  it('drops a message older than the window and answers a fresh one', async () => {
    const fake = await startFakeBotServer();
    cleanups.push(() => fake.close());
    const secret = 'bot-webhook-secret-0123456789';
    const { app } = await appWithLogs({
      ZALO_BOT_TOKEN: fake.token,
      ZALO_BOT_API_BASE: fake.url,
      ZALO_BOT_WEBHOOK_URL: 'https://xa.example.vn/webhooks/zalo-bot',
      ZALO_BOT_WEBHOOK_SECRET: secret,
      ZALO_BOT_EVENT_MAX_AGE_MINUTES: '30',
    });
    const post = (body: unknown) =>
      app.http.inject({
        method: 'POST',
        url: '/webhooks/zalo-bot',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret },
      });
    const old = botTextUpdate({ userId: 'u-old', messageId: 'old-1', text: '/hotline' });
    (old.message as { date: number }).date = Date.now() - 31 * 60_000;
    expect((await post({ ok: true, result: old })).statusCode).toBe(200);
    expect(
      (await post({ ok: true, result: botTextUpdate({ userId: 'u-new', messageId: 'new-1', text: '/hotline' }) }))
        .statusCode,
    ).toBe(200);
    await (app.channels.get('zalo-bot') as ZaloBotChannel).idle();
    const to = (chat: string) => fake.sent().filter((m) => m.chat_id === chat);
    expect(to('u-old')).toHaveLength(0);
    expect(to('u-new').length).toBeGreaterThanOrEqual(1);
  });
});
