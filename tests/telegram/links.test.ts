/**
 * `npm run tg:links`: one deep link per knowledge entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';

let fake: FakeTelegramServer;
beforeEach(async () => {
  fake = await new FakeTelegramServer().start();
});
afterEach(async () => {
  await fake.stop();
});

const run = (args: string[], env: Record<string, string>) => runCli('telegram-links.ts', args, env);

describe('deep links CLI', () => {
  it('prints a t.me link for every entry, using getMe for the username', async () => {
    const r = await run(['--tsv'], { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(60);
    expect(lines).toContain('khai-sinh\tĐăng ký khai sinh\thttps://t.me/tro_ly_xa_bot?start=khai-sinh');
    expect(lines.every((l) => /\thttps:\/\/t\.me\/tro_ly_xa_bot\?start=[A-Za-z0-9_-]{1,64}$/.test(l))).toBe(true);
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });

  it('uses --bot without calling Telegram, and explains what is missing without a token', async () => {
    const r = await run(['--bot', '@xa_demo_bot'], { TELEGRAM_BOT_TOKEN: '', TELEGRAM_API_ROOT: fake.apiRoot });
    expect(r.code).toBe(0);
    expect(r.out).toContain('https://t.me/xa_demo_bot?start=khai-sinh');
    expect(fake.calls).toHaveLength(0);
    const missing = await run([], { TELEGRAM_BOT_TOKEN: '' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('TELEGRAM_BOT_TOKEN');
  });
});
