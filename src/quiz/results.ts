/**
 * Participation and scores of a quiz, per village, for staff (`/cuocthi
 * ketqua`, `npm run quiz -- results`), and the rows of the export (CSV and
 * XLSX). Rows carry the attempt number, village, channel, times, score and
 * guess: never a name, a phone number or a platform id.
 *
 * @example
 * ```ts
 * const r = quizResults(quiz, store.allAttempts(quiz.id), kb.commune.villages);
 * r.byVillage[0]; // { village: 'thon-dong', name: 'Thôn Đông', started: 3, finished: 2, averageScore: 4.5, fullScore: 1 }
 * ```
 */
import type { DeclaredQuiz } from '../knowledge/quiz-schema.js';
import type { Attempt } from './store.js';

/** One village's line (village null: not given). */
export interface VillageResult {
  village: string | null;
  name: string;
  started: number;
  finished: number;
  averageScore: number;
  fullScore: number;
}

/** The results of a quiz. */
export interface QuizResults {
  quizId: string;
  questions: number;
  started: number;
  finished: number;
  averageScore: number;
  fullScore: number;
  /** How many finished attempts have each score, index = score. */
  distribution: number[];
  byVillage: VillageResult[];
}

/** What residents see for "no village given". */
export const NO_VILLAGE = 'Không nêu thôn';

function line(village: string | null, name: string, list: readonly Attempt[]): VillageResult {
  const done = list.filter((a) => a.finishedAt !== null);
  const sum = done.reduce((s, a) => s + a.score, 0);
  return {
    village,
    name,
    started: list.length,
    finished: done.length,
    averageScore: done.length > 0 ? Math.round((sum / done.length) * 100) / 100 : 0,
    fullScore: done.filter((a) => a.score === a.total).length,
  };
}

/** Aggregates the attempts of one quiz, per village in the commune's order (then unknown ones, then none). */
export function quizResults(
  quiz: DeclaredQuiz,
  attempts: readonly Attempt[],
  villages: readonly { id: string; name: string }[],
): QuizResults {
  const all = line(null, 'Tổng', attempts);
  const distribution = Array.from({ length: quiz.questions.length + 1 }, () => 0);
  for (const a of attempts) if (a.finishedAt !== null) distribution[a.score] = (distribution[a.score] ?? 0) + 1;
  const known = new Map(villages.map((v) => [v.id, v.name]));
  const ids = [...villages.map((v) => v.id), ...new Set(attempts.map((a) => a.village).filter((v) => v !== null))];
  const byVillage = [...new Set(ids)]
    .map((id) =>
      line(
        id,
        known.get(id) ?? id,
        attempts.filter((a) => a.village === id),
      ),
    )
    .filter((v) => v.started > 0 || known.has(v.village!));
  const none = attempts.filter((a) => a.village === null);
  if (none.length > 0) byVillage.push(line(null, NO_VILLAGE, none));
  return {
    quizId: quiz.id,
    questions: quiz.questions.length,
    started: all.started,
    finished: all.finished,
    averageScore: all.averageScore,
    fullScore: all.fullScore,
    distribution,
    byVillage,
  };
}

/** The header of the export. */
export const EXPORT_HEADER = ['Mã dự thi', 'Thôn', 'Kênh', 'Bắt đầu', 'Hoàn thành', 'Số câu đúng', 'Số câu', 'Dự đoán'];

/** One export row per attempt (times formatted by `fmt`). */
export function exportRows(
  attempts: readonly Attempt[],
  villages: readonly { id: string; name: string }[],
  fmt: (at: number) => string,
): (string | number | null)[][] {
  const names = new Map(villages.map((v) => [v.id, v.name]));
  return attempts.map((a) => [
    a.id,
    a.village === null ? NO_VILLAGE : (names.get(a.village) ?? a.village),
    a.channel,
    fmt(a.startedAt),
    a.finishedAt === null ? 'chưa xong' : fmt(a.finishedAt),
    a.score,
    a.total,
    a.tiebreak,
  ]);
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (with a header line). */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
