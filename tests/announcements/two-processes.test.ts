/**
 * Two app processes on one database, as behind a load balancer: both are
 * the real assistant (`npm start`'s entry point) in Telegram webhook mode,
 * each on a port of its own, sending through grammY to the fake Bot API in
 * this process. They share one broadcast (and one of them is killed with
 * SIGKILL halfway), fire a scheduled announcement once, and answer a webhook
 * update delivered to both of them once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { Announcements } from '../../src/announcements/service.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase } from '../../src/storage/db.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { readDatabase } from '../helpers.js';
import { broadcastDone, until, type AppProcess } from './fixtures/app-process.js';
import { sentByProcess, startWebhookApps, WEBHOOK_SECRET } from './fixtures/processes.js';
import { outboxCounts, seedBroadcast } from './fixtures/seed.js';

const CONCURRENCY = 8;
let dir = '';
let fake: FakeTelegramServer | undefined;
const apps: AppProcess[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) {
    if (a.child.exitCode === null && a.child.signalCode === null) {
      a.child.kill('SIGKILL');
      await a.exited;
    }
  }
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('two processes share one broadcast to 10,000; one killed with SIGKILL halfway, everyone gets it once (duplicates ≤ in flight)', async () => {
  const N = 10_000;
  dir = mkdtempSync(join(tmpdir(), 'two-proc-'));
  const db = join(dir, 'a.db');
  seedBroadcast(db, N);
  fake = await new FakeTelegramServer({ messagesPerSecond: 5000 }).start();
  const f = fake;
  await startWebhookApps(2, { db, fake: f, rate: 700, concurrency: CONCURRENCY }, apps);
  const [a, b] = apps as [AppProcess, AppProcess];
  await until(() => f.sentOk >= N / 2 || b.child.exitCode !== null, 60_000, 'the broadcast did not reach half way');
  b.child.kill('SIGKILL');
  expect((await b.exited).signal).toBe('SIGKILL');
  expect(f.sentOk).toBeLessThan(N);

  await until(() => broadcastDone(db) || a.child.exitCode !== null, 60_000, 'the broadcast did not finish', 50);
  expect(a.child.exitCode).toBeNull();
  const per = f.deliveries();
  expect(per.size).toBe(N);
  const duplicates = [...per.values()].reduce((s, n) => s + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
  expect(outboxCounts(db)).toEqual({ sent: N });
  // Both processes sent a good share of it.
  const shares = sentByProcess(db);
  expect(shares).toHaveLength(2);
  expect(shares[1]!).toBeGreaterThan(N / 10);
  expect(f.rateLimited).toBe(0);
}, 120_000);

it('two processes fire a scheduled announcement once, and answer a webhook update delivered to both once', async () => {
  dir = mkdtempSync(join(tmpdir(), 'two-proc-'));
  const db = join(dir, 'a.db');
  const d = openDatabase(db, ALL_MIGRATIONS);
  const ann = new Announcements({ db: d, log: silentLogger, channels: new Map(), hashUser: () => '' });
  for (let i = 1; i <= 50; i++) ann.subscriptions.subscribe('telegram', String(200_000 + i), false);
  ann.create({
    title: 'Lịch tiếp công dân',
    body: 'Thứ Năm tuần này.',
    audience: { kind: 'all' },
    schedule: { kind: 'at', at: Date.now() + 4000 },
  });
  d.close();
  fake = await new FakeTelegramServer({ messagesPerSecond: 5000 }).start();
  const f = fake;
  const ports = await startWebhookApps(2, { db, fake: f, rate: 200, concurrency: CONCURRENCY }, apps);

  // The same update to both processes at once, as a retry that lands on the other one.
  const update = { update_id: 777, ...f.textUpdate('gks', { id: 5001, first_name: 'A' }) };
  const post = (port: number, body: unknown) =>
    fetch(`http://127.0.0.1:${port}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { duplicate?: boolean } }));
  const answers = await Promise.all(ports.map((p) => post(p, update)));
  expect(answers.map((r) => r.status)).toEqual([200, 200]);
  expect(answers.filter((r) => r.body.duplicate === true)).toHaveLength(1);
  // The same question once, from another chat, for the length of one answer.
  const once = { update_id: 778, ...f.textUpdate('gks', { id: 5002, first_name: 'B' }) };
  expect((await post(ports[1]!, once)).status).toBe(200);
  await f.waitFor(() => (f.deliveries().get('5002') ?? 0) > 0 && (f.deliveries().get('5001') ?? 0) > 0, 10_000);

  await until(() => broadcastDone(db), 30_000, 'the scheduled announcement did not run', 50);
  await new Promise((r) => setTimeout(r, 1500));
  const per = f.deliveries();
  for (let i = 1; i <= 50; i++) expect(per.get(String(200_000 + i)), `chat ${200_000 + i}`).toBe(1);
  expect(per.get('5001')).toBe(per.get('5002'));
  const jobs = readDatabase(db);
  expect((jobs.prepare('SELECT COUNT(*) AS n FROM ann_jobs').get() as { n: number }).n).toBe(1);
  jobs.close();
}, 90_000);
