/**
 * Broadcast benchmark: 20,000 Telegram subscribers, a fake Telegram Bot API
 * server allowing N = 1,000 sendMessage calls per second (429 with
 * retry_after 1 beyond it), and the assistant itself in a child process
 * (`npm start`'s entry point: the app builds its real grammY Telegram channel
 * from TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT pointing at the fake, and the
 * broadcast engine on a SQLite file, BROADCAST_TELEGRAM_RATE just under N).
 * Run 1: straight through. Run 2: SIGKILL at 50 %, restart.
 *
 * The fake runs in this process, so a killed app cannot hide a send: lost and
 * duplicated messages are counted per chat at the fake. Also, cheaply, the same
 * two runs through the channel-neutral HTTP recorder (BENCH_NEUTRAL=0 skips them).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishAndStop, startAppProcess, until } from '../tests/announcements/fixtures/app-process.js';
import { Recorder } from '../tests/announcements/fixtures/recorder.js';
import { outboxCounts, seedBroadcast } from '../tests/announcements/fixtures/seed.js';
import { FakeTelegramServer } from '../tests/fakes/telegram-server.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
const N = Number(process.env.BENCH_RATE ?? 1000);
const NEUTRAL = process.env.BENCH_NEUTRAL !== '0';
/** BROADCAST_CONCURRENCY (the default). */
const CONCURRENCY = 8;
/** The worker is set just under the service's limit, as in production (25/s against Telegram's ~30/s). */
const WORKER_RATE = Math.floor(N * 0.98);
const NEUTRAL_BURST = Math.max(1, Math.round(N / 50));
const NEUTRAL_CHILD = 'tests/announcements/fixtures/broadcast-child.ts';
const TIMEOUT_MS = Math.max(120_000, (SUBSCRIBERS / N) * 5000);

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

const tick = () => new Promise((r) => setTimeout(r, 1));

/** The runs through the real Telegram channel of the app and the fake Bot API server. */
async function runTelegram(kill: boolean): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ann-bench-tg-'));
  const db = join(dir, 'bench.db');
  seedBroadcast(db, SUBSCRIBERS);
  const fake = await new FakeTelegramServer({ messagesPerSecond: N }).start();
  const opts = { db, fake, rate: WORKER_RATE, concurrency: CONCURRENCY };
  const t0 = performance.now();
  let app = startAppProcess(opts);
  let peak = 0;
  let downMs = 0;
  if (kill) {
    const first = app;
    await until(() => fake.sentOk >= SUBSCRIBERS / 2 || first.child.exitCode !== null, TIMEOUT_MS, 'half way');
    peak = first.peakRss();
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = fake.lastOkAt;
    const atKill = fake.sentOk;
    app = startAppProcess(opts);
    const second = app;
    // Downtime (kill → first send after the restart, mostly process start-up) is
    // reported in the wall time, not counted against the sending rate.
    await until(() => fake.sentOk > atKill || second.child.exitCode !== null, TIMEOUT_MS, 'restart');
    downMs = fake.lastOkAt - killedAt;
  }
  const code = await finishAndStop(app, db, TIMEOUT_MS);
  if (code !== 0) throw new Error(`the app exited with ${code}`);
  peak = Math.max(peak, app.peakRss());
  const wall = (performance.now() - t0) / 1000;
  const per = fake.deliveries();
  await fake.stop();
  let lost = 0;
  for (let i = 1; i <= SUBSCRIBERS; i++) if (!per.has(String(100_000 + i))) lost++;
  const sendSeconds = (fake.lastOkAt - fake.firstOkAt - downMs) / 1000;
  const res: Result = {
    run: `Telegram: ${kill ? 'SIGKILL at 50 % + restart' : 'straight through'}`,
    delivered: per.size,
    lost,
    duplicated: [...per.values()].reduce((a, n) => a + n - 1, 0),
    rejected429: fake.rateLimited,
    sendSeconds,
    // The first send (and, after a restart, the first one again) opens an interval.
    rate: (fake.sentOk - (kill ? 2 : 1)) / sendSeconds,
    wallSeconds: wall,
    peakRssMb: peak / 1024 / 1024,
    dbSent: outboxCounts(db).sent ?? 0,
  };
  rmSync(dir, { recursive: true, force: true });
  return res;
}

