/**
 * Helpers of the admin tests: an app over a temporary copy of the fixture
 * knowledge base, with in-memory fake channels that record what is sent.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import type { Channel, ChannelName, IncomingMessage, Reply, SendResult } from '../../src/core/types.js';
import { silentLogger } from '../../src/log/index.js';
import { memoryLogger } from '../helpers.js';

export { memoryLogger };
import type { Logger } from 'pino';

/** A channel that keeps every sent reply in memory. */
export class FakeChannel implements Channel {
  readonly sent: { chatId: string; reply: Reply }[] = [];
  /** Result of the next sends (default ok). */
  result: SendResult = { ok: true, messageId: 'm1' };
  constructor(readonly name: ChannelName) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, reply: Reply): Promise<SendResult> {
    this.sent.push({ chatId, reply });
    return this.result;
  }
  /** Everything sent to one chat, as plain text. */
  textTo(chatId: string): string {
    return this.sent
      .filter((s) => s.chatId === chatId)
      .map((s) => replyText(s.reply))
      .join('\n---\n');
  }
}

/** All text of a reply (title, sections, buttons), for assertions. */
export function replyText(r: Reply): string {
  const parts = [r.title ?? ''];
  for (const s of r.sections) parts.push(s.heading ?? '', s.text ?? '', ...(s.items ?? []));
  for (const b of r.buttons ?? []) parts.push(`[${b.label}](${b.payload})`);
  if (r.footer) parts.push(r.footer);
  return parts.filter(Boolean).join('\n');
}

/** Channels the tests speak on (every channel that can appear in ADMIN_IDS). */
export const CHANNELS: ChannelName[] = ['console', 'telegram', 'zalo-oa', 'zalo-bot', 'zalo-personal'];

/** A test app with fake channels and its knowledge in a temp folder. */
export interface TestApp {
  app: App;
  dir: string;
  fakes: Map<ChannelName, FakeChannel>;
  clock: { now: number };
  /** Sends a message and returns the replies. */
  say(channel: ChannelName, userId: string, text: string, extra?: Partial<IncomingMessage>): Promise<Reply[]>;
  close(): Promise<void>;
}

/** The encryption key of the test apps (tickets keep contact details only with a key). */
export const TEST_DATA_KEY = 'dGVzdC1vbmx5LWtleS0zMi1ieXRlcy1sb25nLi4uLi4=';

/** Builds a {@link TestApp}. `env` adds configuration variables. */
export async function makeTestApp(
  env: Record<string, string> = {},
  opts: { logger?: Logger; now?: number } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'admin-kb-'));
  cpSync('tests/admin/fixtures/kb', dir, { recursive: true });
  const clock = { now: opts.now ?? Date.UTC(2026, 2, 10, 3, 0, 0) };
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_DIR: dir,
    KNOWLEDGE_WATCH: 'false',
    USER_ID_SALT: 'admin-test-salt-0123456789',
    DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
    // The first-contact notice has its own tests (tests/privacy); here it would add a reply to each first message.
    PRIVACY_NOTICE: 'false',
    ...env,
  });
  const app = await createApp(config, opts.logger ?? silentLogger, { now: () => clock.now });
  const fakes = new Map<ChannelName, FakeChannel>();
  for (const c of CHANNELS) {
    const f = new FakeChannel(c);
    fakes.set(c, f);
    app.channels.set(c, f);
  }
  return {
    app,
    dir,
    fakes,
    clock,
    say: (channel, userId, text, extra = {}) =>
      app.assistant.handle({ channel, userId, chatId: userId, text, ...extra }),
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
