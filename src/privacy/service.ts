/**
 * A resident's rights over their data, across every part that holds some
 * (each declares a {@link PersonalDataPart}): export, erasure (one
 * transaction, audited in `privacy_erasures` with counts only), and the
 * retention purge of every table. After an erasure or a purge the WAL is
 * checkpointed and truncated; with `secure_delete` (storage/db.ts) the
 * deleted values are then gone from the files, not only from the tables.
 *
 * @example
 * ```ts
 * const data = new PersonalDataService(db, ALL_PERSONAL_DATA);
 * const who = { channel: 'telegram', userId: '42', userHash: assistant.hashUser('telegram', '42') };
 * data.export(who); // [{ heading: 'Phản ánh, kiến nghị', items: ['Số 3 (2026-03-10, mới): …'] }, …]
 * data.erase(who, 'chat'); // { total: 9, counts: { questions: 4, tickets: 1, … } }
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart, RetentionDays, TableCounts } from '../storage/personal.js';

/** What an erasure touched. */
export interface ErasureResult {
  total: number;
  counts: TableCounts;
}

/** Export, erasure and purge over a list of parts. */
export class PersonalDataService {
  constructor(
    private readonly db: Db,
    readonly parts: readonly PersonalDataPart[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Every part's sections about this resident that have items, in part order. */
  export(who: DataSubject): ExportSection[] {
    return this.parts.flatMap((p) => p.export(this.db, who)).filter((s) => s.items.length > 0);
  }

  /**
   * Deletes or anonymises everything tied to the resident, in one
   * transaction, and records the erasure without any id.
   */
  erase(who: DataSubject, via: 'chat' | 'desk'): ErasureResult {
    const anon = `anon-${randomBytes(8).toString('hex')}`;
    const now = this.now();
    const counts = this.db.transaction(() => {
      const all: TableCounts = {};
      for (const p of this.parts) add(all, p.erase(this.db, who, anon, now));
      this.db
        .prepare('INSERT INTO privacy_erasures (ts, channel, via, counts) VALUES (?, ?, ?, ?)')
        .run(now, who.channel, via, JSON.stringify(all));
      return all;
    })();
    flushDeleted(this.db);
    return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts };
  }

  /** Runs every part's retention purge; returns the rows touched per table. */
  purge(days: RetentionDays): TableCounts {
    const now = this.now();
    const counts = this.db.transaction(() => {
      const all: TableCounts = {};
      for (const p of this.parts) if (p.purge) add(all, p.purge(this.db, days, now));
      return all;
    })();
    if (Object.values(counts).some((n) => n > 0)) flushDeleted(this.db);
    return counts;
  }
}

function add(into: TableCounts, counts: TableCounts): void {
  for (const [k, v] of Object.entries(counts)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Moves the WAL into the database file and truncates it, so the old page
 * versions the WAL still held (with the deleted values) are gone too.
 * Harmless on `:memory:`; skipped while another connection reads.
 */
export function flushDeleted(db: Db): void {
  if (db.memory) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}