function startNeutral(db: string, url: string, peak: { rss: number }): ChildProcess {
  const c = fork(NEUTRAL_CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DB: db,
      URL: url,
      CONCURRENCY: String(CONCURRENCY),
      RATE: String(WORKER_RATE),
      BURST: String(NEUTRAL_BURST),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  c.on('message', (m: { rss?: number }) => {
    if (m.rss) peak.rss = Math.max(peak.rss, m.rss);
  });
  return c;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.once('exit', (code) => r(code)));

/** The runs through the engine alone and the channel-neutral HTTP recorder. */
async function runNeutral(kill: boolean): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ann-bench-'));
  const db = join(dir, 'bench.db');
  seedBroadcast(db, SUBSCRIBERS);
  const rec = new Recorder({ ratePerSec: N, latencyMs: 1 });
  const url = await rec.start();
  const peak = { rss: 0 };
  const t0 = performance.now();
  let child = startNeutral(db, url, peak);
  let downMs = 0;
  if (kill) {
    const first = exited(child);
    while (rec.total < SUBSCRIBERS / 2) await tick();
    child.kill('SIGKILL');
    await first;
    const killedAt = rec.lastAt;
    const deliveredAtKill = rec.total;
    child = startNeutral(db, url, peak);
    while (rec.total === deliveredAtKill) await tick();
    downMs = rec.lastAt - killedAt;
  }
  const code = await exited(child);
  if (code !== 0) throw new Error(`worker exited with ${code}`);
  const wall = (performance.now() - t0) / 1000;
  await rec.stop();
  const sendSeconds = (rec.lastAt - rec.firstAt - downMs) / 1000;
  const res: Result = {
    run: `neutral HTTP: ${kill ? 'SIGKILL at 50 % + restart' : 'straight through'}`,
    delivered: rec.counts.size,
    lost: SUBSCRIBERS - rec.counts.size,
    duplicated: rec.duplicates(),
    rejected429: rec.rejected,
    sendSeconds,
    rate: (rec.total - (kill ? 2 : 1)) / sendSeconds,
    wallSeconds: wall,
    peakRssMb: peak.rss / 1024 / 1024,
    dbSent: outboxCounts(db).sent ?? 0,
  };
  rmSync(dir, { recursive: true, force: true });
  return res;
}

const tg = [await runTelegram(false), await runTelegram(true)];
const neutral = NEUTRAL ? [await runNeutral(false), await runNeutral(true)] : [];
const f = (n: number, d = 0) => n.toFixed(d);
const out = (s: string) => process.stdout.write(s);
out(
  `Broadcast: ${SUBSCRIBERS} subscribers, service allows N = ${N} msg/s, BROADCAST_TELEGRAM_RATE ${WORKER_RATE}, BROADCAST_CONCURRENCY ${CONCURRENCY}\n`,
);
out(
  'run                                       | delivered | lost | dup | 429 | send s | msg/s | % of N | wall s | worker peak RSS\n',
);
out(
  '------------------------------------------|-----------|------|-----|-----|--------|-------|--------|--------|----------------\n',
);
for (const r of [...tg, ...neutral]) {
  out(
    `${r.run.padEnd(42)}| ${String(r.delivered).padStart(9)} | ${String(r.lost).padStart(4)} | ${String(r.duplicated).padStart(3)} | ${String(r.rejected429).padStart(3)} | ${f(r.sendSeconds, 1).padStart(6)} | ${f(r.rate).padStart(5)} | ${f((100 * r.rate) / N, 1).padStart(5)}% | ${f(r.wallSeconds, 1).padStart(6)} | ${f(r.peakRssMb, 1)} MB\n`,
  );
}
const met = (r: Result, maxDup: number) =>
  r.lost === 0 && r.dbSent === SUBSCRIBERS && r.duplicated <= maxDup && r.rate >= 0.95 * N;
const ok =
  met(tg[0]!, 0) && met(tg[1]!, CONCURRENCY) && (!NEUTRAL || (met(neutral[0]!, 0) && met(neutral[1]!, CONCURRENCY)));
// A lost or an extra duplicate is a bug, not a slow machine: fail the run.
const correct = [...tg, ...neutral].every(
  (r, i) => r.lost === 0 && r.dbSent === SUBSCRIBERS && r.duplicated <= (i % 2 === 0 ? 0 : CONCURRENCY),
);
if (!correct) process.exitCode = 1;
out(
  `Target: ≥ 95 % of N, 0 lost, 0 duplicated (after SIGKILL: ≤ ${CONCURRENCY}, the messages in flight). ${ok ? 'OK' : 'NOT MET'}\n` +
    `Telegram rows: the app process (\`npm start\` entry point via tsx, grammY loaded); RSS is its peak (VmHWM).\n` +
    `Bench process RSS (fake server and its call log): ${f(process.memoryUsage().rss / 1024 / 1024, 1)} MB\n`,
);
