/**
 * End-to-end: the real grammY bot, unchanged, against a fake Bot API server
 * on 127.0.0.1 (through TELEGRAM_API_ROOT).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { TelegramChannel } from '../../src/channels/telegram/channel.js';
import { renderHtml } from '../../src/channels/telegram/render.js';
import { parseConfig } from '../../src/config/index.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

let fake: FakeTelegramServer;
let app: App;
let logs: string[];

async function boot(env: Record<string, string> = {}): Promise<TelegramChannel> {
  logs = [];
  const sink = new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) });
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...env,
  });
  app = await createApp(config, pino({ level: 'info' }, sink));
  const ch = app.channels.get('telegram');
  if (!(ch instanceof TelegramChannel)) throw new Error('telegram channel not created');
  await app.start();
  return ch;
}

const sentTo = (chat: number) => fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chat);
const textsTo = (chat: number) => sentTo(chat).map((c) => String(c.params.text));
type Markup = { inline_keyboard: { text: string; callback_data: string }[][] };
const buttonsOf = (c: { params: Record<string, unknown> }) => ((c.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).flat();

beforeEach(async () => {
  fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
});
afterEach(async () => {
  await app?.stop();
  await fake.stop();
});

describe('Telegram channel (polling)', () => {
  it('registers the Vietnamese command menu and greets on /start', async () => {
    await boot();
    expect(fake.callsOf('setMyCommands')[0]?.params.commands).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: 'thutuc' }), expect.objectContaining({ command: 'hotline' })]),
    );
    fake.sendText('/start', { id: 1001 });
    await fake.waitFor(() => sentTo(1001).length >= 1);
    expect(textsTo(1001)[0]).toContain('Xin chào');
    expect(sentTo(1001)[0]!.params.parse_mode).toBe('HTML');
  });

  it('answers a question typed without diacritics with the right procedure, with 👍/👎 under it', async () => {
    await boot();
    fake.sendText('cho e hoi lam giay khai sinh cho con can gi', { id: 1002 });
    await fake.waitFor(() => sentTo(1002).some((c) => c.params.reply_markup));
    const last = sentTo(1002).at(-1)!;
    expect(textsTo(1002).join('\n')).toContain('<b>Đăng ký khai sinh (mã 1.001193)</b>');
    expect(buttonsOf(last).map((b) => b.text)).toEqual(expect.arrayContaining(['👍 Hữu ích', '👎 Chưa hữu ích']));
  });

  it('records feedback once per user and answer, then removes the feedback buttons', async () => {
    const ch = await boot();
    void ch;
    fake.sendText('đăng ký tạm trú', { id: 1003 });
    await fake.waitFor(() => sentTo(1003).some((c) => c.params.reply_markup));
    const last = sentTo(1003).at(-1)!;
    const up = buttonsOf(last).find((b) => b.text.startsWith('👍'))!;
    const msg = { message_id: 77, chat: { id: 1003, type: 'private' }, reply_markup: last.params.reply_markup };
    fake.press(up.callback_data, { id: 1003 }, msg);
    fake.press(up.callback_data, { id: 1003 }, msg);
    await fake.waitFor(() => fake.callsOf('answerCallbackQuery').length >= 2);
    const rows = app.db.prepare('SELECT helpful, entry_id FROM answer_feedback').all();
    expect(rows).toEqual([{ helpful: 1, entry_id: 'tam-tru' }]);
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.params.text)).toEqual([
      'Cảm ơn bạn đã góp ý!',
      'Bạn đã góp ý cho câu trả lời này rồi.',
    ]);
    const edited = fake.callsOf('editMessageReplyMarkup')[0]!;
    expect(JSON.stringify(edited.params.reply_markup)).not.toContain('"f:');
  });

  it('offers "Ý bạn là…" buttons and answers the one pressed', async () => {
    await boot();
    const question = 'bo me di lam xa, ong ba muon lam giam ho cho chau thi lam sao';
    expect(app.knowledge.engine.search(question).decision).toBe('suggest');
    fake.sendText(question, { id: 1004 });
    await fake.waitFor(() => sentTo(1004).length >= 1);
    const first = sentTo(1004)[0]!;
    expect(String(first.params.text)).toContain('Ý bạn là');
    const choice = buttonsOf(first).find((b) => b.callback_data === 'p:/xem giam-ho')!;
    expect(choice).toBeDefined();
    fake.press(choice.callback_data, { id: 1004 }, { message_id: 5, chat: { id: 1004, type: 'private' } });
    await fake.waitFor(() => sentTo(1004).length >= 2);
    expect(textsTo(1004)[1]).toContain('giám hộ');
  });

  it('opens an entry from a deep link /start <id>', async () => {
    await boot();
    fake.sendText('/start hotline-111', { id: 1005 });
    await fake.waitFor(() => sentTo(1005).length >= 1);
    expect(textsTo(1005)[0]).toContain('111');
  });

  it('in a group, ignores messages not addressed to the bot and answers mentions and commands', async () => {
    await boot();
    const group = { id: -100200, type: 'supergroup', title: 'Thôn 1' };
    fake.sendText('mai họp thôn lúc 8 giờ nhé mọi người', { id: 2001 }, group);
    fake.sendText('lam giay khai sinh o dau', { id: 2002 }, group);
    fake.sendText('@tro_ly_xa_bot lam giay khai sinh o dau', { id: 2003 }, group);
    fake.sendText('/hotline@tro_ly_xa_bot', { id: 2004 }, group);
    fake.sendText('/hotline@other_bot', { id: 2005 }, group);
    await fake.waitFor(() => textsTo(-100200).some((t) => t.includes('Số điện thoại cần biết')));
    await new Promise((r) => setTimeout(r, 300));
    const texts = textsTo(-100200);
    // one answer (possibly in several messages) to the mention, one to the command, nothing else
    expect(texts.filter((t) => t.startsWith('<b>Đăng ký khai sinh'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Số điện thoại cần biết'))).toHaveLength(1);
    expect(texts.at(-1)).toContain('Số điện thoại cần biết');
    expect(texts.length).toBe(renderHtml((await app.assistant.handle({ channel: 'telegram', userId: '9', chatId: '9', text: 'lam giay khai sinh o dau' }))[0]!).length + 1);
  });

  it('answers a sticker, a photo and an edited message politely', async () => {
    await boot();
    fake.push({ message: { message_id: 9, date: 0, chat: { id: 1006, type: 'private' }, from: { id: 1006, is_bot: false, first_name: 'A' }, sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } });
    fake.push({ edited_message: { message_id: 10, date: 0, edit_date: 1, chat: { id: 1006, type: 'private' }, from: { id: 1006, is_bot: false, first_name: 'A' }, text: 'sửa' } });
    await fake.waitFor(() => sentTo(1006).length >= 2);
    expect(textsTo(1006).every((t) => t.includes('chỉ đọc được tin nhắn chữ'))).toBe(true);
  });

  it('retries after the delay a 429 names', async () => {
    await boot();
    fake.fail('sendMessage', { times: 1, errorCode: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    fake.sendText('/help', { id: 1007 });
    await fake.waitFor(() => sentTo(1007).length >= 2, 15_000);
    const [first, second] = sentTo(1007);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(String(second!.params.text)).toContain('Trợ lý có thể giúp bạn');
  });

  it('logs a 403 "blocked" without crashing and keeps answering others', async () => {
    const ch = await boot();
    fake.fail('sendMessage', { times: 1, errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
    fake.sendText('/help', { id: 1008 });
    await fake.waitFor(() => logs.some((l) => l.includes('telegram update failed')));
    const line = JSON.parse(logs.find((l) => l.includes('telegram update failed'))!) as Record<string, unknown>;
    expect(line.channel).toBe('telegram');
    expect(line.user).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(line)).not.toContain('1008');
    fake.sendText('/help', { id: 1009 });
    await fake.waitFor(() => sentTo(1009).length >= 1);
    fake.fail('sendMessage', { times: 1, errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await ch.send('1010', { kind: 'info', sections: [{ text: 'x' }] })).toMatchObject({ ok: false, kind: 'blocked' });
    fake.fail('sendMessage', { times: 1, errorCode: 429, description: 'Too Many Requests', retryAfter: 7 });
    expect(await ch.send('1010', { kind: 'info', sections: [{ text: 'x' }] })).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('escapes HTML and splits long replies at 4,096 characters', async () => {
    const ch = await boot();
    const r = await ch.send('1011', { kind: 'info', title: 'Phí <b>& lệ phí</b>', sections: [{ text: 'Số 0912.345.678 (a < b)' }] });
    expect(r.ok).toBe(true);
    expect(textsTo(1011)[0]).toBe('<b>Phí &lt;b&gt;&amp; lệ phí&lt;/b&gt;</b>\n\nSố 0912.345.678 (a &lt; b)');
    const long = { kind: 'info' as const, sections: Array.from({ length: 40 }, (_, i) => ({ heading: `Mục ${i}`, items: Array.from({ length: 5 }, () => 'chữ '.repeat(40)) })) };
    const parts = renderHtml(long);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    await ch.send('1012', long);
    expect(textsTo(1012)).toEqual(parts);
  });
});

describe('Telegram channel (start-up)', () => {
  it('keeps the app running and retries when Telegram cannot be reached', async () => {
    const root = fake.apiRoot;
    await fake.stop();
    const started = Date.now();
    await boot({ TELEGRAM_API_ROOT: root });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logs.some((l) => l.includes('cannot reach Telegram; retrying'))).toBe(true);
    expect(logs.join('')).not.toContain(fake.token);
    fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
  });

  it('stops trying when Telegram refuses the token', async () => {
    await boot({ TELEGRAM_BOT_TOKEN: '999999:WRONG-token-abcdefghijklmnopqrstuvwxyz' });
    expect(logs.some((l) => l.includes('Telegram refused the token'))).toBe(true);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });
});

describe('Telegram channel (webhook)', () => {
  const env = { TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram', TELEGRAM_WEBHOOK_SECRET: 'a1b2c3d4e5f6g7h8i9j0' };

  it('sets the webhook with its secret, refuses requests without it, answers with it', async () => {
    await boot(env);
    expect(fake.callsOf('setWebhook')[0]?.params).toMatchObject({ url: env.TELEGRAM_WEBHOOK_URL, secret_token: env.TELEGRAM_WEBHOOK_SECRET });
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    const update = { update_id: 1, ...fake.textUpdate('gks', { id: 3001 }) };
    const none = await app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: update });
    const wrong = await app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers: { 'x-telegram-bot-api-secret-token': 'wrong-secret-value-00' } });
    expect([none.statusCode, wrong.statusCode]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(sentTo(3001)).toHaveLength(0);
    const bad = await app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: { hello: 1 }, headers: { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET } });
    expect(bad.statusCode).toBe(400);
    const ok = await app.http.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers: { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET } });
    expect(ok.statusCode).toBe(200);
    await fake.waitFor(() => sentTo(3001).length >= 1);
    expect(textsTo(3001)[0]).toContain('Đăng ký khai sinh');
  });
});

describe('deep links CLI', () => {
  it('prints a t.me link for every entry, using getMe for the username', async () => {
    const { spawn } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/telegram-links.ts', '--tsv'], {
        env: { ...process.env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent' },
      });
      let s = '';
      p.stdout.on('data', (d: Buffer) => (s += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`exit ${code}`))));
    });
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(60);
    expect(lines).toContain('khai-sinh\tĐăng ký khai sinh\thttps://t.me/tro_ly_xa_bot?start=khai-sinh');
    expect(lines.every((l) => /\?start=[a-z0-9-]{1,64}$/.test(l))).toBe(true);
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });
});
