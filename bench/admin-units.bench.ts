/**
 * Old → new commune lookups: the time to load and index the mapping (once,
 * on the first question), the heap and RSS it adds, and the latency of a
 * lookup (p50, p99) over a mix of questions: old → new and new → old, with
 * and without diacritics, with the old district, ambiguous names, and
 * questions that name no unit (the cost every chat message pays).
 */
import { adminUnits } from '../src/admin-units/data.js';
import { unitQuestionOf } from '../src/admin-units/plugin.js';
import { unitReply } from '../src/admin-units/reply.js';

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const units = adminUnits();
const loadMs = performance.now() - t0;
gc?.();
const after = process.memoryUsage();

// Questions built from the data itself: every 37th old unit and every 11th new unit, in the ways residents type.
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const questions: string[] = [];
units.oldUnits.forEach((o, i) => {
  if (i % 37 !== 0) return;
  const district = o.district.replace(/^(Huyện|Quận|Thị xã|Thành phố) /, '');
  questions.push(`${o.name} cũ giờ thuộc xã nào`, fold(`${o.name} ${district} cu gio la xa nao`).toLowerCase());
});
units.newUnits.forEach((n, i) => {
  if (i % 11 === 0) questions.push(`${n.name} mới gồm những xã nào`);
});
questions.push(
  'làm giấy khai sinh cho con cần gì',
  'xin cấp lại sổ đỏ bị mất ở xã mới',
  'thủ tục đăng ký kết hôn ở phường',
  'giấy tờ ghi địa chỉ cũ có phải đổi không',
);

const times: number[] = [];
let answered = 0;
for (let round = 0; round < 5; round++) {
  for (const q of questions) {
    const s = performance.now();
    const u = unitQuestionOf(q, null);
    if (u) unitReply(u);
    times.push(performance.now() - s);
    if (round === 0 && u) answered++;
  }
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

console.log('\n### Old → new commune lookups (vendor/admin-units/dvhc-2025.json)\n');
console.log('| measure | value |');
console.log('| --- | --- |');
console.log(`| units | ${units.newUnits.length} new, ${units.oldUnits.length} old, ${units.byName.size} names |`);
console.log(`| load and index (first question) | ${loadMs.toFixed(0)} ms |`);
console.log(`| heap added | ${mb(after.heapUsed - before.heapUsed)} MB |`);
console.log(`| RSS added | ${mb(after.rss - before.rss)} MB |`);
console.log(`| questions | ${questions.length} × 5 rounds; ${answered} read as lookups |`);
console.log(`| lookup p50 | ${at(0.5).toFixed(3)} ms |`);
console.log(`| lookup p99 | ${at(0.99).toFixed(3)} ms |`);
console.log(`| lookup max | ${times.at(-1)!.toFixed(3)} ms |`);
