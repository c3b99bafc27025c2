/**
 * `npm run kb:check [folder] [--verbose]`: validates the knowledge base. Prints
 * `file:line: field: problem` for each error and exits 1, or a summary and 0.
 * Commune values not filled in yet are listed as reminders (not errors).
 */
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { formatProblem, loadKnowledge } from '../knowledge/loader.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { configOrExit } from './common.js';

const config = configOrExit();
const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? config.KNOWLEDGE_DIR;
const r = loadKnowledge(dir, KnowledgeStore.hooks, loadOptionsFromConfig(config));
if (!r.ok) {
  for (const p of r.problems) process.stderr.write(`${formatProblem(p)}\n`);
  process.stderr.write(`\n${r.problems.length} lỗi. Cơ sở tri thức KHÔNG hợp lệ.\n`);
  process.exit(1);
}
const { kb } = r;
const c = kb.commune;
const missing: string[] = [];
for (const k of ['name', 'province', 'address', 'workingHours', 'website', 'email'] as const) if (c[k] === null) missing.push(k);
if (c.oneStopDesk.address === null) missing.push('oneStopDesk.address');
if (c.oneStopDesk.hours === null) missing.push('oneStopDesk.hours');
for (const [k, h] of Object.entries(c.hotlines)) if (h.number === null) missing.push(`hotlines.${k}.number`);
const imported = kb.procedures.filter((p) => p.portal);
process.stdout.write(
  `Hợp lệ: ${kb.procedures.length} thủ tục (${kb.procedures.length - imported.length} viết tay, ${imported.length} nhập từ Cổng Dịch vụ công, ` +
    `${imported.filter((p) => !p.details).length} trong số đó chỉ có tên), ${kb.hotlines.length} đường dây nóng, ${kb.articles.length} bài viết, ${kb.referrals.length} việc chuyển nơi khác trong ${r.files.length} tệp.\n`,
);
if (r.hidden.length > 0) {
  process.stdout.write(`${r.hidden.length} mục nhập không dùng (mục viết tay cùng mã, hoặc thủ tục riêng của tỉnh khác); xem bằng --verbose.\n`);
  if (process.argv.includes('--verbose')) for (const h of r.hidden) process.stdout.write(`  ${h.id}: ${h.reason}\n`);
}
if (missing.length > 0) {
  process.stdout.write(`Hồ sơ xã còn ${missing.length} mục chưa cập nhật (hiển thị "chưa cập nhật"): ${missing.join(', ')}\n`);
}
