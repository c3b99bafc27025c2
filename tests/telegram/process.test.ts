/**
 * `npm start` as a real process with the Telegram channel (long polling)
 * against the fake Bot API server: answers, then stops cleanly on SIGTERM and
 * SIGINT without losing or repeating a message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

let fake: FakeTelegramServer;
let dir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  fake = await new FakeTelegramServer({ maxLongPollMs: 300 }).start();
  dir = mkdtempSync(join(tmpdir(), 'tg-proc-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

function start(): ChildProcess {
  const env = {
    ...process.env,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_PATH: join(dir, 'db.sqlite'),
    LOG_LEVEL: 'warn',
    PRIVACY_NOTICE: 'false', // counted replies: one per message
  };
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
const replies = (chat: number) =>
  fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chat && c.status === 200).length;

describe('npm start with Telegram', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'answers, then exits 0 on %s and a restart does not answer twice',
    async (signal) => {
      child = start();
      await fake.waitFor(() => fake.callsOf('getUpdates').length > 0, 20_000);
      fake.sendText('/hotline', { id: 4001 });
      await fake.waitFor(() => replies(4001) >= 1);
      const done = exited(child);
      child.kill(signal);
      expect(await done).toBe(0);
      const polls = fake.callsOf('getUpdates').length;
      await new Promise((r) => setTimeout(r, 400));
      expect(fake.callsOf('getUpdates')).toHaveLength(polls);
      child = start();
      fake.sendText('/help', { id: 4002 });
      await fake.waitFor(() => replies(4002) >= 1, 20_000);
      expect(replies(4001)).toBe(1);
    },
    60_000,
  );
});
