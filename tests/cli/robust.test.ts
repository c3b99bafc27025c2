/**
 * Every CLI prints Vietnamese usage for `--help` (exit 0), and a reader that
 * closes the pipe early (`… | head`) does not crash it with EPIPE.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(script: string, args: string[], closeStdout = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: '' },
    });
    let out = '';
    let err = '';
    // Closed before the CLI has started: its first write meets a closed pipe.
    if (closeStdout) p.stdout.destroy();
    else p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const CLIS = ['telegram-links.ts', 'kb-check.ts', 'qr.ts', 'report.ts', 'unanswered.ts', 'ask.ts', 'kb-import.ts', 'admin-link.ts', 'announce.ts', 'main.ts', 'zalo-login.ts'];

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
