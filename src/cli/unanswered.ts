/**
 * `npm run unanswered -- [--days 7|30] [--limit 20]`: the most frequent
 * questions the assistant could not answer, with the entry each is closest to
 * and the command that adds it as an alias.
 */
import { addAliasPayload, decisionLabel, unansweredReport } from '../admin/unanswered.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { openDatabase } from '../storage/db.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run unanswered --',
  usage: '[--days 7] [--limit 20]',
  summary: 'các câu hỏi chưa trả lời được nhiều nhất, kèm mục gần nhất và lệnh thêm từ khoá',
  options: {
    days: { type: 'string', value: '<số-ngày>', help: 'xét bao nhiêu ngày gần đây (mặc định 7)' },
    limit: { type: 'string', value: '<số>', help: 'in nhiều nhất bấy nhiêu nhóm (mặc định 20)' },
  },
} as const;

function main(): void {
  const v = cliStart(SPEC).values;
  const days = Number(v.days ?? '7');
  const limit = Number(v.limit ?? '20');
  if (!Number.isInteger(days) || days < 1 || days > 3650 || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    exitMisuse(SPEC, '--days (1–3650) và --limit (1–1000) phải là số nguyên dương.');
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
