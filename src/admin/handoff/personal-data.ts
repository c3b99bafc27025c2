/**
 * The handoff part's personal data (see storage/personal.ts): the requests
 * to talk with staff and their transcripts.
 *
 * @example
 * ```ts
 * handoffPersonalData.erase(db, who, 'anon-1f2e3d4c', Date.now()); // { handoffs: 1, handoff_messages: 6 }
 * ```
 */
import type { Db } from '../../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart } from '../../storage/personal.js';
import { unlinkPurged } from '../personal-data.js';
import { purgeHandoffs } from './store.js';

const MINE = 'user_hash = ? OR (channel = ? AND user_id = ?)';

function exportHandoffs(db: Db, who: DataSubject): ExportSection[] {
  const rows = db
    .prepare(`SELECT id, requested_at, state FROM handoffs WHERE (${MINE}) AND purged_at IS NULL ORDER BY id`)
    .all(who.userHash, who.channel, who.userId) as { id: number; requested_at: number; state: string }[];
  const count = db.prepare('SELECT COUNT(*) AS n FROM handoff_messages WHERE handoff_id = ?');
  return [
    {
      heading: 'Yêu cầu gặp cán bộ',
      items: rows.map(
        (r) =>
          `Yêu cầu số ${r.id} (${new Date(r.requested_at).toISOString().slice(0, 10)}): ${(count.get(r.id) as { n: number }).n} tin nhắn`,
      ),
    },
  ];
}

function eraseHandoffs(db: Db, who: DataSubject, anon: string, now: number): Record<string, number> {
  const ids = `SELECT id FROM handoffs WHERE ${MINE}`;
  const messages = db
    .prepare(`DELETE FROM handoff_messages WHERE handoff_id IN (${ids})`)
    .run(who.userHash, who.channel, who.userId).changes;
  // An open request is closed: nobody can reach the resident any more.
  const handoffs = db
    .prepare(
      `UPDATE handoffs SET chat_id = NULL, user_id = NULL, user_name = NULL, user_hash = ?, purged_at = COALESCE(purged_at, ?),
       state = CASE WHEN state IN ('waiting', 'active') THEN 'ended' ELSE state END,
       ended_at = COALESCE(ended_at, ?), ended_by = COALESCE(ended_by, 'resident') WHERE ${MINE}`,
    )
    .run(anon, now, now, who.userHash, who.channel, who.userId).changes;
  return { handoffs, handoff_messages: messages };
}

/** The handoff part's {@link PersonalDataPart}. */
export const handoffPersonalData: PersonalDataPart = {
  name: 'handoff',
  tables: ['handoffs', 'handoff_messages'],
  export: exportHandoffs,
  erase: eraseHandoffs,
  purge: (db, days, now) => ({ handoffs: purgeHandoffs(db, days.handoff, now) + unlinkPurged(db, 'handoffs') }),
};
