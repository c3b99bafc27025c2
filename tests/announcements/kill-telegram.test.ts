/**
 * The crash test through the real Telegram channel: a worker process sending
 * with grammY to the fake Bot API server in this (parent) process is killed
 * with SIGKILL halfway and restarted. Everyone gets the message; duplicates
 * are at most the messages in flight (the worker's concurrency).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { outboxCounts, seedBroadcast } from './fixtures/seed.js';

const CHILD = 'tests/announcements/fixtures/telegram-child.ts';
const N = 600;
const CONCURRENCY = 8;
let dir = '';
let fake: FakeTelegramServer | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const start = (db: string, f: FakeTelegramServer) =>
  fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DB: db, TOKEN: f.token, API_ROOT: f.apiRoot, CONCURRENCY: String(CONCURRENCY), RATE: '400' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => c.once('exit', (code, signal) => r({ code, signal })));
const delivered = (f: FakeTelegramServer) => [...f.deliveries().values()].reduce((a, b) => a + b, 0);

it('through Telegram: killed with SIGKILL halfway and restarted, everyone is reached, duplicates ≤ concurrency', async () => {
  dir = mkdtempSync(join(tmpdir(), 'ann-tg-kill-'));
  const db = join(dir, 'a.db');
  seedBroadcast(db, N);
  fake = await new FakeTelegramServer({ messagesPerSecond: 500 }).start();
  child = start(db, fake);
  const firstExit = exited(child);
  const deadline = Date.now() + 30_000;
  while (delivered(fake) < N / 2) {
    if (Date.now() > deadline) throw new Error('the worker did not reach half way');
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  expect((await firstExit).signal).toBe('SIGKILL');
  expect(delivered(fake)).toBeLessThan(N);

  child = start(db, fake);
  expect((await exited(child)).code).toBe(0);

  const per = fake.deliveries();
  expect(per.size).toBe(N);
  const duplicates = [...per.values()].reduce((a, n) => a + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
  expect(outboxCounts(db)).toEqual({ sent: N });
}, 60_000);
