/** Telegram's command menu is the command registry's: what setMyCommands registers is what the core answers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, type Harness } from './harness.js';

let fake: FakeTelegramServer;
let h: Harness | undefined;

beforeEach(async () => {
  fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
});
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
  await fake.stop();
});

describe('Telegram command menu', () => {
  it('registers exactly the registry menu, every entry a registered resident command', async () => {
    h = await boot(fake);
    const sent = fake.callsOf('setMyCommands')[0]?.params.commands as { command: string; description: string }[];
    const registry = h.app.assistant.commands;
    expect(sent).toEqual(registry.menu());
    expect(sent.map((c) => c.command)).toEqual([
      'start',
      'help',
      'thutuc',
      'hotline',
      'tintuc',
      'gapcanbo',
      'gopy',
      'dangky',
      'huy',
    ]);
    for (const c of sent) expect(registry.find(c.command)?.role, c.command).toBe('resident');
  });
});
