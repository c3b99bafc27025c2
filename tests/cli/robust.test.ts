/**
 * Every CLI prints Vietnamese usage for `--help` (exit 0), and a reader that
 * closes the pipe early (`… | head`) does not crash it with EPIPE.
 */
import { describe, expect, it } from 'vitest';
import { CLIS, runCli } from './run-cli.js';

/** A CLI run; `TELEGRAM_BOT_TOKEN` is cleared so none reaches Telegram. */
const run = (script: string, args: string[], closeStdout = false) =>
  runCli(script, args, { TELEGRAM_BOT_TOKEN: '' }, closeStdout);

describe('CLI robustness', () => {
  it.each(CLIS)('%s --help prints Vietnamese usage and exits 0', async (script) => {
    const r = await run(script, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Cách dùng: npm (run|start)/);
    expect(r.err).toBe('');
  });

  it('tg:links into a pipe closed early ends quietly', async () => {
    const r = await run('telegram-links.ts', ['--bot', 'xa_demo_bot'], true);
    expect(r.err).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  });

  it('kb:check into a pipe closed early ends quietly', async () => {
    const r = await run('kb-check.ts', ['--verbose'], true);
    expect(r.err).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  });
});
