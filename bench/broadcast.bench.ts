/**
 * Broadcast benchmark: 20,000 subscribers, an outside service allowing
 * N = 1,000 messages/s (token bucket; 429 with retry_after beyond it), the
 * real engine in a child process (scheduler, outbox, worker, reporter on a
 * SQLite file). Run 1: straight through. Run 2: SIGKILL at 50 %, restart.
 * Prints achieved rate, lost, duplicated, 429s and memory.
 *
 * Two services: the fake Telegram Bot API server (tests/fakes), reached
 * through the real Telegram channel (grammY) in the worker process, and the
 * channel-neutral HTTP recorder from tests/announcements. Both run in this
 * process, so a killed worker cannot hide a send.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from '../tests/announcements/fixtures/recorder.js';
import { FakeTelegramServer } from '../tests/fakes/telegram-server.js';
import { outboxCounts, seedBroadcast } from '../tests/announcements/fixtures/seed.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const N = Number(process.env.BENCH_RATE ?? 1000);
const CONCURRENCY = 8;
/** The worker is set just under the service's limit, as in production (25/s against Telegram's ~30/s). */
const WORKER_RATE = Math.floor(N * 0.98);
const WORKER_BURST = Math.max(1, Math.round(N / 50));
const CHILD = 'tests/announcements/fixtures/broadcast-child.ts';
const TELEGRAM_CHILD = 'tests/announcements/fixtures/telegram-child.ts';

interface Result {
  run: string;
  delivered: number;
  lost: number;
  duplicated: number;
  rejected429: number;
  sendSeconds: number;
  rate: number;
  wallSeconds: number;
  peakRssMb: number;
  dbSent: number;
}

function startChild(db: string, url: string, peak: { rss: number }): ChildProcess {
  const c = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DB: db, URL: url, CONCURRENCY: String(CONCURRENCY), RATE: String(WORKER_RATE), BURST: String(WORKER_BURST), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  c.on('message', (m: { rss?: number }) => {
    if (m.rss) peak.rss = Math.max(peak.rss, m.rss);
  });
  return c;
}

function startTelegramChild(db: string, fake: FakeTelegramServer, peak: { rss: number }): ChildProcess {
  const c = fork(TELEGRAM_CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DB: db, TOKEN: fake.token, API_ROOT: fake.apiRoot, CONCURRENCY: String(CONCURRENCY), RATE: String(WORKER_RATE), BURST: String(WORKER_BURST), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  c.on('message', (m: { rss?: number }) => {
    if (m.rss) peak.rss = Math.max(peak.rss, m.rss);
  });
  return c;
}

/** The same runs through the real Telegram channel and the fake Bot API server. */
async function runTelegram(kill: boolean): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ann-bench-tg-'));
  const db = join(dir, 'bench.db');
  seedBroadcast(db, SUBSCRIBERS);
  const fake = await new FakeTelegramServer({ messagesPerSecond: N }).start();
  const peak = { rss: 0 };
  const t0 = performance.now();
  let child = startTelegramChild(db, fake, peak);
  let downMs = 0;
  if (kill) {
    const first = exited(child);
    while (fake.sentOk < SUBSCRIBERS / 2) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await first;
    const killedAt = fake.lastOkAt;
    const atKill = fake.sentOk;
    child = startTelegramChild(db, fake, peak);
    while (fake.sentOk === atKill) await new Promise((r) => setTimeout(r, 1));
    downMs = fake.lastOkAt - killedAt;
  }
  const code = await exited(child);
  if (code !== 0) throw new Error(`worker exited with ${code}`);
  const wall = (performance.now() - t0) / 1000;
  const per = fake.deliveries();
  await fake.stop();
  const sendSeconds = (fake.lastOkAt - fake.firstOkAt) / 1000 - downMs / 1000;
  const res: Result = {
    run: `Telegram: ${kill ? 'SIGKILL at 50 % + restart' : 'straight through'}`,
    delivered: per.size,
    lost: SUBSCRIBERS - per.size,
    duplicated: [...per.values()].reduce((a, n) => a + n - 1, 0),
    rejected429: fake.rateLimited,
    sendSeconds,
    rate: (fake.sentOk - (kill ? 1 : 0)) / sendSeconds,
    wallSeconds: wall,
    peakRssMb: peak.rss / 1024 / 1024,
    dbSent: outboxCounts(db).sent ?? 0,
  };
  rmSync(dir, { recursive: true, force: true });
  return res;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.once('exit', (code) => r(code)));

