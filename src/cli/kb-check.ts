/**
 * `npm run kb:check [folder] [--verbose]`: validates the knowledge base. Prints
 * `file:line: field: problem` for each error and exits 1, or a summary and 0.
 * Commune values not filled in yet, and entries checked longer ago than
 * `KNOWLEDGE_STALE_DAYS`, are listed as warnings (not errors). In a city
 * (`TENANTS_DIR`) without `TENANT`, every commune is checked over the shared folder.
 */
import { missingCommuneNote } from '../knowledge/commune-missing.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { formatProblem, loadKnowledge } from '../knowledge/loader.js';
import { formatStale, StaleCollector } from '../knowledge/stale.js';
import { PluginSet } from '../app/plugin.js';
import { DEFAULT_PLUGINS } from '../app/plugins.js';
import type { Config } from '../config/index.js';
import { cliStart, configOrExit, tenantsOrExit } from './common.js';

const { values, positionals } = cliStart({
  command: 'npm run kb:check --',
  usage: '[thư-mục] [--verbose]',
  summary: 'kiểm tra cơ sở tri thức (mặc định thư mục KNOWLEDGE_DIR)',
  options: {
    verbose: { type: 'boolean', help: 'liệt kê thêm các mục không dùng và mục lâu chưa rà soát' },
  },
  positionals: { max: 1 },
});
const verbose = values.verbose === true;
const city = configOrExit(process.env, { city: true });
if (city.TENANTS_DIR && !city.TENANT && !positionals[0]) {
  // A city: every commune, each over the shared folder.
  let failed = 0;
  for (const t of tenantsOrExit(city)) {
    process.stdout.write(`\n== ${t.id} (${t.host}) ==\n`);
    if (!check(t.config, t.config.KNOWLEDGE_DIR)) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}
const config = configOrExit();
if (!check(config, positionals[0] ?? config.KNOWLEDGE_DIR)) process.exit(1);

/** Checks one folder; prints problems (false) or the summary and warnings (true). */
function check(config: Config, dir: string): boolean {
  const stale = new StaleCollector(Date.now(), config.KNOWLEDGE_STALE_DAYS);
  const r = loadKnowledge(
    dir,
    [...new PluginSet(DEFAULT_PLUGINS).knowledgeChecks(config), stale.hook],
    loadOptionsFromConfig(config),
  );
  if (!r.ok) {
    for (const p of r.problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(`\n${r.problems.length} lỗi. Cơ sở tri thức KHÔNG hợp lệ.\n`);
    return false;
  }
  const { kb } = r;
  const imported = kb.procedures.filter((p) => p.portal);
  process.stdout.write(
    `Hợp lệ: ${kb.procedures.length} thủ tục (${kb.procedures.length - imported.length} viết tay, ${imported.length} nhập từ Cổng Dịch vụ công, ` +
      `${imported.filter((p) => !p.details).length} trong số đó chỉ có tên), ${kb.hotlines.length} đường dây nóng, ${kb.articles.length} bài viết, ${kb.referrals.length} việc chuyển nơi khác, ${kb.quizzes.length} cuộc thi trong ${r.files.length} tệp.\n`,
  );
  if (r.hidden.length > 0) {
    process.stdout.write(
      `${r.hidden.length} mục nhập không dùng (mục viết tay cùng mã, hoặc thủ tục riêng của tỉnh khác); xem bằng --verbose.\n`,
    );
    if (verbose) for (const h of r.hidden) process.stdout.write(`  ${h.id}: ${h.reason}\n`);
  }
  const missing = missingCommuneNote(kb.commune);
  if (missing) process.stdout.write(`${missing}\n`);
  for (const line of formatStale(stale.entries(kb), config.KNOWLEDGE_STALE_DAYS, verbose))
    process.stdout.write(`${line}\n`);
  return true;
}
