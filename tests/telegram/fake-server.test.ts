/**
 * The fake Bot API server itself (issue 5 reuses it): wire format, long
 * polling, conflicts, checks, per-chat faults and the global rate cap.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';

let fake: FakeTelegramServer;
const call = async (method: string, body: Record<string, unknown> = {}, token = fake.token) => {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      ok: boolean;
      // biome-ignore lint/suspicious/noExplicitAny: the Bot API's result differs per method; each test reads its own fields
      result?: any;
      error_code?: number;
      description?: string;
      parameters?: { retry_after?: number };
    },
  };
};

beforeEach(async () => {
  fake = await startFakeTelegram({ maxLongPollMs: 300 });
});
afterEach(async () => {
  await fake.stop();
});

describe('fake Telegram Bot API server', () => {
  it('answers in Bot API shape, 401 for a wrong token, 404 for an unknown method', async () => {
    expect((await call('getMe')).json).toMatchObject({ ok: true, result: { is_bot: true, username: 'tro_ly_xa_bot' } });
    expect(await call('getMe', {}, '1:wrong')).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect((await call('sendSticker')).status).toBe(404);
  });

  it('returns the entities of an HTML text like Telegram (UTF-16 offsets), and keeps given entities on edit', async () => {
    const html = '<b>Đăng ký</b> 🙂 &amp; <a href="https://a.vn/?x=1&amp;y=2">cổng</a>\n<i>nguồn</i>';
    const sent = (await call('sendMessage', { chat_id: 5, text: html, parse_mode: 'HTML' })).json.result;
    expect(sent.text).toBe('Đăng ký 🙂 & cổng\nnguồn');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 7 },
      { type: 'text_link', offset: 13, length: 4, url: 'https://a.vn/?x=1&y=2' },
      { type: 'italic', offset: 18, length: 5 },
    ]);
    const edited = (
      await call('editMessageText', {
        chat_id: 5,
        message_id: sent.message_id,
        text: 'Đăng ký',
        entities: [{ type: 'bold', offset: 0, length: 7 }],
      })
    ).json.result;
    expect(edited).toMatchObject({ text: 'Đăng ký', entities: [{ type: 'bold', offset: 0, length: 7 }] });
    const plain = (await call('editMessageText', { chat_id: 5, message_id: sent.message_id, text: 'khác' })).json
      .result;
    expect(plain.entities).toBeUndefined();
  });

  it('long-polls getUpdates, confirms with offset, and gives 409 to a replaced poll or while a webhook is set', async () => {
    const started = Date.now();
    expect((await call('getUpdates', { timeout: 30 })).json.result).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const waiting = call('getUpdates', { timeout: 30 });
    setTimeout(() => fake.sendText('xin chào', { id: 7 }), 50);
    const got = (await waiting).json.result as { update_id: number; message: { text: string } }[];
    expect(got.map((u) => u.message.text)).toEqual(['xin chào']);
    fake.sendText('hai', { id: 7 });
    expect((await call('getUpdates', { offset: got[0]!.update_id })).json.result).toHaveLength(2);
    expect((await call('getUpdates', { offset: got[0]!.update_id + 1, limit: 1 })).json.result).toHaveLength(1);
    expect((await call('getUpdates', { offset: got[0]!.update_id + 2 })).json.result).toEqual([]);
    const first = call('getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    const second = call('getUpdates', { timeout: 30 });
    expect((await first).status).toBe(409);
    expect((await second).status).toBe(200);
    await call('setWebhook', { url: 'https://x.example/hook' });
    expect((await call('getUpdates')).json.description).toContain(
      "can't use getUpdates method while webhook is active",
    );
  });

  it('checks texts like Telegram: HTML tags, length after parsing, empty text, callback data', async () => {
    const send = (text: string, extra: Record<string, unknown> = {}) =>
      call('sendMessage', { chat_id: 9, text, parse_mode: 'HTML', ...extra });
    expect((await send('<b>a &amp; b</b> <i>c</i> <a href="https://x.vn">d</a>')).status).toBe(200);
    expect((await send('<p>x</p>')).json.description).toContain('Unsupported start tag "p"');
    expect((await send('<b>x')).json.description).toContain("Can't find end tag");
    expect((await send('a < b')).status).toBe(400);
    expect((await send('<b></b>')).json.description).toBe('Bad Request: message text is empty');
    expect((await send(`<b>${'ư'.repeat(4096)}</b>`)).status).toBe(200);
    expect((await send('ư'.repeat(4097))).json.description).toBe('Bad Request: message is too long');
    const kb = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: data }]] } });
    expect((await send('ok', kb('đ'.repeat(32)))).status).toBe(200);
    expect((await send('ok', kb('đ'.repeat(33)))).json.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('stores messages so edits behave like Telegram', async () => {
    const sent = (
      await call('sendMessage', {
        chat_id: 9,
        text: 'a',
        reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'y' }]] },
      })
    ).json.result;
    expect(sent).toMatchObject({
      message_id: expect.any(Number),
      chat: { id: 9, type: 'private' },
      from: { is_bot: true },
      text: 'a',
    });
    expect(typeof sent.date).toBe('number');
    expect(sent.date).toBeLessThan(1e11);
    expect(
      (await call('editMessageReplyMarkup', { chat_id: 9, message_id: sent.message_id })).json.result,
    ).not.toHaveProperty('reply_markup');
    expect(
      (await call('editMessageReplyMarkup', { chat_id: 9, message_id: sent.message_id })).json.description,
    ).toContain('message is not modified');
    expect((await call('editMessageText', { chat_id: 9, message_id: 999, text: 'b' })).json.description).toBe(
      'Bad Request: message to edit not found',
    );
    expect((await call('editMessageText', { chat_id: 9, message_id: sent.message_id, text: 'b' })).status).toBe(200);
    expect(fake.message(9, sent.message_id)!.text).toBe('b');
  });

  it('injects faults per method and chat: 429 with retry_after, 403 blocked, 5xx, slow answers', async () => {
    fake.fail('sendMessage', {
      times: 1,
      errorCode: 429,
      description: 'Too Many Requests: retry after 3',
      retryAfter: 3,
    });
    expect((await call('sendMessage', { chat_id: 1, text: 'x' })).json).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    fake.block(2);
    expect((await call('sendMessage', { chat_id: 2, text: 'x' })).json.description).toBe(
      'Forbidden: bot was blocked by the user',
    );
    expect((await call('sendMessage', { chat_id: 2, text: 'x' })).status).toBe(403);
    expect((await call('sendMessage', { chat_id: 3, text: 'x' })).status).toBe(200);
    fake.fail('sendMessage', { times: 1, chatId: 3, errorCode: 503, description: 'Service Unavailable' });
    expect((await call('sendMessage', { chat_id: 3, text: 'x' })).status).toBe(503);
    fake.clearFaults();
    fake.fail('getMe', { times: 1, delayMs: 200 });
    const t = Date.now();
    expect((await call('getMe')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    expect(fake.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 403, 403, 200, 503]);
  });

  it('pushes updates to a webhook with the secret header, again until it answers 2xx', async () => {
    const seen: { secret: unknown; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ secret: req.headers['x-telegram-bot-api-secret-token'], body });
        res.writeHead(seen.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      fake.webhook.target = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      expect(
        (await call('setWebhook', { url: 'https://x.example/hook', secret_token: 'abc_DEF-123' })).json.result,
      ).toBe(true);
      fake.sendText('một', { id: 8 });
      fake.sendText('hai', { id: 8 });
      // The fake records a delivery once the response is back, a moment after the hook has seen it.
      await fake.waitFor(() => seen.length >= 3 && fake.webhook.deliveries.length >= 3);
      expect(seen.every((s) => s.secret === 'abc_DEF-123')).toBe(true);
      expect(seen.map((s) => (JSON.parse(s.body) as { message: { text: string } }).message.text)).toEqual([
        'một',
        'một',
        'hai',
      ]);
      expect(fake.webhook.deliveries.map((d) => d.status)).toEqual([503, 200, 200]);
      expect((await call('getWebhookInfo')).json.result).toMatchObject({
        url: 'https://x.example/hook',
        pending_update_count: 0,
      });
    } finally {
      hook.close();
    }
  });

  it('answers 429 above the global messages-per-second cap', async () => {
    await fake.stop();
    fake = await startFakeTelegram({ messagesPerSecond: 5 });
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call('sendMessage', { chat_id: 100 + i, text: 'x' }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(fake.rateLimited).toBe(3);
    expect(fake.sentOk).toBe(5);
  });
});