async function run(kill: boolean): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ann-bench-'));
  const db = join(dir, 'bench.db');
  seedBroadcast(db, SUBSCRIBERS);
  const rec = new Recorder({ ratePerSec: N, latencyMs: 1 });
  const url = await rec.start();
  const peak = { rss: 0 };
  const t0 = performance.now();
  let child = startChild(db, url, peak);
  let downMs = 0;
  if (kill) {
    const first = exited(child);
    while (rec.total < SUBSCRIBERS / 2) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    await first;
    const killedAt = rec.lastAt;
    const deliveredAtKill = rec.total;
    child = startChild(db, url, peak);
    // Downtime (kill → first delivery after the restart, mostly process start-up) is
    // reported in the wall time, not counted against the sending rate.
    while (rec.total === deliveredAtKill) await new Promise((r) => setTimeout(r, 1));
    downMs = rec.lastAt - killedAt;
  }
  const code = await exited(child);
  if (code !== 0) throw new Error(`worker exited with ${code}`);
  const wall = (performance.now() - t0) / 1000;
  await rec.stop();
  const sendSeconds = (rec.lastAt - rec.firstAt) / 1000 - downMs / 1000;
  const res: Result = {
    run: `recorder: ${kill ? 'SIGKILL at 50 % + restart' : 'straight through'}`,
    delivered: rec.counts.size,
    lost: SUBSCRIBERS - rec.counts.size,
    duplicated: rec.duplicates(),
    rejected429: rec.rejected,
    sendSeconds,
    rate: (rec.total - (kill ? 1 : 0)) / sendSeconds,
    wallSeconds: wall,
    peakRssMb: peak.rss / 1024 / 1024,
    dbSent: outboxCounts(db).sent ?? 0,
  };
  rmSync(dir, { recursive: true, force: true });
  return res;
}

const results = [await runTelegram(false), await runTelegram(true), await run(false), await run(true)];
const f = (n: number, d = 0) => n.toFixed(d);
process.stdout.write(`Broadcast: ${SUBSCRIBERS} subscribers, service allows N = ${N} msg/s, worker concurrency ${CONCURRENCY}\n`);
process.stdout.write('run                                   | delivered | lost | dup | 429 | send s | msg/s  | % of N | wall s | worker peak RSS\n');
process.stdout.write('--------------------------------------|-----------|------|-----|-----|--------|--------|--------|--------|----------------\n');
for (const r of results) {
  process.stdout.write(
    `${r.run.padEnd(38)}| ${String(r.delivered).padStart(9)} | ${String(r.lost).padStart(4)} | ${String(r.duplicated).padStart(3)} | ${String(r.rejected429).padStart(3)} | ${f(r.sendSeconds, 1).padStart(6)} | ${f(r.rate).padStart(6)} | ${f((100 * r.rate) / N, 1).padStart(5)}% | ${f(r.wallSeconds, 1).padStart(6)} | ${f(r.peakRssMb, 1)} MB\n`,
  );
}
const ok =
  results.every((r) => r.lost === 0 && r.dbSent === SUBSCRIBERS) &&
  results[0]!.duplicated === 0 &&
  results[2]!.duplicated === 0 &&
  results[1]!.duplicated <= CONCURRENCY &&
  results[3]!.duplicated <= CONCURRENCY &&
  results[0]!.rate >= 0.95 * N &&
  results[2]!.rate >= 0.95 * N;
process.stdout.write(
  `Target: ≥95 % of N, 0 lost, 0 duplicated (after SIGKILL: ≤ ${CONCURRENCY}, the messages in flight). ${ok ? 'OK' : 'NOT MET'}\n` +
    `Bench process RSS: ${f(process.memoryUsage().rss / 1024 / 1024, 1)} MB\n`,
);
