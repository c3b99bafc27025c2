/**
 * Reload benchmark: how long answering stalls while the knowledge reloads.
 *
 * Builds a large valid knowledge folder (~4 MB of procedures in one file,
 * under the 5 MB limit, cloned from the shipped entries with varied ids),
 * then, in a fresh process per mode (flags of `npm start`), loads it into a
 * KnowledgeStore and reloads it while a question arrives every 10 ms:
 * event-loop delay (max, p99), reply latency of `engine.search` (arrival to
 * answer: max, p99), reload wall time, engine build time and RSS before,
 * peak and after. Modes: `worker` (the reload path) and `thread` (the whole
 * reload on the main thread, as before).
 *
 * `npm run bench -- reload`
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import pino from 'pino';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { readQuestions } from '../src/search/evaluate.js';
import { writeLargeKnowledge } from './large-knowledge.js';

type Mode = 'worker' | 'thread';
interface Probe {
  mode: Mode;
  via: string;
  reloadMs: number;
  buildMs: number;
  loopMax: number;
  loopP99: number;
  replyMax: number;
  replyP99: number;
  replies: number;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
}

const MB = 1024 * 1024;
const INTERVAL = 10;
/** Questions are scheduled this far ahead (ms). */
const HORIZON = 60_000;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One mode, in this process: reload `dir` while a question arrives every 10 ms. */
async function probe(mode: Mode, dir: string): Promise<Probe> {
  const logged: { msg: string; via?: string; buildMs?: number }[] = [];
  const sink = new Writable({
    write: (c, _e, cb) => {
      logged.push(JSON.parse(String(c)) as (typeof logged)[number]);
      cb();
    },
  });
  const store = KnowledgeStore.load(dir, pino({ level: 'info' }, sink), { inThread: mode === 'thread' });
  const questions = readQuestions('tests/eval/questions.tsv').map((q) => q.question);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const replies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // Question n arrives at t0 + 10n ms, each on its own timer (like messages queuing up while the loop
  // is blocked); its latency is arrival to answer.
  let t0 = 0;
  const arrivals: NodeJS.Timeout[] = [];
  const arrive = () => {
    t0 = performance.now();
    for (let n = 0; n < HORIZON / INTERVAL; n++) {
      arrivals.push(
        setTimeout(() => {
          store.engine.search(questions[n % questions.length]!);
          replies.push(performance.now() - (t0 + n * INTERVAL));
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }, n * INTERVAL),
      );
    }
  };
  await sleep(200); // let start-up settle before measuring
  loop.enable();
  arrive();
  await sleep(100);
  const started = performance.now();
  const r = await store.reload();
  const reloadMs = performance.now() - started;
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  await sleep(100);
  for (const t of arrivals) clearTimeout(t);
  loop.disable();
  if (performance.now() - t0 > HORIZON) throw new Error(`the reload took longer than the ${HORIZON} ms measured`);
  if (!r.ok) throw new Error(`reload failed: ${JSON.stringify(r.problems.slice(0, 3))}`);
  globalThis.gc?.();
  const line = logged.find((l) => l.msg === 'knowledge reloaded');
  return {
    mode,
    via: line?.via ?? '?',
    reloadMs,
    buildMs: line?.buildMs ?? 0,
    loopMax: loop.max / 1e6,
    loopP99: loop.percentile(99) / 1e6,
    replyMax: Math.max(...replies),
    replyP99: pct(replies, 99),
    replies: replies.length,
    rssBefore,
    rssPeak,
    rssAfter: process.memoryUsage().rss,
  };
}

function table(rows: Probe[], size: string): void {
  const ms = (n: number, w: number) => `${Math.round(n)} ms`.padStart(w);
  const mb = (n: number, w: number) => `${(n / MB).toFixed(0)} MB`.padStart(w);
  console.log(
    `reload of ${size}; a question every ${INTERVAL} ms during the reload; node --max-semi-space-size=2 --import tsx`,
  );
  console.log(
    'mode (ran in)    | reload wall | engine build | loop delay max |      p99 | reply max |      p99 | replies | RSS before |   peak |  after',
  );
  for (const r of rows) {
    const cells = [
      `${r.mode} (${r.via})`.padEnd(16),
      ms(r.reloadMs, 11),
      ms(r.buildMs, 12),
      ms(r.loopMax, 14),
      ms(r.loopP99, 8),
      ms(r.replyMax, 9),
      ms(r.replyP99, 8),
      String(r.replies).padStart(7),
      mb(r.rssBefore, 10),
      mb(r.rssPeak, 6),
      mb(r.rssAfter, 6),
    ];
    console.log(cells.join(' | '));
  }
  console.log(
    'thread: the whole reload on the main thread (as before); worker: parse and validate in a worker, engine built on the main thread.',
  );
}

const [flag, mode, dir] = process.argv.slice(2);
if (flag === '--probe' && (mode === 'worker' || mode === 'thread') && dir) {
  console.log(JSON.stringify(await probe(mode, dir)));
} else {
  const large = writeLargeKnowledge(4 * MB);
  try {
    const self = fileURLToPath(import.meta.url);
    const run = (m: Mode) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--max-semi-space-size=2', '--expose-gc', '--import', 'tsx', self, '--probe', m, large.dir],
          { encoding: 'utf8' },
        )
          .trim()
          .split('\n')
          .pop()!,
      ) as Probe;
    table(
      [run('thread'), run('worker')],
      `${(large.bytes / MB).toFixed(1)} MB (${large.procedures} procedures in one file)`,
    );
  } finally {
    rmSync(large.dir, { recursive: true, force: true });
  }
}
