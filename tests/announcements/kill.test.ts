import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Recorder } from './fixtures/recorder.js';
import { outboxCounts, seedBroadcast } from './fixtures/seed.js';

const CHILD = 'tests/announcements/fixtures/broadcast-child.ts';
const N = 3000;
const CONCURRENCY = 8;
let dir = '';
let recorder: Recorder | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await recorder?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(db: string, url: string): ChildProcess {
  return fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DB: db, URL: url, CONCURRENCY: String(CONCURRENCY), RATE: '1000' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function exited(c: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => c.once('exit', (code, signal) => resolve({ code, signal })));
}

it('a worker killed with SIGKILL halfway and restarted delivers to everyone, duplicates at most the concurrency', async () => {
  dir = mkdtempSync(join(tmpdir(), 'ann-kill-'));
  const db = join(dir, 'a.db');
  seedBroadcast(db, N);
  recorder = new Recorder({ latencyMs: 2 });
  const url = await recorder.start();

  child = start(db, url);
  const firstExit = exited(child);
  const deadline = Date.now() + 30_000;
  while (recorder.total < N / 2) {
    if (Date.now() > deadline) throw new Error('the worker did not reach half way');
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  const first = await firstExit;
  expect(first.signal).toBe('SIGKILL');
  const atKill = recorder.total;
  expect(atKill).toBeLessThan(N);
  const mid = outboxCounts(db);
  expect(mid.sent ?? 0).toBeLessThan(N);

  child = start(db, url);
  const second = await exited(child);
  expect(second.code).toBe(0);

  expect(recorder.counts.size).toBe(N); // everyone got it
  expect(recorder.duplicates()).toBeLessThanOrEqual(CONCURRENCY);
  expect(outboxCounts(db)).toEqual({ sent: N });
}, 60_000);
