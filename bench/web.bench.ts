/**
 * Web chat benchmark: the app runs as one process of its own (`npm start`
 * with the web chat enabled and no terminal), and this process plays
 * visitors over real HTTP on 127.0.0.1, each with its own session cookie,
 * asking the questions of the project's evaluation set.
 *
 * - saturation: messages answered per second with 32 requests in flight;
 * - steady load: 100 messages a second for 10 s, sent on schedule whatever
 *   the replies do (open loop), with the p50/p99 reply latency;
 * - the widget's files, raw and gzipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { assetsDir } from '../src/channels/web/page.js';
import { readQuestions } from '../src/search/evaluate.js';

const SATURATION = 2000;
const IN_FLIGHT = 32;
const RATE = 100;
const SECONDS = 10;
const VISITORS = 200;

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'web-bench-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts'], {
  env: {
    ...process.env,
    WEB_CHAT_ENABLED: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'db.sqlite'),
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'warn',
    // Every visitor comes from 127.0.0.1 here: the limits are lifted for the load test.
    WEB_CHAT_RATE_PER_MINUTE: '1000',
    WEB_CHAT_IP_RATE_PER_MINUTE: '100000',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 200; i++) {
  if (
    await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 100));
}

const questions = readQuestions('tests/eval/questions.tsv').map((q) => q.question);
const cookies: (string | undefined)[] = new Array(VISITORS);
let failures = 0;

/** One message from visitor `v`; returns the latency in ms. */
async function ask(v: number, text: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}/api/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookies[v] ? { cookie: cookies[v]! } : {}) },
    body: JSON.stringify({ text }),
  });
  const set = res.headers.get('set-cookie');
  if (set) cookies[v] = set.split(';')[0];
  const body = (await res.json()) as { replies?: unknown[] };
  if (res.status !== 200 || !body.replies?.length) failures++;
  return performance.now() - t;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const f = (x: number) => x.toFixed(1);

// Warm-up: every visitor opens a session.
await Promise.all(Array.from({ length: VISITORS }, (_, v) => ask(v, 'xin chào')));

let next = 0;
const satMs: number[] = [];
const t0 = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < SATURATION) {
      const i = next++;
      satMs.push(await ask(i % VISITORS, questions[i % questions.length]!));
    }
  }),
);
const satSeconds = (performance.now() - t0) / 1000;

const steadyMs: number[] = [];
const pending: Promise<void>[] = [];
const start = performance.now();
for (let i = 0; i < RATE * SECONDS; i++) {
  const due = start + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(ask(i % VISITORS, questions[(i * 7) % questions.length]!).then((ms) => void steadyMs.push(ms)));
}
await Promise.all(pending);
const steadySeconds = (performance.now() - start) / 1000;

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });

console.log(
  `Web chat: the app in its own process on 127.0.0.1, ${VISITORS} visitors with session cookies, questions of the own evaluation set`,
);
console.table({
  [`saturation (${IN_FLIGHT} in flight)`]: {
    'messages/s': Math.round(SATURATION / satSeconds),
    'p50 ms': f(pct(satMs, 50)),
    'p99 ms': f(pct(satMs, 99)),
  },
  [`steady ${RATE}/s for ${SECONDS} s`]: {
    'messages/s': Math.round(steadyMs.length / steadySeconds),
    'p50 ms': f(pct(steadyMs, 50)),
    'p99 ms': f(pct(steadyMs, 99)),
  },
});
const sizes = ['widget.js', 'chat.js', 'chat.css'].map((name) => {
  const raw = readFileSync(join(assetsDir(), name));
  return { name, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
});
console.table(Object.fromEntries(sizes.map((s) => [s.name, { bytes: s.raw, 'gzipped bytes': s.gzip }])));
const total = sizes.reduce((s, x) => s + x.gzip, 0);
console.log(`widget total gzipped: ${(total / 1024).toFixed(1)} KB (budget 30 KB); failed requests: ${failures}`);
if (failures > 0 || total > 30 * 1024) process.exit(1);
