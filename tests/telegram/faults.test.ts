/**
 * Faults of the Bot API (429, 403, 5xx, slow answers, unreachable server,
 * wrong token) and a clean stop, against the fake Bot API server.
 */
import { describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, sentTo, settle, textsTo, perTestTelegram } from './harness.js';

const t = perTestTelegram();
const info = { kind: 'info' as const, sections: [{ text: 'Thông báo: lịch tiếp dân thứ Hai' }] };

describe('Telegram faults', () => {
  it('retries an interactive reply after the delay a 429 names', async () => {
    t.h = await boot(t.fake);
    t.fake.fail('sendMessage', {
      times: 1,
      errorCode: 429,
      description: 'Too Many Requests: retry after 1',
      retryAfter: 1,
    });
    t.fake.sendText('/help', { id: 1007 });
    await t.fake.waitFor(() => sentTo(t.fake, 1007).length >= 1, 15_000);
    const [refused, retried] = t.fake.callsOf('sendMessage');
    expect(refused!.status).toBe(429);
    expect(retried!.status).toBe(200);
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(950);
    expect(textsTo(t.fake, 1007)[0]).toContain('Trợ lý có thể giúp bạn');
  });

  it('logs a 403 "blocked" with the hashed user and no payload, and keeps answering others', async () => {
    t.h = await boot(t.fake);
    t.fake.block(1008);
    t.fake.sendText('/help', { id: 1008 });
    await t.fake.waitFor(() => t.h!.logs.some((l) => l.includes('telegram update failed')));
    const line = JSON.parse(t.h.logs.find((l) => l.includes('telegram update failed'))!) as Record<string, unknown>;
    expect(line.channel).toBe('telegram');
    expect(line.user).toMatch(/^[0-9a-f]{16}$/);
    // The user id as a whole number (the line's timestamp may hold the same digits).
    expect(JSON.stringify(line)).not.toMatch(/(?<![\d.])1008(?![\d.])/);
    expect(JSON.stringify(line)).not.toContain('Trợ lý có thể giúp bạn');
    t.fake.sendText('/help', { id: 1009 });
    await t.fake.waitFor(() => sentTo(t.fake, 1009).length >= 1);
  });

  it('send() reports failures as values: blocked, rate_limited, unreachable, network, invalid', async () => {
    t.h = await boot(t.fake);
    const send = () => t.h!.channel.send('1010', info);
    t.fake.fail('sendMessage', { times: 1, errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await send()).toMatchObject({ ok: false, kind: 'blocked' });
    t.fake.fail('sendMessage', {
      times: 1,
      errorCode: 429,
      description: 'Too Many Requests: retry after 7',
      retryAfter: 7,
    });
    const started = Date.now();
    expect(await send()).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 7000 });
    expect(Date.now() - started).toBeLessThan(2000);
    t.fake.fail('sendMessage', { times: 1, errorCode: 400, description: 'Bad Request: chat not found' });
    expect(await send()).toMatchObject({ ok: false, kind: 'unreachable' });
    t.fake.fail('sendMessage', { times: 1, errorCode: 502, description: 'Bad Gateway' });
    expect(await send()).toMatchObject({ ok: false, kind: 'network' });
    expect(await t.h.channel.send('not-a-chat', info)).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(await send()).toMatchObject({ ok: true, messageId: expect.any(String) });
  });

  it('retries a 5xx for an interactive reply and waits out a slow server', async () => {
    t.h = await boot(t.fake, { TELEGRAM_FLOOD_LIMIT: '0' });
    t.fake.fail('sendMessage', { times: 1, chatId: 1014, errorCode: 500, description: 'Internal Server Error' });
    t.fake.fail('sendMessage', { times: 1, chatId: 1016, delayMs: 600 });
    t.fake.sendText('/hotline', { id: 1014 });
    t.fake.sendText('/hotline', { id: 1016 });
    t.fake.sendText('/hotline', { id: 1017 });
    await t.fake.waitFor(() => sentTo(t.fake, 1017).length >= 1);
    // The slow chat does not hold up the others.
    expect(sentTo(t.fake, 1016)).toHaveLength(0);
    await t.fake.waitFor(() => sentTo(t.fake, 1016).length >= 1 && sentTo(t.fake, 1014).length >= 1, 15_000);
    expect(t.fake.callsOf('sendMessage').filter((c) => c.status === 500)).toHaveLength(1);
  });

  it('edit() updates a sent message and treats "not modified" as done', async () => {
    t.h = await boot(t.fake);
    const sent = await t.h.channel.send('1018', info);
    if (!sent.ok) throw new Error('send failed');
    const progress = { kind: 'info' as const, sections: [{ text: 'Đã gửi 50%' }] };
    expect(await t.h.channel.edit('1018', sent.messageId!, progress)).toMatchObject({ ok: true });
    expect(t.fake.message(1018, Number(sent.messageId))!.text).toBe('Đã gửi 50%');
    expect(await t.h.channel.edit('1018', sent.messageId!, progress)).toMatchObject({ ok: true });
    expect(t.fake.callsOf('editMessageText').at(-1)!.status).toBe(400);
  });

  it('keeps the app running and retries when Telegram cannot be reached', async () => {
    const root = t.fake.apiRoot;
    await t.fake.stop();
    const started = Date.now();
    t.h = await boot(t.fake, { TELEGRAM_API_ROOT: root });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(t.h.logs.some((l) => l.includes('channel is down: cannot reach the platform'))).toBe(true);
    expect(t.h.logs.join('')).not.toContain(t.fake.token);
    t.fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
  });

  it('stops trying when Telegram refuses the token', async () => {
    t.h = await boot(t.fake, { TELEGRAM_BOT_TOKEN: '999999:WRONG-token-abcdefghijklmnopqrstuvwxyz' });
    expect(t.h.logs.some((l) => l.includes('Telegram refused the token'))).toBe(true);
    expect(t.fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('asks a flooding user to slow down once, and answers others meanwhile', async () => {
    t.h = await boot(t.fake, { TELEGRAM_FLOOD_LIMIT: '2' });
    for (let i = 0; i < 6; i++) t.fake.sendText('/hotline', { id: 1020 });
    t.fake.sendText('/hotline', { id: 1021 });
    await t.fake.waitFor(
      () => sentTo(t.fake, 1021).length >= 1 && textsTo(t.fake, 1020).some((t) => t.includes('gửi hơi nhanh')),
    );
    await settle(300);
    const texts = textsTo(t.fake, 1020);
    expect(texts.filter((t) => t.includes('gửi hơi nhanh'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Số điện thoại cần biết'))).toHaveLength(2);
  });

  it('on stop, finishes a reply under way before the app closes', async () => {
    t.h = await boot(t.fake);
    t.fake.fail('sendMessage', { times: 1, chatId: 1022, delayMs: 700 });
    t.fake.sendText('/hotline', { id: 1022 });
    await t.fake.waitFor(() => t.fake.callsOf('sendMessage').some((c) => Number(c.params.chat_id) === 1022));
    await t.h.app.stop();
    expect(sentTo(t.fake, 1022)).toHaveLength(1);
    expect(t.h.logs.some((l) => l.includes('telegram update failed'))).toBe(false);
    t.h = undefined;
  });

  it('stops cleanly: polling ends and nothing more is read or sent', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('xin chào', { id: 1019 });
    await t.fake.waitFor(() => sentTo(t.fake, 1019).length >= 1);
    expect(t.h.channel.polling).toBe(true);
    await t.h.app.stop();
    expect(t.h.channel.polling).toBe(false);
    const polls = t.fake.callsOf('getUpdates').length;
    t.fake.sendText('còn đó không', { id: 1019 });
    await settle(400);
    expect(t.fake.callsOf('getUpdates')).toHaveLength(polls);
    expect(sentTo(t.fake, 1019)).toHaveLength(1);
    t.h = undefined;
  });
});
