/**
 * The admin part's personal data (see storage/personal.ts): feedback
 * tickets with their contact details, the SIPAS survey answers given on
 * them, and the audit log's hashed ids.
 *
 * @example
 * ```ts
 * const sections = adminPersonalData.export(db, { channel: 'telegram', userId: '42', userHash });
 * adminPersonalData.erase(db, who, 'anon-1f2e3d4c', Date.now()); // { tickets: 2, audit_log: 0 }
 * ```
 */
import type { Db } from '../storage/db.js';
import type { DataSubject, ExportSection, PersonalDataPart } from '../storage/personal.js';
import { getTicket, purgeExpiredTickets, SIPAS_FACTORS, type Ticket } from './tickets.js';

const STATE: Record<Ticket['state'], string> = { new: 'mới', in_progress: 'đang xử lý', answered: 'đã trả lời' };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function ticketIds(db: Db, who: DataSubject): number[] {
  return (
    db.prepare('SELECT id FROM tickets WHERE user_hash = ? AND purged_at IS NULL ORDER BY id').all(who.userHash) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

function ticketLine(t: Ticket): string {
  const parts = [`Số ${t.id} (${day(t.createdAt)}, ${STATE[t.state]}): ${t.content ?? ''}`];
  if (t.name) parts.push(`tên: ${t.name}`);
  parts.push(`điện thoại: ${t.phone ?? 'không để lại'}`);
  if (t.answer) parts.push(`trả lời: ${t.answer}`);
  return parts.join('; ');
}

function ratingLines(db: Db, ids: number[]): string[] {
  const label = new Map<string, string>(SIPAS_FACTORS.map((f) => [f.key, f.label]));
  return ids.flatMap((id) =>
    (
      db.prepare('SELECT factor, score FROM ticket_ratings WHERE ticket_id = ?').all(id) as {
        factor: string;
        score: number;
      }[]
    ).map((r) => `Phản ánh số ${id}, ${label.get(r.factor) ?? r.factor}: ${r.score}/5`),
  );
}

function exportAdmin(db: Db, who: DataSubject): ExportSection[] {
  const ids = ticketIds(db, who);
  const tickets = ids.map((id) => getTicket(db, id)).filter((t): t is Ticket => t !== undefined);
  return [
    { heading: 'Phản ánh, kiến nghị', items: tickets.map(ticketLine) },
    { heading: 'Đánh giá mức độ hài lòng', items: ratingLines(db, ids) },
  ];
}

function eraseAdmin(db: Db, who: DataSubject, anon: string, now: number): Record<string, number> {
  const tickets = db
    .prepare(
      `UPDATE tickets SET name = NULL, phone = NULL, user_id = NULL, chat_id = NULL, content = NULL, answer = NULL,
       user_hash = ?, purged_at = COALESCE(purged_at, ?) WHERE user_hash = ? OR (channel = ? AND user_id = ?)`,
    )
    .run(anon, now, who.userHash, who.channel, who.userId).changes;
  const audit = db.prepare('UPDATE audit_log SET user_hash = ? WHERE user_hash = ?').run(anon, who.userHash).changes;
  // Staff actions about this person (`/capquyen telegram:42 …`) name them in the detail.
  const named = db
    .prepare(`UPDATE audit_log SET detail = NULL WHERE instr(detail, ?) > 0`)
    .run(`${who.channel}:${who.userId}`).changes;
  return { tickets, audit_log: audit + named };
}

/** Purged rows keep no hash either: the figures need none (`tickets`, `handoffs`). */
export function unlinkPurged(db: Db, table: 'tickets' | 'handoffs'): number {
  return db
    .prepare(
      `UPDATE ${table} SET user_hash = 'purged-' || id
       WHERE purged_at IS NOT NULL AND user_hash NOT LIKE 'purged-%' AND user_hash NOT LIKE 'anon-%'`,
    )
    .run().changes;
}

/** The admin part's {@link PersonalDataPart}. */
export const adminPersonalData: PersonalDataPart = {
  name: 'admin',
  tables: ['tickets', 'ticket_ratings', 'audit_log'],
  export: exportAdmin,
  erase: eraseAdmin,
  purge: (db, days, now) => ({ tickets: purgeExpiredTickets(db, days.feedback, now) + unlinkPurged(db, 'tickets') }),
};
