/**
 * The daily erasure of who took a quiz: `QUIZ_RETENTION_DAYS` after a quiz
 * ended (closed or its period over), its attempts lose the hashed user id
 * and the chat (needed only for the one-attempt rule and to tell winners);
 * village, answers and scores stay for the figures.
 *
 * @example
 * ```ts
 * const r = new QuizRetention({ store, days: 90, now: Date.now, log });
 * r.runOnce(); // rows erased now
 * ```
 */
import type { Logger } from 'pino';
import type { Service } from '../app/context.js';
import type { QuizStore } from './store.js';

/** Options of {@link QuizRetention}. */
export interface QuizRetentionOptions {
  store: QuizStore;
  days: number;
  now: () => number;
  log: Logger;
  intervalMs?: number;
}

/** Erases old quiz participants' ids once a day. */
export class QuizRetention implements Service {
  readonly name = 'quiz-retention';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: QuizRetentionOptions) {}

  /** Erases now; returns how many attempts were changed. */
  runOnce(): number {
    const n = this.o.store.purgeEnded(this.o.now() - this.o.days * 86_400_000);
    if (n > 0) this.o.log.info({ attempts: n, days: this.o.days }, 'quiz participants erased');
    return n;
  }

  start(): void {
    this.runOnce();
    this.timer = setInterval(() => {
      try {
        this.runOnce();
      } catch (err) {
        this.o.log.error({ err }, 'quiz retention failed');
      }
    }, this.o.intervalMs ?? 86_400_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
