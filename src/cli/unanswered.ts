/**
 * `npm run unanswered -- [--days 7|30] [--limit 20]`: the most frequent
 * questions the assistant could not answer, with the entry each is closest to
 * and the command that adds it as an alias.
 */
import { parseArgs } from 'node:util';
import { addAliasPayload, decisionLabel, unansweredReport } from '../admin/unanswered.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { openDatabase } from '../storage/db.js';
import { cliStart, configOrExit } from './common.js';

const USAGE = 'Cách dùng: npm run unanswered -- [--days 7] [--limit 20]\n';

function main(): void {
  cliStart(USAGE);
  let args;
  try {
    args = parseArgs({
      options: {
        days: { type: 'string', default: '7' },
        limit: { type: 'string', default: '20' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.values.help) return void process.stdout.write(USAGE);
  const days = Number(args.values.days);
  const limit = Number(args.values.limit);
  if (!Number.isInteger(days) || days < 1 || days > 3650 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    process.stderr.write(`--days và --limit phải là số nguyên dương.\n${USAGE}`);
    process.exit(2);
  }
  const config = configOrExit();
  const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
  const groups = unansweredReport(db, { days, limit });
  db.close();
  if (groups.length === 0) {
    process.stdout.write(`Không có câu hỏi nào chưa trả lời được trong ${days} ngày qua.\n`);
    return;
  }
  process.stdout.write(`Câu hỏi chưa trả lời được nhiều nhất trong ${days} ngày qua:\n`);
  groups.forEach((g, i) => {
    process.stdout.write(
      `${String(i + 1).padStart(3)}. ${g.count}× (${g.people} người) [${decisionLabel(g.decision)}] ${g.normalized}\n`,
    );
    if (g.bestId && g.decision !== 'off-topic')
      process.stdout.write(`      thêm từ khoá: ${addAliasPayload(g.bestId, g.normalized)}\n`);
  });
}

main();
