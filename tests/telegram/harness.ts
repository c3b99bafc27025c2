/**
 * Shared set-up for the Telegram end-to-end tests: the whole app (real grammY
 * bot, real assistant, shipped knowledge) against the fake Bot API server.
 */
import { memoryLogger } from '../helpers.js';
import { afterEach, beforeEach } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { TelegramChannel } from '../../src/channels/telegram/channel.js';
import { parseConfig } from '../../src/config/index.js';
import { type FakeCall, FakeTelegramServer } from '../fakes/telegram-server.js';

/** A running app with its Telegram channel, the fake server and the captured log lines. */
export interface Harness {
  app: App;
  channel: TelegramChannel;
  fake: FakeTelegramServer;
  logs: string[];
}

/** Builds and starts the app against `fake` with extra environment variables (never listening on a fixed port). */
export async function boot(fake: FakeTelegramServer, env: Record<string, string> = {}): Promise<Harness> {
  const { logger, lines: logs } = memoryLogger('info');
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    // The first-contact notice has its own tests (tests/privacy); here it would add a reply to each first message.
    PRIVACY_NOTICE: 'false',
    ...env,
  });
  const app = await createApp(config, logger);
  const channel = app.channels.get('telegram');
  if (!(channel instanceof TelegramChannel)) throw new Error('telegram channel not created');
  if (app.httpNeeded) {
    // Webhook mode: start everything but the listener on PORT; tests use inject() or listen on port 0.
    for (const ch of app.channels.values()) await ch.start();
    for (const s of app.services) await s.start();
  } else await app.start();
  return { app, channel, fake, logs };
}

type Markup = { inline_keyboard: { text: string; callback_data: string }[][] };

/** Successful sendMessage calls to a chat. */
export const sentTo = (fake: FakeTelegramServer, chat: number): FakeCall[] =>
  fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chat && c.status === 200);
/** Texts (HTML) sent to a chat. */
export const textsTo = (fake: FakeTelegramServer, chat: number): string[] =>
  sentTo(fake, chat).map((c) => String(c.params.text));
/** Inline buttons of a sendMessage call. */
export const buttonsOf = (c: FakeCall): { text: string; callback_data: string }[] =>
  ((c.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).flat();
/** The message a successful call returned. */
export const messageOf = (c: FakeCall): { message_id: number; chat: { id: number; type: string } } =>
  c.result as { message_id: number; chat: { id: number; type: string } };
/** Waits a little so that updates that should be ignored would have been answered. */
export const settle = (ms = 300): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A test's fake Bot API (started before each test) and its app, once booted (both stopped after each test). */
export interface TelegramTest {
  fake: FakeTelegramServer;
  h: Harness | undefined;
}

/**
 * Registers the per-test hooks every Telegram test needs: a fresh fake Bot
 * API before each test; the app (when one was booted) and the fake stopped after.
 */
export function perTestTelegram(opts: { maxLongPollMs?: number } = { maxLongPollMs: 200 }): TelegramTest {
  const t: TelegramTest = { fake: undefined as unknown as FakeTelegramServer, h: undefined };
  beforeEach(async () => {
    t.fake = await new FakeTelegramServer(opts).start();
  });
  afterEach(async () => {
    await t.h?.app.stop();
    t.h = undefined;
    await t.fake.stop();
  });
  return t;
}
