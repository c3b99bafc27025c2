/**
 * The seeded draw of winners: reproducible by anyone with the results and
 * the seed. Finished attempts are ranked by score (highest first), then by
 * the tie-break guess (closest to the right number first; no guess last),
 * then by SHA-256 of `<seed>:<attempt number>` (smallest first), so the same
 * seed always gives the same winners and no one chooses the order.
 *
 * @example
 * ```ts
 * const d = drawWinners(entries, { prizes: 3, seed: 'xsmb-2026-12-31' });
 * d.winners.map((w) => w.id); // e.g. [12, 4, 31], the same for every run with this seed
 * ```
 */
import { createHash } from 'node:crypto';

/** A finished attempt taking part in the draw. */
export interface DrawEntry {
  /** The attempt number (the resident's "mã dự thi"). */
  id: number;
  score: number;
  tiebreak: number | null;
}

/** An entry with the keys it was ranked by. */
export interface RankedEntry extends DrawEntry {
  /** Distance of the guess from the right number (null: no guess or no tie-break). */
  distance: number | null;
  /** The seeded key (hex), the last criterion. */
  key: string;
}

/** Options of {@link drawWinners}. */
export interface DrawOptions {
  prizes: number;
  seed: string;
  /** The right tie-break number, when the quiz has a tie-break. */
  target?: number;
}

/** The seeded key of one entry. */
export function drawKey(seed: string, id: number): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex');
}

function compare(a: RankedEntry, b: RankedEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  const da = a.distance ?? Number.POSITIVE_INFINITY;
  const db = b.distance ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id;
}

/** Ranks every entry and takes the first `prizes` as winners. */
export function drawWinners(
  entries: readonly DrawEntry[],
  o: DrawOptions,
): { winners: RankedEntry[]; ranked: RankedEntry[] } {
  const ranked = entries
    .map(
      (e): RankedEntry => ({
        ...e,
        distance: o.target !== undefined && e.tiebreak !== null ? Math.abs(e.tiebreak - o.target) : null,
        key: drawKey(o.seed, e.id),
      }),
    )
    .sort(compare);
  return { winners: ranked.slice(0, Math.max(0, o.prizes)), ranked };
}
