/**
 * The crash test through the real Telegram channel: the assistant itself
 * (`npm start`'s entry point, its Telegram channel built from
 * TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT) runs in a child process and
 * broadcasts with grammY to the fake Bot API server in this (parent) process,
 * so a killed child cannot hide a send. It is killed with SIGKILL halfway and
 * restarted. Everyone gets the message; duplicates are at most the messages in
 * flight (BROADCAST_CONCURRENCY).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { finishAndStop, startAppProcess, until, type AppProcess } from './fixtures/app-process.js';
import { outboxCounts, seedBroadcast } from './fixtures/seed.js';

const N = 300;
const CONCURRENCY = 8;
/** Slow enough (1.5 s for everyone) that the kill lands well before the end. */
const RATE = 200;
let dir = '';
let fake: FakeTelegramServer | undefined;
let app: AppProcess | undefined;

afterEach(async () => {
  if (app && app.child.exitCode === null && app.child.signalCode === null) {
    app.child.kill('SIGKILL');
    await app.exited;
  }
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('through Telegram: the app killed with SIGKILL halfway and restarted reaches everyone, duplicates ≤ concurrency', async () => {
  dir = mkdtempSync(join(tmpdir(), 'ann-tg-kill-'));
  const db = join(dir, 'a.db');
  seedBroadcast(db, N);
  fake = await new FakeTelegramServer({ messagesPerSecond: 1000 }).start();
  const f = fake;
  app = startAppProcess({ db, fake: f, rate: RATE, concurrency: CONCURRENCY });
  const first = app;
  await until(() => f.sentOk >= N / 2 || first.child.exitCode !== null, 30_000, 'the app did not reach half way');
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const atKill = f.sentOk;
  expect(atKill).toBeLessThan(N);
  expect(outboxCounts(db).sent ?? 0).toBeLessThan(N);

  app = startAppProcess({ db, fake: f, rate: RATE, concurrency: CONCURRENCY });
  expect(await finishAndStop(app, db, 30_000)).toBe(0);

  const per = f.deliveries();
  expect(f.sentOk).toBeGreaterThan(atKill); // the restarted app sent the rest
  expect(per.size).toBe(N); // everyone got it
  for (let i = 1; i <= N; i++) expect(per.get(String(100_000 + i)), `chat ${100_000 + i}`).toBeGreaterThanOrEqual(1);
  const duplicates = [...per.values()].reduce((a, n) => a + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
  expect(f.rateLimited).toBe(0);
  expect(outboxCounts(db)).toEqual({ sent: N });
}, 60_000);
