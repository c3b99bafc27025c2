/** Telegram's command menu is the command registry's: what setMyCommands registers is what the core answers. */
import { describe, expect, it } from 'vitest';
import { boot, perTestTelegram } from './harness.js';

const t = perTestTelegram();

describe('Telegram command menu', () => {
  it('registers exactly the registry menu, every entry a registered resident command', async () => {
    t.h = await boot(t.fake);
    const sent = t.fake.callsOf('setMyCommands')[0]?.params.commands as { command: string; description: string }[];
    const registry = t.h.app.assistant.commands;
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
      'quyenriengtu',
    ]);
    for (const c of sent) expect(registry.find(c.command)?.role, c.command).toBe('resident');
  });
});
