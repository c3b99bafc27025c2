/**
 * Replies are whole: `npm start` with the Zalo Bot channel is killed (-9)
 * between the parts of a two-part answer; started again on the same database
 * file, it sends the missing part, once, and nothing else twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botTextUpdate, startFakeBotServer, type FakeBotServer } from '../fakes/zalo-bot-server.js';

let fake: FakeBotServer;
let dir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  fake = await startFakeBotServer();
  dir = mkdtempSync(join(tmpdir(), 'outbox-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(): ChildProcess {
  const env = {
    ...process.env,
    TELEGRAM_BOT_TOKEN: '',
    ZALO_BOT_TOKEN: fake.token,
    ZALO_BOT_API_BASE: fake.url,
    DATABASE_PATH: join(dir, 'db.sqlite'),
    LOG_LEVEL: 'warn',
    PRIVACY_NOTICE: 'false', // counted sends: one reply per message
  };
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

const waitFor = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const exited = (p: ChildProcess) => new Promise<void>((resolve) => p.once('exit', () => resolve()));
const textsTo = (chat: string) =>
  fake
    .sent()
    .filter((b) => b.chat_id === chat)
    .map((b) => b.text);

describe('reply outbox across a kill -9', () => {
  it('sends the parts still missing after a restart, exactly once', async () => {
    // Reference run: the whole two-part answer, to compare with.
    child = start();
    await waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'));
    fake.pushUpdate(botTextUpdate({ userId: 'ref', text: '/thutuc' }));
    await waitFor(() => textsTo('ref').length >= 2);
    const whole = textsTo('ref');
    expect(whole.length).toBe(2);

    // The first part goes out, the second is under way when the process dies.
    fake.onSent = (b) => {
      if (b.chat_id === 'u-1') fake.holdSends = true;
    };
    fake.pushUpdate(botTextUpdate({ userId: 'u-1', text: '/thutuc' }));
    await waitFor(() => fake.calls.some((c) => c.method === 'sendMessage' && c.outcome === 'held'));
    const dead = exited(child);
    child.kill('SIGKILL');
    await dead;
    expect(textsTo('u-1')).toEqual([whole[0]]);

    fake.holdSends = false;
    fake.onSent = undefined;
    child = start();
    await waitFor(() => textsTo('u-1').length >= 2);
    fake.pushUpdate(botTextUpdate({ userId: 'u-2', text: '/help' }));
    await waitFor(() => textsTo('u-2').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(textsTo('u-1')).toEqual(whole);
    expect(textsTo('ref')).toEqual(whole);
  }, 60_000);
});
