/**
 * The contract by which each part of the assistant answers for the personal
 * data in its own tables (Decree 13/2023/NĐ-CP): what it holds about one
 * resident (`/dulieucuatoi`), how it erases it (`/xoadulieu`, `npm run
 * privacy -- delete`), and how its retention purges old rows. A plugin
 * declares its part in `personalData`; the core's and the channels' tables,
 * which belong to no plugin, have theirs in src/privacy/base-data.ts.
 *
 * @example
 * ```ts
 * export const notesData: PersonalDataPart = {
 *   name: 'notes',
 *   tables: ['notes'],
 *   export: (db, who) => [{ heading: 'Ghi chú', items: notesOf(db, who.userHash) }],
 *   erase: (db, who) => ({ notes: db.prepare('DELETE FROM notes WHERE user_hash = ?').run(who.userHash).changes }),
 * };
 * ```
 */
import type { Db } from './db.js';

/** The resident whose data is asked for: a platform id on a channel, and its salted hash. */
export interface DataSubject {
  channel: string;
  userId: string;
  userHash: string;
}

/** One readable part of an export (a heading and lines, in Vietnamese). */
export interface ExportSection {
  heading: string;
  items: string[];
}

/** Retention periods, in days, for {@link PersonalDataPart.purge}. */
export interface RetentionDays {
  feedback: number;
  handoff: number;
  questions: number;
  /** Days after a quiz ended (QUIZ_RETENTION_DAYS). */
  quiz: number;
}

/** Rows touched per table. */
export type TableCounts = Record<string, number>;

/** What a part answers for. */
export interface PersonalDataPart {
  /** Name for the audit record (`core`, `admin`…). */
  readonly name: string;
  /** The tables whose personal data this part erases (documented in docs/privacy.md). */
  readonly tables: readonly string[];
  /** What is stored about the resident, readable; sections without items are left out. */
  export(db: Db, who: DataSubject): ExportSection[];
  /**
   * Deletes or anonymises the resident's rows; counts stay for the reports.
   * `anon` is a random token that replaces the hash wherever a row is kept.
   */
  erase(db: Db, who: DataSubject, anon: string, now: number): TableCounts;
  /** Erases what is older than the retention periods. */
  purge?(db: Db, days: RetentionDays, now: number): TableCounts;
}
