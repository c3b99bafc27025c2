/**
 * `npm run report -- --quarter 2026Q1` (or `--month 2026-03`, `--half 2026H1`,
 * `--year 2026`): writes the CCHC report as Markdown and CSV under REPORTS_DIR.
 */
import { parseArgs } from 'node:util';
import { targetsFromConfig } from '../admin/admin-commands.js';
import { currentQuarter, parsePeriod } from '../admin/period.js';
import { writeReportFiles } from '../admin/report-files.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { loadKnowledge } from '../knowledge/loader.js';
import { openDatabase } from '../storage/db.js';
import { cliStart, configOrExit } from './common.js';

const USAGE =
  'Cách dùng: npm run report -- --quarter 2026Q1 | --month 2026-03 | --half 2026H1 | --year 2026 [--out thư-mục]\n';

function main(): void {
  cliStart(USAGE);
  let args;
  try {
    args = parseArgs({
      options: {
        quarter: { type: 'string' },
        month: { type: 'string' },
        half: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = configOrExit();
  const v = args.values;
  const given = [v.quarter, v.month, v.half, v.year].filter((x) => x !== undefined);
  if (given.length > 1) {
    process.stderr.write(`Chỉ chọn một kỳ báo cáo.\n${USAGE}`);
    process.exit(2);
  }
  const period =
    given[0] !== undefined ? parsePeriod(given[0], config.TZ_NAME) : currentQuarter(Date.now(), config.TZ_NAME);
  const wrongKind =
    period &&
    ((v.quarter && period.kind !== 'quarter') ||
      (v.month && period.kind !== 'month') ||
      (v.half && period.kind !== 'half') ||
      (v.year && period.kind !== 'year'));
  if (!period || wrongKind) {
    process.stderr.write(`Kỳ báo cáo "${given[0]}" không đúng dạng.\n${USAGE}`);
    process.exit(2);
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
