/**
 * Admin benchmark: how long the unanswered-questions report, the quarterly
 * report and the retention purge take on a busy commune's database (a year of
 * questions and tickets), in memory and on disk, and the heap they use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod } from '../src/admin/period.js';
import { collectReport } from '../src/admin/report-data.js';
import { purgeExpiredTickets } from '../src/admin/tickets.js';
import { unansweredReport } from '../src/admin/unanswered.js';
import { ALL_MIGRATIONS } from '../src/app/migrations.js';
import { openDatabase } from '../src/storage/db.js';
import { fill, QUESTIONS, TICKETS, YEAR_MS, YEAR_START } from './busy-db.js';

function time<T>(fn: () => T, runs = 5): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: Math.round(best * 10) / 10, value };
}

const rows: { store: string; step: string; ms: number; note: string }[] = [];
const work = mkdtempSync(join(tmpdir(), 'admin-bench-'));
for (const store of ['memory', 'file']) {
  const db = openDatabase(store === 'memory' ? ':memory:' : join(work, 'bench.db'), ALL_MIGRATIONS);
  const f = time(() => fill(db), 1);
  rows.push({ store, step: `fill ${QUESTIONS} questions, ${TICKETS} tickets`, ms: f.ms, note: '' });
  const now = YEAR_START + YEAR_MS;
  const u7 = time(() => unansweredReport(db, { days: 7, now }));
  rows.push({ store, step: 'unanswered report, 7 days', ms: u7.ms, note: `${u7.value.length} groups` });
  const u30 = time(() => unansweredReport(db, { days: 30, now }));
  rows.push({ store, step: 'unanswered report, 30 days', ms: u30.ms, note: `${u30.value.length} groups` });
  const q = time(() => collectReport(db, parsePeriod('2026Q2')!));
  rows.push({ store, step: 'quarter report (2026Q2)', ms: q.ms, note: `${q.value.questions.total} questions` });
  const y = time(() => collectReport(db, parsePeriod('2026')!), 3);
  rows.push({ store, step: 'year report (2026)', ms: y.ms, note: `${y.value.tickets.received} tickets` });
  const p = time(() => purgeExpiredTickets(db, 180, now), 1);
  rows.push({ store, step: 'retention purge (180 days)', ms: p.ms, note: `${p.value} tickets purged` });
  db.close();
}
rmSync(work, { recursive: true, force: true });
(globalThis as { gc?: () => void }).gc?.();
const heap = Math.round(process.memoryUsage().heapUsed / 1e6);

const w = [8, 44, 10];
process.stdout.write(`${'store'.padEnd(w[0]!)}${'step'.padEnd(w[1]!)}${'ms'.padStart(w[2]!)}  note\n`);
for (const r of rows)
  process.stdout.write(`${r.store.padEnd(w[0]!)}${r.step.padEnd(w[1]!)}${String(r.ms).padStart(w[2]!)}  ${r.note}\n`);
process.stdout.write(`heap used after run: ${heap} MB\n`);
