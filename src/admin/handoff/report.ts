/**
 * Handoff figures of the CCHC report for one period: requests, how many a
 * staff member took, how many became tickets (outside working hours or no
 * staff reachable) or expired (nobody took them in time), cancelled while
 * waiting, the waiting time until a staff member took one (median, longest)
 * and the residents' 👍/👎. Counted by the time of the request.
 */
import type { Db } from '../../storage/db.js';
import type { Period } from '../period.js';
import { median } from '../stats.js';

/** Handoff figures, or why they are missing (a database without the handoff tables). */
export type HandoffFigures =
  | { available: false; reason: string }
  | {
      available: true;
      requested: number;
      taken: number;
      ticketed: number;
      expired: number;
      cancelled: number;
      medianWaitMs: number | null;
      maxWaitMs: number | null;
      helpful: number;
      notHelpful: number;
    };

/** Collects the handoff figures of a period. */
export function handoffFigures(db: Db, p: Period): HandoffFigures {
  const have = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'handoffs'`).get();
  if (!have) return { available: false, reason: 'chưa có dữ liệu gặp cán bộ (phần gặp cán bộ chưa được cài đặt)' };
  const rows = db
    .prepare('SELECT state, requested_at, taken_at, rating FROM handoffs WHERE requested_at >= ? AND requested_at < ?')
    .all(p.from, p.to) as { state: string; requested_at: number; taken_at: number | null; rating: number | null }[];
  const waits = rows.filter((r) => r.taken_at !== null).map((r) => r.taken_at! - r.requested_at);
  return {
    available: true,
    requested: rows.length,
    taken: waits.length,
    ticketed: rows.filter((r) => r.state === 'ticketed').length,
    expired: rows.filter((r) => r.state === 'expired').length,
    cancelled: rows.filter((r) => r.state === 'ended' && r.taken_at === null).length,
    medianWaitMs: median(waits),
    maxWaitMs: waits.length > 0 ? Math.max(...waits) : null,
    helpful: rows.filter((r) => r.rating === 1).length,
    notHelpful: rows.filter((r) => r.rating === 0).length,
  };
}
