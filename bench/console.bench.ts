/**
 * Staff console benchmark: render time of each page (server side, through
 * Fastify's inject, the HTML fully built) on a busy commune's database:
 * 200,000 questions and 5,000 tickets in a year, on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { issueLoginLink } from '../src/web-admin/links.js';
import { ADMIN_COOKIE } from '../src/web-admin/sessions.js';
import { fill, QUESTIONS, TICKETS, YEAR_MS, YEAR_START } from './busy-db.js';

const RUNS = 50;
const PAGES = [
  '/admin',
  '/admin/cau-hoi',
  '/admin/phan-anh',
  '/admin/phan-anh?state=new',
  '/admin/phan-anh/42',
  '/admin/bao-cao?ky=2026Q4',
  '/admin/bao-cao?ky=2026',
  '/admin/nguoi-dung',
];

const work = mkdtempSync(join(tmpdir(), 'console-bench-'));
const now = YEAR_START + YEAR_MS - 3600_000;
const app = await createApp(
  parseConfig({
    DATABASE_PATH: join(work, 'bench.db'),
    LOG_LEVEL: 'silent',
    KNOWLEDGE_WATCH: 'false',
    ADMIN_WEB_ENABLED: 'true',
    ADMIN_IDS: 'telegram:1',
  }),
  silentLogger,
  { now: () => now },
);
await app.http.ready();
const t0 = performance.now();
fill(app.db);
const fillMs = performance.now() - t0;
const link = issueLoginLink(app.db, 'telegram:1', now);
if (!link.ok) throw new Error('no link');
const login = await app.http.inject({
  method: 'POST',
  url: '/admin/login',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: `token=${link.token}`,
});
const cookie = `${ADMIN_COOKIE}=${login.cookies.find((c) => c.name === ADMIN_COOKIE)!.value}`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const table: Record<string, { 'p50 ms': string; 'p99 ms': string; KB: number }> = {};
let failed = 0;
for (const url of PAGES) {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    const res = await app.http.inject({ url, headers: { cookie } });
    ms.push(performance.now() - s);
    size = res.body.length;
    if (res.statusCode !== 200) failed++;
  }
  table[url] = { 'p50 ms': pct(ms, 50).toFixed(1), 'p99 ms': pct(ms, 99).toFixed(1), KB: Math.round(size / 1024) };
}
console.log(
  `Staff console pages, ${QUESTIONS} questions and ${TICKETS} tickets on disk (filled in ${Math.round(fillMs)} ms), ${RUNS} renders each`,
);
console.table(table);
await app.stop();
rmSync(work, { recursive: true, force: true });
if (failed > 0) {
  console.error(`${failed} renders did not answer 200`);
  process.exit(1);
}
