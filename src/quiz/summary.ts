/**
 * What staff read about quizzes, in chat and in the CLI: the list with each
 * quiz's state, the results per village, and a draw's winners with how to
 * check it. Also the parser of the period staff type (`01/12/2026
 * 31/12/2026`, or with times `08:00 01/12/2026 17:00 31/12/2026`).
 *
 * @example
 * ```ts
 * parsePeriod('01/12/2026 31/12/2026', 'Asia/Ho_Chi_Minh', Date.now());
 * // { ok: true, from: <00:00 01/12/2026>, to: <00:00 01/01/2027> }: the last day is included
 * ```
 */
import type { DeclaredQuiz } from '../knowledge/quiz-schema.js';
import { fromLocal, parseLocalDateTime } from '../announcements/time.js';
import type { QuizResults } from './results.js';
import type { DrawOutcome, QuizService } from './service.js';

/** Parses one end of a period: a date (the day's start, or the next day's start for the end) or a time and date. */
function parseEnd(s: string, tz: string, now: number, end: boolean): number | undefined {
  const d = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (d) {
    const [day, mo, y] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (mo < 1 || mo > 12 || day < 1 || day > 31) return undefined;
    return fromLocal(tz, y, mo, day, 0, 0) + (end ? 24 * 3600_000 : 0);
  }
  const r = parseLocalDateTime(s, tz, now);
  return r.ok ? r.at : undefined;
}

/** The period typed after the quiz id: two dates, or two "time date" pairs. */
export function parsePeriod(
  text: string,
  tz: string,
  now: number,
): { ok: true; from: number; to: number } | { ok: false; error: string } {
  const t = text.trim().split(/\s+/).filter(Boolean);
  const pairs = t.length === 4 ? [`${t[0]} ${t[1]}`, `${t[2]} ${t[3]}`] : t.length === 2 ? [t[0]!, t[1]!] : [];
  const bad = {
    ok: false as const,
    error: 'Thời gian chưa đúng. Ví dụ: 01/12/2026 31/12/2026 hoặc 08:00 01/12/2026 17:00 31/12/2026.',
  };
  if (pairs.length !== 2) return bad;
  const from = parseEnd(pairs[0]!, tz, now, false);
  const to = parseEnd(pairs[1]!, tz, now, true);
  if (from === undefined || to === undefined) return bad;
  if (to <= from) return { ok: false, error: 'Thời điểm kết thúc phải sau thời điểm bắt đầu.' };
  if (to <= now) return { ok: false, error: 'Thời điểm kết thúc đã qua.' };
  return { ok: true, from, to };
}

/** One line per declared quiz with its state. */
export function listLines(svc: QuizService): string[] {
  const now = svc.now();
  return svc.all().map((q) => {
    const p = svc.store.period(q.id);
    const n = svc.results(q).finished;
    let state = 'chưa mở';
    if (p && p.closedAt !== null) state = `đã đóng lúc ${svc.format(p.closedAt)}`;
    else if (p && now < p.opensAt) state = `sẽ mở từ ${svc.format(p.opensAt)} đến ${svc.format(p.closesAt)}`;
    else if (p && now < p.closesAt) state = `đang mở đến ${svc.format(p.closesAt)}`;
    else if (p) state = `đã kết thúc lúc ${svc.format(p.closesAt)}`;
    return `${q.id}: ${q.title} (${q.questions.length} câu) · ${state} · ${n} người hoàn thành`;
  });
}

/** The results per village as lines. */
export function resultLines(quiz: DeclaredQuiz, r: QuizResults): string[] {
  const lines = [
    `${quiz.title} (${quiz.id})`,
    `Bắt đầu: ${r.started} người · hoàn thành: ${r.finished} · điểm trung bình: ${r.averageScore}/${r.questions} · đúng hết: ${r.fullScore}`,
    'Theo thôn:',
    ...r.byVillage.map(
      (v) =>
        `${v.name}: ${v.started} bắt đầu, ${v.finished} hoàn thành, điểm trung bình ${v.averageScore}, đúng hết ${v.fullScore}`,
    ),
    `Phân bố điểm: ${r.distribution.map((n, score) => `${score} điểm: ${n}`).join('; ')}`,
  ];
  if (r.byVillage.length === 0) lines.splice(2, 2, 'Chưa có ai tham gia.');
  return lines;
}

/** A draw's result as lines. */
export function drawLines(quiz: DeclaredQuiz, seed: string, d: DrawOutcome): string[] {
  if (d.winners.length === 0) return [`Chưa có bài thi hoàn thành nào của ${quiz.id}; chưa quay được.`];
  return [
    `Quay thưởng ${quiz.id} (lần quay số ${d.drawId}), mã quay "${seed}", ${d.entrants} bài thi hoàn thành.`,
    ...(d.target !== undefined ? [`Đáp án câu dự đoán: ${d.target}.`] : []),
    'Người đoạt giải (theo thứ tự giải):',
    ...d.winners.map(
      (w, i) =>
        `${i + 1}. Mã dự thi ${w.id}: ${w.score}/${quiz.questions.length} câu đúng${w.tiebreak !== null ? `, dự đoán ${w.tiebreak}` : ''}`,
    ),
    'Xếp hạng: điểm cao trước, rồi dự đoán gần đúng nhất, rồi SHA-256("mã quay:mã dự thi") nhỏ nhất. Cùng mã quay luôn cho cùng kết quả.',
  ];
}
