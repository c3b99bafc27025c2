import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import { ZaloBotApi } from '../../src/channels/zalo-bot/api.js';
import type { ZaloBotChannel } from '../../src/channels/zalo-bot/channel.js';
import type { Reply } from '../../src/core/types.js';
import { botTextUpdate, startFakeBotServer, type FakeBotServer } from '../fakes/zalo-bot-server.js';
import { entryTitle, waitFor, zaloTestApp } from './helpers.js';

const SECRET = 'bot-webhook-secret-0123456789';

describe('Zalo Bot Platform', () => {
  let fake: FakeBotServer;
  let app: App | undefined;

  beforeAll(async () => {
    fake = await startFakeBotServer();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.updatesAsArray = false;
    fake.webhook = {};
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  const botEnv = (extra: Record<string, string> = {}) => ({
    ZALO_BOT_TOKEN: fake.token,
    ZALO_BOT_API_BASE: fake.url,
    ...extra,
  });
  const channelOf = (a: App) => a.channels.get('zalo-bot') as ZaloBotChannel;

  it('long polling: answers a question with the right procedure, in ≤2000-character messages', async () => {
    app = await zaloTestApp(botEnv());
    expect(app.httpNeeded).toBe(false);
    (channelOf(app) as unknown as { opts: { pollTimeoutSeconds: number } }).opts.pollTimeoutSeconds = 1;
    await app.start();
    expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    fake.pushUpdate(botTextUpdate({ userId: 'u-1', text: 'lam giay khai sinh cho con can gi' }));
    await waitFor(() => fake.sent().length > 0);
    await channelOf(app).idle();
    const sent = fake.sent();
    expect(sent[0]!.chat_id).toBe('u-1');
    expect(sent.map((s) => s.text).join('\n')).toContain(entryTitle(app, 'khai-sinh'));
    expect(sent.every((s) => s.text.length <= 2000)).toBe(true);
  });

  it('accepts getUpdates results as arrays, survives 408 and errors, and answers a typed number with the button payload', async () => {
    fake.updatesAsArray = true;
    app = await zaloTestApp(botEnv());
    (
      channelOf(app) as unknown as { opts: { pollTimeoutSeconds: number; pollErrorBackoffMs: number } }
    ).opts.pollTimeoutSeconds = 1;
    (channelOf(app) as unknown as { opts: { pollErrorBackoffMs: number } }).opts.pollErrorBackoffMs = 10;
    fake.script('getUpdates', { nonJson: true }, { errorCode: 500, description: 'Internal error' });
    await app.start();
    fake.pushUpdate(botTextUpdate({ userId: 'u-2', text: '/start' }));
    await waitFor(() => fake.sent().length > 0);
    await channelOf(app).idle();
    const greeting = fake
      .sent()
      .map((s) => s.text)
      .join('\n');
    expect(greeting).toContain('Gõ số để chọn');
    const before = fake.sent().length;
    fake.pushUpdate(botTextUpdate({ userId: 'u-2', text: '1' }));
    await waitFor(() => fake.sent().length > before);
    await channelOf(app).idle();
    const picked = fake
      .sent()
      .slice(before)
      .map((s) => s.text)
      .join('\n');
    expect(picked).not.toBe(greeting);
    expect(picked.length).toBeGreaterThan(0);
    expect(fake.calls.filter((c) => c.method === 'getUpdates').length).toBeGreaterThanOrEqual(4);
  });

  it('webhook: registers with setWebhook, checks the secret, dedupes, accepts wrapped and bare updates', async () => {
    app = await zaloTestApp(
      botEnv({ ZALO_BOT_WEBHOOK_URL: 'https://xa.example.vn/webhooks/zalo-bot', ZALO_BOT_WEBHOOK_SECRET: SECRET }),
    );
    expect(app.httpNeeded).toBe(true);
    await channelOf(app).start();
    expect(fake.webhook).toEqual({ url: 'https://xa.example.vn/webhooks/zalo-bot', secret: SECRET });
    const post = (body: unknown, secret?: string) =>
      app!.http.inject({
        method: 'POST',
        url: '/webhooks/zalo-bot',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-bot-api-secret-token': secret } : {}) },
      });
    const update = botTextUpdate({ userId: 'u-3', messageId: 'w-1', text: 'lam giay khai sinh' });
    expect((await post({ ok: true, result: update })).statusCode).toBe(401);
    expect((await post({ ok: true, result: update }, 'wrong-secret-0123456789')).statusCode).toBe(401);
    expect((await post({ hello: 'world' }, SECRET)).statusCode).toBe(400);
    await channelOf(app).idle();
    expect(fake.sent()).toHaveLength(0);
    expect((await post({ ok: true, result: update }, SECRET)).statusCode).toBe(200);
    expect((await post({ ok: true, result: update }, SECRET)).statusCode).toBe(200);
    await channelOf(app).idle();
    const once = fake.sent().length;
    expect(once).toBeGreaterThanOrEqual(1);
    expect(
      fake
        .sent()
        .map((s) => s.text)
        .join('\n'),
    ).toContain(entryTitle(app, 'khai-sinh'));
    expect((await post(botTextUpdate({ userId: 'u-4', messageId: 'w-2', text: 'xin chào' }), SECRET)).statusCode).toBe(
      200,
    );
    await channelOf(app).idle();
    expect(fake.sent().length).toBeGreaterThan(once);
    expect(fake.sent().at(-1)!.chat_id).toBe('u-4');
  });

  it('maps Bot API errors to send results', async () => {
    const good = new ZaloBotApi({ apiBase: fake.url, token: fake.token });
    const bad = new ZaloBotApi({ apiBase: fake.url, token: '999:wrong' });
    const r: Reply = { kind: 'info', sections: [{ text: 'x'.repeat(4500) }] };
    app = await zaloTestApp(botEnv());
    const ch = channelOf(app);
    expect((await ch.send('u-5', r)).ok).toBe(true);
    expect(
      fake
        .sent()
        .filter((s) => s.chat_id === 'u-5')
        .map((s) => s.text.length)
        .every((n) => n <= 2000),
    ).toBe(true);
    expect(fake.sent().filter((s) => s.chat_id === 'u-5').length).toBe(3);
    expect(await bad.call('sendMessage', { chat_id: 'u', text: 'a' })).toMatchObject({ ok: false, kind: 'auth' });
    fake.script('sendMessage', { errorCode: 429, description: 'Too many requests' });
    expect(await good.call('sendMessage', { chat_id: 'u', text: 'a' })).toMatchObject({
      ok: false,
      kind: 'rate_limited',
    });
    expect(await good.call('sendMessage', { chat_id: 'u', text: 'a'.repeat(2001) })).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
    fake.script('sendMessage', { nonJson: true });
    expect(await good.call('sendMessage', { chat_id: 'u', text: 'a' })).toMatchObject({ ok: false, kind: 'network' });
  });
});
