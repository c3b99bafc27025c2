/**
 * Storage of the quiz part (tables in `migrations.ts`): open periods,
 * attempts with their answers, and draws.
 *
 * @example
 * ```ts
 * const store = new QuizStore(db);
 * store.setPeriod('cchc-2026', opens, closes, now, staffHash);
 * const a = store.startAttempt({ quizId: 'cchc-2026', userHash, channel: 'telegram', chatId: '42', total: 6, now });
 * store.recordAnswer(a.id, 2, true);
 * ```
 */
import type { Db } from '../storage/db.js';

/** When a quiz is open. */
export interface QuizPeriod {
  quizId: string;
  opensAt: number;
  closesAt: number;
  /** Set when staff closed it before `closesAt`. */
  closedAt: number | null;
}

/** One person's try at a quiz. */
export interface Attempt {
  id: number;
  quizId: string;
  userHash: string;
  channel: string;
  chatId: string;
  /** Village id, or null (not asked, or the person preferred not to say). */
  village: string | null;
  villageAsked: boolean;
  /** The option chosen for each question answered so far (1–4). */
  answers: number[];
  score: number;
  total: number;
  tiebreak: number | null;
  startedAt: number;
  finishedAt: number | null;
}

interface AttemptRow {
  id: number;
  quiz_id: string;
  user_hash: string;
  channel: string;
  chat_id: string;
  village: string | null;
  village_asked: number;
  answers: string;
  score: number;
  total: number;
  tiebreak: number | null;
  started_at: number;
  finished_at: number | null;
}

function toAttempt(r: AttemptRow): Attempt {
  return {
    id: r.id,
    quizId: r.quiz_id,
    userHash: r.user_hash,
    channel: r.channel,
    chatId: r.chat_id,
    village: r.village,
    villageAsked: r.village_asked === 1,
    answers: JSON.parse(r.answers) as number[],
    score: r.score,
    total: r.total,
    tiebreak: r.tiebreak,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** A stored draw. */
export interface StoredDraw {
  id: number;
  quizId: string;
  seed: string;
  prizes: number;
  winners: number[];
  entrants: number;
  ts: number;
}

/** The quiz tables. */
export class QuizStore {
  constructor(readonly db: Db) {}

  /** Opens (or re-opens with a new period) a quiz. */
  setPeriod(quizId: string, opensAt: number, closesAt: number, now: number, by: string): void {
    this.db
      .prepare(
        `INSERT INTO quiz_periods (quiz_id, opens_at, closes_at, closed_at, updated_at, updated_by) VALUES (?, ?, ?, NULL, ?, ?)
         ON CONFLICT (quiz_id) DO UPDATE SET opens_at = excluded.opens_at, closes_at = excluded.closes_at,
           closed_at = NULL, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(quizId, opensAt, closesAt, now, by);
  }

  /** Closes a quiz now; false when it has no period. */
  close(quizId: string, now: number, by: string): boolean {
    return (
      this.db
        .prepare('UPDATE quiz_periods SET closed_at = ?, updated_at = ?, updated_by = ? WHERE quiz_id = ?')
        .run(now, now, by, quizId).changes > 0
    );
  }

  /** The period of a quiz, if it was ever opened. */
  period(quizId: string): QuizPeriod | undefined {
    const r = this.db
      .prepare('SELECT quiz_id, opens_at, closes_at, closed_at FROM quiz_periods WHERE quiz_id = ?')
      .get(quizId) as { quiz_id: string; opens_at: number; closes_at: number; closed_at: number | null } | undefined;
    return r ? { quizId: r.quiz_id, opensAt: r.opens_at, closesAt: r.closes_at, closedAt: r.closed_at } : undefined;
  }

  /** Whether residents can take the quiz at `now`. */
  isOpen(quizId: string, now: number): boolean {
    const p = this.period(quizId);
    return p !== undefined && p.closedAt === null && p.opensAt <= now && now < p.closesAt;
  }

  /** Starts an attempt. */
  startAttempt(a: {
    quizId: string;
    userHash: string;
    channel: string;
    chatId: string;
    total: number;
    now: number;
  }): Attempt {
    const id = Number(
      this.db
        .prepare(
          'INSERT INTO quiz_attempts (quiz_id, user_hash, channel, chat_id, total, started_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(a.quizId, a.userHash, a.channel, a.chatId, a.total, a.now).lastInsertRowid,
    );
    return this.attempt(id)!;
  }

  /** One attempt by id. */
  attempt(id: number): Attempt | undefined {
    const r = this.db.prepare('SELECT * FROM quiz_attempts WHERE id = ?').get(id) as AttemptRow | undefined;
    return r ? toAttempt(r) : undefined;
  }

  /** A person's attempts at a quiz, oldest first. */
  attemptsOf(quizId: string, userHash: string): Attempt[] {
    const rows = this.db
      .prepare('SELECT * FROM quiz_attempts WHERE quiz_id = ? AND user_hash = ? ORDER BY id')
      .all(quizId, userHash) as AttemptRow[];
    return rows.map(toAttempt);
  }

  /** Every attempt at a quiz, oldest first. */
  allAttempts(quizId: string): Attempt[] {
    const rows = this.db
      .prepare('SELECT * FROM quiz_attempts WHERE quiz_id = ? ORDER BY id')
      .all(quizId) as AttemptRow[];
    return rows.map(toAttempt);
  }

  /** Records the village answer (null: prefers not to say). */
  setVillage(id: number, village: string | null): void {
    this.db.prepare('UPDATE quiz_attempts SET village = ?, village_asked = 1 WHERE id = ?').run(village, id);
  }

  /** Appends the option chosen for the next question, and counts it when right. */
  recordAnswer(id: number, option: number, right: boolean): void {
    const a = this.attempt(id);
    if (!a) return;
    this.db
      .prepare('UPDATE quiz_attempts SET answers = ?, score = score + ? WHERE id = ?')
      .run(JSON.stringify([...a.answers, option]), right ? 1 : 0, id);
  }

  /** Records the tie-break guess. */
  setTiebreak(id: number, guess: number): void {
    this.db.prepare('UPDATE quiz_attempts SET tiebreak = ? WHERE id = ?').run(guess, id);
  }

  /** Marks an attempt finished. */
  finish(id: number, now: number): void {
    this.db.prepare('UPDATE quiz_attempts SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(now, id);
  }

  /** Stores a draw; returns its id. */
  saveDraw(d: Omit<StoredDraw, 'id'> & { by: string }): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO quiz_draws (quiz_id, seed, prizes, winners, entrants, ts, by_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(d.quizId, d.seed, d.prizes, JSON.stringify(d.winners), d.entrants, d.ts, d.by).lastInsertRowid,
    );
  }

  /** The draws of a quiz, oldest first. */
  draws(quizId: string): StoredDraw[] {
    const rows = this.db.prepare('SELECT * FROM quiz_draws WHERE quiz_id = ? ORDER BY id').all(quizId) as {
      id: number;
      quiz_id: string;
      seed: string;
      prizes: number;
      winners: string;
      entrants: number;
      ts: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      quizId: r.quiz_id,
      seed: r.seed,
      prizes: r.prizes,
      winners: JSON.parse(r.winners) as number[],
      entrants: r.entrants,
      ts: r.ts,
    }));
  }
}
