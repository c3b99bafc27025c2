/**
 * The quiz part's state and rules, shared by the chat commands and the CLI:
 * which quizzes are open, a person's attempts (the per-quiz limit), the
 * source shown under each answer, results, export and the audited draw.
 *
 * @example
 * ```ts
 * const quizzes = new QuizService({ db, kb: () => knowledge.kb, now: Date.now, tz: 'Asia/Ho_Chi_Minh' });
 * quizzes.open('cchc-2026', from, to, staffHash);
 * quizzes.openQuizzes().map((q) => q.id); // ['cchc-2026'] while the period lasts
 * ```
 */
import type { Db } from '../storage/db.js';
import type { KnowledgeBase } from '../knowledge/model.js';
import type { DeclaredQuiz, QuizQuestion } from '../knowledge/quiz-schema.js';
import { formatLocal } from '../announcements/time.js';
import { drawWinners, type RankedEntry } from './draw.js';
import { quizResults, type QuizResults } from './results.js';
import { type Attempt, QuizStore } from './store.js';

/** Dependencies of {@link QuizService}. */
export interface QuizServiceOptions {
  db: Db;
  /** The current knowledge base (quizzes are reloaded with it). */
  kb: () => KnowledgeBase;
  now: () => number;
  tz: string;
  /** The village a chat subscribed to announcements for, if any (`thon:<id>` topic). */
  villageOf?: (channel: string, chatId: string) => string | undefined;
}

/** The outcome of a draw. */
export interface DrawOutcome {
  drawId: number;
  winners: RankedEntry[];
  entrants: number;
  target: number | undefined;
}

/** Quizzes, their periods and attempts. */
export class QuizService {
  readonly store: QuizStore;

  constructor(private readonly o: QuizServiceOptions) {
    this.store = new QuizStore(o.db);
  }

  /** The clock. */
  now(): number {
    return this.o.now();
  }

  /** The current knowledge base. */
  kb(): KnowledgeBase {
    return this.o.kb();
  }

  /** A quiz by id. */
  quiz(id: string): DeclaredQuiz | undefined {
    return this.kb().quizzes.find((q) => q.id === id);
  }

  /** Every declared quiz. */
  all(): DeclaredQuiz[] {
    return this.kb().quizzes;
  }

  /** Quizzes residents can take now. */
  openQuizzes(): DeclaredQuiz[] {
    const now = this.o.now();
    return this.all().filter((q) => this.store.isOpen(q.id, now));
  }

  /** Opens a quiz for [from, to). */
  open(id: string, from: number, to: number, by: string): void {
    this.store.setPeriod(id, from, to, this.o.now(), by);
  }

  /** A local time as staff and residents read it. */
  format(at: number): string {
    return formatLocal(at, this.o.tz);
  }

  /** The source shown under an answer: the cited line, or the entry's first official source. */
  sourceOf(q: QuizQuestion): string {
    if (q.cite) return q.cite;
    const e = this.kb().byId.get(q.source);
    return e?.data.sources[0] ?? q.source;
  }

  /** The commune's villages. */
  villages(): { id: string; name: string }[] {
    return this.kb().commune.villages;
  }

  /** The village a chat subscribed for, when it is one of the commune's. */
  subscribedVillage(channel: string, chatId: string): string | undefined {
    const v = this.o.villageOf?.(channel, chatId);
    return v && this.villages().some((x) => x.id === v) ? v : undefined;
  }

  /** The unfinished attempt of a person, if any. */
  current(quizId: string, userHash: string): Attempt | undefined {
    return this.store.attemptsOf(quizId, userHash).find((a) => a.finishedAt === null);
  }

  /** Results per village. */
  results(quiz: DeclaredQuiz): QuizResults {
    return quizResults(quiz, this.store.allAttempts(quiz.id), this.villages());
  }

  /** Whether the quiz can no longer be taken (closed by staff or period over). */
  ended(quizId: string): boolean {
    const p = this.store.period(quizId);
    return p !== undefined && (p.closedAt !== null || p.closesAt <= this.o.now());
  }

  /**
   * Draws `prizes` winners among the finished attempts with `seed`, stores
   * the draw and returns it (the caller writes the audit line).
   */
  draw(quiz: DeclaredQuiz, prizes: number, seed: string, by: string): DrawOutcome {
    const done = this.store.allAttempts(quiz.id).filter((a) => a.finishedAt !== null);
    const target = quiz.tieBreak ? (quiz.tieBreak.answer ?? done.length) : undefined;
    const { winners } = drawWinners(
      done.map((a) => ({ id: a.id, score: a.score, tiebreak: a.tiebreak })),
      { prizes, seed, ...(target !== undefined ? { target } : {}) },
    );
    const drawId = this.store.saveDraw({
      quizId: quiz.id,
      seed,
      prizes,
      winners: winners.map((w) => w.id),
      entrants: done.length,
      ts: this.o.now(),
      by,
    });
    return { drawId, winners, entrants: done.length, target };
  }
}
