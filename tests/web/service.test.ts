/**
 * `npm start` with the web chat enabled and standard input closed (as under
 * systemd): no console, and the server keeps serving /chat.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freePort } from '../helpers.js';

it('keeps serving the web chat when started without a terminal', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'web-service-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts'], {
    env: {
      ...process.env,
      WEB_CHAT_ENABLED: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'db.sqlite'),
      KNOWLEDGE_WATCH: 'false',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 20_000;
    let page: Response | undefined;
    while (!page && Date.now() < deadline) {
      page = await fetch(`http://127.0.0.1:${port}/chat`).catch(() => undefined);
      if (!page) await new Promise((r) => setTimeout(r, 200));
    }
    expect(page?.status, out).toBe(200);
    // Still up a while later: the closed standard input did not stop it.
    await new Promise((r) => setTimeout(r, 1000));
    const res = await fetch(`http://127.0.0.1:${port}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'lam can cuoc cho con' }),
    });
    expect(res.status, out).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(out).toContain('web chat ready');
    // Nothing the visitor typed reaches the log.
    expect(out).not.toContain('can cuoc cho con');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
