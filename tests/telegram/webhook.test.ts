/**
 * Webhook mode: `POST /webhooks/telegram` on the app's HTTP server, with the
 * secret header checked before anything is processed.
 */
import { describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, sentTo, settle, textsTo, perTestTelegram } from './harness.js';

const env = {
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram',
  TELEGRAM_WEBHOOK_SECRET: 'a1b2c3d4e5f6g7h8i9j0',
};
const header = { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET };
const t = perTestTelegram();

describe('Telegram webhook', () => {
  it('sets the webhook with its secret and does not poll', async () => {
    t.h = await boot(t.fake, env);
    expect(t.h.app.httpNeeded).toBe(true);
    expect(t.fake.callsOf('setWebhook')[0]?.params).toMatchObject({
      url: env.TELEGRAM_WEBHOOK_URL,
      secret_token: env.TELEGRAM_WEBHOOK_SECRET,
    });
    expect(t.fake.callsOf('getUpdates')).toHaveLength(0);
    expect(t.fake.callsOf('deleteWebhook')).toHaveLength(0);
  });

  it('answers 401 without the secret or with a wrong one, and processes nothing', async () => {
    t.h = await boot(t.fake, env);
    const update = { update_id: 1, ...t.fake.textUpdate('gks', { id: 3001 }) };
    const none = await t.h.app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: update });
    const wrong = await t.h.app.http.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: update,
      headers: { 'x-telegram-bot-api-secret-token': 'a1b2c3d4e5f6g7h8i9j1' },
    });
    const prefix = await t.h.app.http.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: update,
      headers: { 'x-telegram-bot-api-secret-token': 'a1b2c3' },
    });
    expect([none.statusCode, wrong.statusCode, prefix.statusCode]).toEqual([401, 401, 401]);
    await settle(200);
    expect(
      t.fake.calls.filter((c) => c.method !== 'getMe' && c.method !== 'setMyCommands' && c.method !== 'setWebhook'),
    ).toHaveLength(0);
  });

  it('answers an update with the secret over a real socket, quickly, and rejects a body that is not an update', async () => {
    t.h = await boot(t.fake, env);
    const address = await t.h.app.http.listen({ port: 0, host: '127.0.0.1' });
    const post = (body: unknown) =>
      fetch(`${address}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...header },
        body: JSON.stringify(body),
      });
    expect((await post({ hello: 1 })).status).toBe(400);
    t.fake.fail('sendMessage', { times: 1, chatId: 3002, delayMs: 800 });
    const started = Date.now();
    const res = await post({ update_id: 2, ...t.fake.textUpdate('lam giay khai sinh', { id: 3002 }) });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(700);
    await t.fake.waitFor(() => sentTo(t.fake, 3002).length >= 1);
    expect(textsTo(t.fake, 3002)[0]).toContain('Đăng ký khai sinh');
  });

  it('receives updates the Bot API pushes to the webhook, with the secret it was given', async () => {
    t.h = await boot(t.fake, env);
    const address = await t.h.app.http.listen({ port: 0, host: '127.0.0.1' });
    // Telegram posts to the public https URL; a TLS proxy forwards it to the app.
    t.fake.webhook.target = `${address}/webhooks/telegram`;
    t.fake.sendText('/hotline', { id: 3005 });
    t.fake.sendText('dang ky tam tru', { id: 3006 });
    await t.fake.waitFor(() => sentTo(t.fake, 3005).length >= 1 && sentTo(t.fake, 3006).length >= 1);
    expect(t.fake.webhook.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(textsTo(t.fake, 3006).join('\n')).toContain('tạm trú');
  });

  it('logs a failed webhook update with the hashed user, without crashing', async () => {
    t.h = await boot(t.fake, env);
    t.fake.block(3003);
    const res = await t.h.app.http.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: { update_id: 3, ...t.fake.textUpdate('/help', { id: 3003 }) },
      headers: header,
    });
    expect(res.statusCode).toBe(200);
    await t.fake.waitFor(() => t.h!.logs.some((l) => l.includes('telegram update failed')));
    const line = JSON.parse(t.h.logs.find((l) => l.includes('telegram update failed'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ channel: 'telegram', user: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('answers 503 while the bot is not connected, so Telegram delivers again later', async () => {
    const root = t.fake.apiRoot;
    await t.fake.stop();
    t.h = await boot(t.fake, { ...env, TELEGRAM_API_ROOT: root });
    const res = await t.h.app.http.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: { update_id: 4, ...t.fake.textUpdate('xin chào', { id: 3004 }) },
      headers: header,
    });
    expect(res.statusCode).toBe(503);
    t.fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
  });
});
