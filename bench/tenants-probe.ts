/**
 * Run by bench/tenants.bench.ts in a process of its own: a city of N
 * communes of Hải Phòng (profiles from the 2025 rearrangement data), each
 * with its own database, the web chat and the console on, on one server.
 * Prints one JSON line: start time, memory, and questions answered per
 * second across all communes (round robin), with latency percentiles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminUnits, nameKey } from '../src/admin-units/data.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { readQuestions } from '../src/search/evaluate.js';
import { addTenant } from '../src/tenants/add.js';
import { createCity } from '../src/tenants/city.js';

const n = Number(process.argv[2] ?? 114);
const share = process.argv[3] !== 'unshared';
const root = mkdtempSync(join(tmpdir(), 'city-bench-'));
const tenantsDir = join(root, 'tenants');
const units = adminUnits()
  .newUnits.filter((u) => nameKey(u.province) === nameKey('Hải Phòng'))
  .slice(0, n);
for (const u of units) {
  const r = addTenant({ tenantsDir, template: 'knowledge/commune.yaml', name: u.name, province: u.province });
  if (!r.ok) throw new Error(r.message);
}
const env = {
  TENANTS_DIR: tenantsDir,
  DATA_DIR: join(root, 'data'),
  LOG_LEVEL: 'silent',
  KNOWLEDGE_WATCH: 'false',
  WEB_CHAT_ENABLED: 'true',
  ADMIN_WEB_ENABLED: 'true',
};
const settle = () => {
  globalThis.gc?.();
  return process.memoryUsage();
};
const before = settle();
const t0 = performance.now();
const city = await createCity(env, parseConfig(env), silentLogger, { shareKnowledge: share });
const startMs = performance.now() - t0;
const loaded = settle();
const apps = [...city.apps.values()];
const qs = readQuestions('tests/eval/questions.tsv').map((q) => q.question);
// Warm-up: every commune answers once.
for (const app of apps) await app.assistant.handle({ channel: 'console', userId: 'w', chatId: 'w', text: qs[0]! });
// Round robin over the communes; no commune gets a question twice, so no engine answers from its cache of recent outcomes.
const total = qs.length * Math.min(apps.length, 10);
const lat: number[] = [];
const t1 = performance.now();
for (let i = 0; i < total; i++) {
  const app = apps[i % apps.length]!;
  const u = `u${i % 97}`;
  const s = performance.now();
  const text = qs[(Math.floor(i / apps.length) + 1) % qs.length]!;
  await app.assistant.handle({ channel: 'console', userId: u, chatId: u, text });
  lat.push(performance.now() - s);
}
const seconds = (performance.now() - t1) / 1000;
const after = settle();
lat.sort((a, b) => a - b);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]!.toFixed(2);
const mb = (b: number) => Math.round(b / 1048576);
console.log(
  JSON.stringify({
    communes: apps.length,
    share,
    startS: (startMs / 1000).toFixed(1),
    rssBeforeMb: mb(before.rss),
    rssLoadedMb: mb(loaded.rss),
    rssAfterMb: mb(after.rss),
    heapMb: mb(after.heapUsed),
    perCommuneMb: ((after.rss - before.rss) / 1048576 / apps.length).toFixed(1),
    questions: total,
    perSecond: Math.round(total / seconds),
    p50: pct(0.5),
    p99: pct(0.99),
  }),
);
await city.stop();
rmSync(root, { recursive: true, force: true });
