/**
 * `npm run report -- --quarter 2026Q1` (or `--month 2026-03`, `--half 2026H1`,
 * `--year 2026`, or any of them with `--period`): writes the CCHC report as Markdown and CSV under REPORTS_DIR.
 * In a city (`TENANTS_DIR`) without `TENANT`: the city-wide report, one row per commune.
 */
import { targetsFromConfig } from '../admin/admin-commands.js';
import { currentQuarter, parsePeriod } from '../admin/period.js';
import { writeReportFiles } from '../admin/report-files.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { loadKnowledge } from '../knowledge/loader.js';
import { openDatabase } from '../storage/db.js';
import { exitMisuse } from './args.js';
import { cityReportRows, cityTotal, writeCityReport } from '../tenants/city-report.js';
import { cliStart, configOrExit, tenantsOrExit } from './common.js';

const SPEC = {
  command: 'npm run report --',
  usage: '--quarter 2026Q1 | --month 2026-03 | --half 2026H1 | --year 2026 [--out thư-mục]',
  summary: 'ghi báo cáo CCHC (Markdown và CSV) của một kỳ; không chọn kỳ thì lấy quý hiện tại',
  options: {
    quarter: { type: 'string', value: '2026Q1', help: 'báo cáo quý' },
    month: { type: 'string', value: '2026-03', help: 'báo cáo tháng' },
    half: { type: 'string', value: '2026H1', help: 'báo cáo nửa năm' },
    year: { type: 'string', value: '2026', help: 'báo cáo năm' },
    period: { type: 'string', value: '<kỳ>', help: 'kỳ bất kỳ trong các dạng trên' },
    out: { type: 'string', value: '<thư-mục>', help: 'nơi ghi tệp (mặc định REPORTS_DIR)' },
  },
} as const;

function main(): void {
  const v = cliStart(SPEC).values;
  const given = [v.quarter, v.month, v.half, v.year, v.period].filter((x) => x !== undefined);
  if (given.length > 1) exitMisuse(SPEC, 'Bạn chỉ chọn một kỳ báo cáo.');
  const city = configOrExit(process.env, { city: true });
  const config = city.TENANTS_DIR && !city.TENANT ? city : configOrExit();
  const period =
    given[0] !== undefined ? parsePeriod(given[0], config.TZ_NAME) : currentQuarter(Date.now(), config.TZ_NAME);
  const wrongKind =
    period &&
    ((v.quarter && period.kind !== 'quarter') ||
      (v.month && period.kind !== 'month') ||
      (v.half && period.kind !== 'half') ||
      (v.year && period.kind !== 'year'));
  if (!period || wrongKind)
    exitMisuse(SPEC, `Kỳ báo cáo "${given[0]}" không đúng dạng: bạn viết như 2026Q1, 2026-03, 2026H1 hoặc 2026.`);
  if (config.TENANTS_DIR) {
    // A city without TENANT: the city-wide report, one row per commune.
    const rows = cityReportRows(tenantsOrExit(config), period);
    const files = writeCityReport(rows, period, v.out ?? config.REPORTS_DIR);
    const total = cityTotal(rows);
    process.stdout.write(
      `Báo cáo toàn thành phố ${period.title}: ${rows.length} xã, ${total.questions} câu hỏi, ${total.tickets} phản ánh.\nĐã ghi:\n  ${files.markdown}\n  ${files.csv}\n`,
    );
    return;
  }
  const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
  const kb = loadKnowledge(config.KNOWLEDGE_DIR, [], loadOptionsFromConfig(config));
  if (!kb.ok) process.stderr.write('Lưu ý: cơ sở tri thức đang có lỗi, chủ đề câu hỏi chỉ hiện theo mã mục.\n');
  const r = writeReportFiles(db, period, {
    dir: v.out ?? config.REPORTS_DIR,
    ...(kb.ok ? { kb: kb.kb } : {}),
    targets: targetsFromConfig(config),
    timeZone: config.TZ_NAME,
  });
  db.close();
  const q = r.data.questions;
  process.stdout.write(
    `Báo cáo ${period.title}: ${q.total} câu hỏi (trả lời được ${q.answeredPct ?? 0}%), ` +
      `${r.data.tickets.received} phản ánh.\nĐã ghi:\n  ${r.markdown}\n  ${r.csv}\n`,
  );
}

main();
