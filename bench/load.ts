/**
 * Load generation for the webhook benchmarks: POSTs over keep-alive
 * node:http (cheaper than fetch, so the generator takes less of the one
 * process's CPU from the app it measures), as a burst with a fixed number in
 * flight or at a steady rate, and the percentiles of the results.
 */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs `body` to `url`; resolves with the HTTP status. */
export function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` requests with `concurrency` in flight; returns post times (ms, performance.now()). */
export async function burst(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<number>,
): Promise<{ postedAt: number[]; non200: number }> {
  const postedAt = new Array<number>(count);
  let next = 0;
  let non200 = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        postedAt[i] = performance.now();
        if ((await send(i)) !== 200) non200++;
      }
    }),
  );
  return { postedAt, non200 };
}

/** Sends `count` requests at `perSecond`, without waiting for answers (an open-loop load). */
export async function steady(
  count: number,
  perSecond: number,
  send: (i: number) => Promise<number>,
): Promise<{ postedAt: number[]; non200: number }> {
  const postedAt = new Array<number>(count);
  const answers: Promise<void>[] = [];
  let non200 = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    postedAt[i] = performance.now();
    answers.push(send(i).then((s) => void (s !== 200 && non200++)));
  }
  await Promise.all(answers);
  return { postedAt, non200 };
}

/** The p-th percentile (nearest rank). */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** One table row: events/s over the whole run, latency percentiles. */
export function row(
  count: number,
  ms: number,
  latencies: readonly number[],
): { 'events/s': number; answered: number; 'p50 ms': string; 'p99 ms': string; 'max ms': string } {
  const f = (x: number) => x.toFixed(1);
  return {
    'events/s': Math.round((count / ms) * 1000),
    answered: latencies.length,
    'p50 ms': f(pct(latencies, 50)),
    'p99 ms': f(pct(latencies, 99)),
    'max ms': f(Math.max(...latencies)),
  };
}

/** Waits until `done()` or `stallMs` without progress. */
export async function settle(done: () => boolean, progress: () => number, stallMs = 10_000): Promise<void> {
  let last = progress();
  let lastAt = performance.now();
  while (!done()) {
    await new Promise((r) => setTimeout(r, 10));
    const p = progress();
    if (p !== last) [last, lastAt] = [p, performance.now()];
    else if (performance.now() - lastAt > stallMs) return;
  }
}
