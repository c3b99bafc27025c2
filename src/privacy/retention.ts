/**
 * The retention periods of a configuration, for the daily purge and
 * `npm run privacy -- purge`.
 *
 * @example
 * ```ts
 * retentionDays(parseConfig({})); // { feedback: 365, handoff: 365, questions: 365, quiz: 90 }
 * ```
 */
import type { Config } from '../config/index.js';
import type { RetentionDays } from '../storage/personal.js';

/** The retention periods of a configuration. */
export function retentionDays(c: Config): RetentionDays {
  return {
    feedback: c.FEEDBACK_RETENTION_DAYS,
    handoff: c.HANDOFF_RETENTION_DAYS ?? c.FEEDBACK_RETENTION_DAYS,
    questions: c.QUESTION_RETENTION_DAYS,
    quiz: c.QUIZ_RETENTION_DAYS,
  };
}
