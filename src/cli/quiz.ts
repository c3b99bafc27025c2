/**
 * `npm run quiz -- <lệnh>`: quizzes from the command line, on the same
 * database as the running assistant.
 *
 * - `list`: every declared quiz and its state;
 * - `open <mã> <từ> <đến>`, `close <mã>`: the period residents can take it;
 * - `results <mã>`: participation and scores per village;
 * - `export <mã> [--out thư-mục]`: CSV and XLSX (default REPORTS_DIR);
 * - `draw <mã> <số giải> <mã quay>`: the seeded draw, stored and written to the audit log.
 *
 * Misuse exits 2; an unknown quiz or a refused draw exits 1.
 */
import { writeAudit } from '../admin/audit.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { silentLogger } from '../log/index.js';
import { writeQuizExport } from '../quiz/export.js';
import { QuizService } from '../quiz/service.js';
import { drawLines, listLines, parsePeriod, resultLines } from '../quiz/summary.js';
import { openDatabase } from '../storage/db.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const SPEC = {
  command: 'npm run quiz --',
  usage:
    'list | open <mã> <từ> <đến> | close <mã> | results <mã> | export <mã> [--out thư-mục] | draw <mã> <số giải> <mã quay>',
  summary: 'quản lý cuộc thi tìm hiểu cải cách hành chính (knowledge/quizzes/)',
  options: {
    out: { type: 'string', value: '<thư-mục>', help: 'nơi ghi tệp xuất (mặc định REPORTS_DIR)' },
  },
  positionals: { max: 6 },
} as const;

const CLI_USER = 'cli';

function fail(text: string): never {
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

async function run(svc: QuizService, cmd: string, args: string[], out: string, tz: string): Promise<string[]> {
  if (cmd === 'list') return listLines(svc);
  const [id = '', ...rest] = args;
  const quiz = svc.quiz(id);
  if (!id) exitMisuse(SPEC, `Lệnh ${cmd} cần mã cuộc thi (xem: npm run quiz -- list).`);
  if (!quiz) fail(`Không có cuộc thi "${id}" trong knowledge/quizzes/.`);
  if (cmd === 'results') return resultLines(quiz, svc.results(quiz));
  if (cmd === 'close') {
    svc.store.close(id, svc.now(), CLI_USER);
    return [`Đã đóng ${id}.`];
  }
  if (cmd === 'open') {
    const p = parsePeriod(rest.join(' '), tz, svc.now());
    if (!p.ok) exitMisuse(SPEC, p.error);
    svc.open(id, p.from, p.to, CLI_USER);
    return [`Đã mở ${id} từ ${svc.format(p.from)} đến ${svc.format(p.to)}.`];
  }
  if (cmd === 'export') {
    const f = await writeQuizExport(svc, quiz, out);
    return [`Đã xuất ${f.rows} bài thi: ${f.csv}, ${f.xlsx}`];
  }
  const [prizes, ...seedWords] = rest;
  if (!prizes || !/^\d{1,3}$/.test(prizes) || Number(prizes) < 1 || seedWords.length === 0)
    exitMisuse(SPEC, 'Cần số giải và mã quay, ví dụ: npm run quiz -- draw cchc-2026 3 xsmb-31-12-2026');
  if (!svc.ended(id)) fail(`Cuộc thi ${id} chưa kết thúc; đóng trước bằng npm run quiz -- close ${id}.`);
  const seed = seedWords.join(' ');
  const d = svc.draw(quiz, Number(prizes), seed, CLI_USER);
  const winners = d.winners.map((w) => w.id).join(',');
  const detail = `draw ${id} #${d.drawId} prizes=${prizes} seed=${seed} entrants=${d.entrants} winners=${winners}`;
  writeAudit(svc.store.db, {
    ts: svc.now(),
    channel: 'cli',
    userHash: CLI_USER,
    role: 'admin',
    action: 'cuocthi',
    detail,
    outcome: 'ok',
  });
  return drawLines(quiz, seed, d);
}

async function main(): Promise<void> {
  const { values, positionals } = cliStart(SPEC);
  const [cmd, ...args] = positionals;
  if (!cmd || !['list', 'open', 'close', 'results', 'export', 'draw'].includes(cmd))
    exitMisuse(SPEC, cmd ? `Không có lệnh "${cmd}".` : 'Cần một lệnh.');
  const config = configOrExit();
  const kb = KnowledgeStore.load(config.KNOWLEDGE_DIR, silentLogger, loadOptionsFromConfig(config)).kb;
  const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
  try {
    const svc = new QuizService({ db, kb: () => kb, now: Date.now, tz: config.TZ_NAME });
    const lines = await run(svc, cmd, args, values.out ?? config.REPORTS_DIR, config.TZ_NAME);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    db.close();
  }
}

main().catch(exitOnStartupError);
