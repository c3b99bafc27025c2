/**
 * `/cuocthi`, the staff command of quizzes: `ds` (the list and states), `mo
 * <mã> <từ> <đến>` (open for a period), `dong <mã>` (close now), `ketqua
 * <mã>` (participation and scores per village), `xuat <mã>` (CSV and XLSX
 * under REPORTS_DIR), `quay <mã> <số giải> <mã quay>` (the seeded draw) and
 * `bao <mã>` (tell the winners of the last draw in their chat). The registry
 * checks the role and writes each outcome to the audit log; the draw's
 * detail carries the seed and the winners' attempt numbers.
 *
 * @example
 * ```ts
 * registry.register(quizStaffCommand(service, { reportsDir: 'reports', delivery: app }));
 * // Staff: "/cuocthi mo cchc-2026 01/12/2026 31/12/2026", later "/cuocthi quay cchc-2026 3 xsmb-31-12"
 * ```
 */
import type { TurnContext } from '../core/assistant.js';
import type { Command, CommandOutcome } from '../core/commands/types.js';
import { type Delivery, sendTo } from '../core/deliver.js';
import { writeQuizExport } from './export.js';
import { say } from './render.js';
import type { QuizService } from './service.js';
import { drawLines, listLines, parsePeriod, resultLines } from './summary.js';

/** What the staff command needs besides the service. */
export interface QuizStaffEnv {
  reportsDir: string;
  tz: string;
  /** The running channels, to tell winners. */
  delivery: Delivery;
}

const USAGE = [
  '/cuocthi ds: danh sách cuộc thi',
  '/cuocthi mo <mã> <từ ngày> <đến ngày>: mở cuộc thi (ví dụ: /cuocthi mo cchc-2026 01/12/2026 31/12/2026)',
  '/cuocthi dong <mã>: đóng cuộc thi ngay',
  '/cuocthi ketqua <mã>: số người tham gia và điểm theo thôn',
  '/cuocthi xuat <mã>: xuất kết quả ra tệp CSV và XLSX',
  '/cuocthi quay <mã> <số giải> <mã quay>: quay thưởng (cùng mã quay cho cùng kết quả)',
  '/cuocthi bao <mã>: nhắn tin cho người đoạt giải của lần quay gần nhất',
];

const failed = (detail: string): CommandOutcome => ({ outcome: 'failed', detail });

function lines(ctx: TurnContext, title: string, text: string[]): void {
  ctx.reply({ kind: 'info', title, sections: [{ items: text }] });
}

function open(svc: QuizService, ctx: TurnContext, id: string, rest: string, env: QuizStaffEnv): CommandOutcome {
  const p = parsePeriod(rest, env.tz, svc.now());
  if (!p.ok) {
    ctx.reply(say(p.error));
    return failed(`open ${id}: bad period`);
  }
  svc.open(id, p.from, p.to, ctx.userHash);
  ctx.reply(say(`Đã mở ${id} từ ${svc.format(p.from)} đến ${svc.format(p.to)}. Người dân gõ /thi để tham gia.`));
  return { outcome: 'ok', detail: `open ${id} ${p.from}-${p.to}` };
}

function draw(svc: QuizService, ctx: TurnContext, id: string, rest: string): CommandOutcome {
  const m = /^(\d{1,3})\s+(\S.{0,79})$/.exec(rest.trim());
  if (!m || Number(m[1]) < 1) {
    ctx.reply(
      say('Gõ: /cuocthi quay <mã> <số giải> <mã quay>, ví dụ /cuocthi quay cchc-2026 3 ketqua-xsmb-31-12-2026.'),
    );
    return failed(`draw ${id}: usage`);
  }
  if (!svc.ended(id)) {
    ctx.reply(say(`Cuộc thi ${id} chưa kết thúc. Bạn đóng trước bằng /cuocthi dong ${id}, rồi quay thưởng.`));
    return failed(`draw ${id}: still open`);
  }
  const quiz = svc.quiz(id)!;
  const seed = m[2]!.trim();
  const d = svc.draw(quiz, Number(m[1]), seed, ctx.userHash);
  lines(ctx, `Quay thưởng: ${quiz.title}`, drawLines(quiz, seed, d));
  return {
    outcome: 'ok',
    detail: `draw ${id} #${d.drawId} prizes=${m[1]} seed=${seed} entrants=${d.entrants} winners=${d.winners.map((w) => w.id).join(',')}`,
  };
}

