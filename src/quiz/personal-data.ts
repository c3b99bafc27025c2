/**
 * The quiz part's personal data (see storage/personal.ts): a resident's
 * attempts (hashed id, the chat to tell a winner, the village chosen, the
 * answers and score). Erasing keeps the village and score for the figures
 * and the draws' attempt numbers, and drops who it was: the hash becomes the
 * erasure's `anon-…` token and the chat is cleared, so a winner can no
 * longer be told in chat (they still have their attempt number).
 *
 * @example
 * ```ts
 * quizPersonalData.erase(db, who, 'anon-1f2e3d4c', Date.now()); // { quiz_attempts: 2 }
 * ```
 */
import type { Db } from '../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart } from '../storage/personal.js';

/**
 * Erases who took the quizzes that ended before `before` (epoch ms): their
 * attempts lose the hash and the chat; village, answers and score stay.
 * Shared by the quiz's own daily job and the privacy purge.
 */
export function purgeEndedAttempts(db: Db, before: number): number {
  return db
    .prepare(
      `UPDATE quiz_attempts SET user_hash = '', chat_id = '' WHERE chat_id <> '' AND quiz_id IN
         (SELECT quiz_id FROM quiz_periods WHERE COALESCE(closed_at, closes_at) < ?)`,
    )
    .run(before).changes;
}

interface AttemptRow {
  id: number;
  quiz_id: string;
  village: string | null;
  score: number;
  total: number;
  started_at: number;
  finished_at: number | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The quiz attempts of one resident, for `/dulieucuatoi`. */
export const quizPersonalData: PersonalDataPart = {
  name: 'quiz',
  tables: ['quiz_attempts'],
  export(db, who: DataSubject): ExportSection[] {
    const rows = db
      .prepare(
        'SELECT id, quiz_id, village, score, total, started_at, finished_at FROM quiz_attempts WHERE user_hash = ? ORDER BY id',
      )
      .all(who.userHash) as AttemptRow[];
    const items = rows.map(
      (r) =>
        `Cuộc thi ${r.quiz_id}, mã dự thi ${r.id}, ngày ${day(r.started_at)}: ` +
        `${r.finished_at ? `${r.score}/${r.total} câu đúng` : 'chưa làm xong'}` +
        `${r.village ? `, thôn ${r.village}` : ''}`,
    );
    return [{ heading: 'Cuộc thi tìm hiểu cải cách hành chính', items }];
  },
  erase(db, who, anon) {
    const changes = db
      .prepare("UPDATE quiz_attempts SET user_hash = ?, chat_id = '' WHERE user_hash = ?")
      .run(anon, who.userHash).changes;
    return { quiz_attempts: changes };
  },
  purge(db, days, now) {
    return { quiz_attempts: purgeEndedAttempts(db, now - days.quiz * 86_400_000) };
  },
};