async function notify(svc: QuizService, ctx: TurnContext, id: string, env: QuizStaffEnv): Promise<CommandOutcome> {
  const last = svc.store.draws(id).at(-1);
  if (!last) {
    ctx.reply(say(`Cuộc thi ${id} chưa quay thưởng.`));
    return failed(`notify ${id}: no draw`);
  }
  const quiz = svc.quiz(id)!;
  let sent = 0;
  for (const [i, attemptId] of last.winners.entries()) {
    const a = svc.store.attempt(attemptId);
    if (!a) continue;
    const text = `Chúc mừng bạn đoạt giải ${i + 1} ${quiz.title} (mã dự thi ${a.id}). Bạn đến UBND xã và đọc mã dự thi này để nhận giải.`;
    const r = await sendTo(env.delivery, a.channel, a.chatId, say(text, 'Chúc mừng bạn!'));
    if (r.ok) sent++;
  }
  ctx.reply(say(`Đã nhắn ${sent}/${last.winners.length} người đoạt giải của lần quay số ${last.id}.`));
  return {
    outcome: sent === last.winners.length ? 'ok' : 'failed',
    detail: `notify ${id} #${last.id} ${sent}/${last.winners.length}`,
  };
}

async function runSub(
  svc: QuizService,
  ctx: TurnContext,
  sub: string,
  id: string,
  rest: string,
  env: QuizStaffEnv,
): Promise<CommandOutcome> {
  const quiz = svc.quiz(id)!;
  switch (sub) {
    case 'mo':
      return open(svc, ctx, id, rest, env);
    case 'dong':
      svc.store.close(id, svc.now(), ctx.userHash);
      ctx.reply(say(`Đã đóng ${id}. Xem kết quả: /cuocthi ketqua ${id}.`));
      return { outcome: 'ok', detail: `close ${id}` };
    case 'ketqua':
      lines(ctx, `Kết quả: ${quiz.title}`, resultLines(quiz, svc.results(quiz)));
      return { outcome: 'ok', detail: `results ${id}` };
    case 'xuat': {
      const f = await writeQuizExport(svc, quiz, env.reportsDir);
      ctx.reply(say(`Đã xuất ${f.rows} bài thi ra ${f.csv} và ${f.xlsx} (trên máy chủ của trợ lý).`));
      return { outcome: 'ok', detail: `export ${id} ${f.rows}` };
    }
    case 'quay':
      return draw(svc, ctx, id, rest);
    default:
      return notify(svc, ctx, id, env);
  }
}

/** The `/cuocthi` staff command. */
export function quizStaffCommand(svc: QuizService, env: QuizStaffEnv): Command {
  return {
    name: 'cuocthi',
    role: 'staff',
    usage: '<ds|mo|dong|ketqua|xuat|quay|bao> …',
    help: 'quản lý cuộc thi tìm hiểu cải cách hành chính',
    subcommands: [
      { name: 'ds', help: 'danh sách cuộc thi' },
      { name: 'mo', usage: '<mã> <từ ngày> <đến ngày>', help: 'mở cuộc thi trong một khoảng thời gian' },
      { name: 'dong', usage: '<mã>', help: 'đóng cuộc thi ngay' },
      { name: 'ketqua', usage: '<mã>', help: 'số người tham gia và điểm theo thôn' },
      { name: 'xuat', usage: '<mã>', help: 'xuất kết quả ra CSV và XLSX' },
      { name: 'quay', usage: '<mã> <số giải> <mã quay>', help: 'quay thưởng có thể kiểm tra lại' },
      { name: 'bao', usage: '<mã>', help: 'nhắn tin cho người đoạt giải' },
    ],
    async run(ctx, args) {
      const [sub = 'ds', id = '', ...more] = args.split(/\s+/).filter(Boolean);
      const rest = more.join(' ');
      if (sub === 'ds') {
        const all = listLines(svc);
        lines(ctx, 'Cuộc thi', all.length > 0 ? all : ['Chưa có cuộc thi nào trong knowledge/quizzes/.']);
        ctx.reply(say('Gõ /cuocthi help để xem các lệnh con.'));
        return { outcome: 'ok', detail: 'list' };
      }
      if (!['mo', 'dong', 'ketqua', 'xuat', 'quay', 'bao'].includes(sub)) {
        lines(ctx, 'Lệnh /cuocthi', USAGE);
        return sub === 'help' ? { outcome: 'ok', detail: 'help' } : failed(`unknown ${sub.slice(0, 20)}`);
      }
      if (!svc.quiz(id)) {
        ctx.reply(
          say(
            id
              ? `Không có cuộc thi "${id}". Xem danh sách: /cuocthi ds.`
              : `Bạn gõ thêm mã cuộc thi, ví dụ /cuocthi ${sub} cchc-2026.`,
          ),
        );
        return failed(`${sub}: unknown quiz`);
      }
      return runSub(svc, ctx, sub, id, rest, env);
    },
  };
}
