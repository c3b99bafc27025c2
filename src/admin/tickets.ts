/**
 * Feedback tickets (phản ánh, kiến nghị) in the database. Names, phone
 * numbers, platform ids and the text are personal data: they live only in
 * this table, are never logged, and are erased by {@link purgeExpiredTickets}.
 * Names and phone numbers are encrypted at rest with the database's cipher
 * (storage/cipher.ts); without a key they are not stored at all.
 */
import { cipherOf } from '../storage/cipher.js';
import type { Db } from '../storage/db.js';

/** States of a ticket. */
export type TicketState = 'new' | 'in_progress' | 'answered';

/** A ticket as stored. Personal fields are null once purged. */
export interface Ticket {
  id: number;
  createdAt: number;
  channel: string;
  userHash: string;
  userId: string | null;
  chatId: string | null;
  name: string | null;
  phone: string | null;
  content: string | null;
  state: TicketState;
  inProgressAt: number | null;
  answeredAt: number | null;
  answer: string | null;
  answeredBy: string | null;
  delivered: boolean | null;
  purgedAt: number | null;
}

/** What a resident gives when filing a ticket. */
export interface NewTicket {
  channel: string;
  userHash: string;
  userId: string;
  chatId: string;
  name?: string;
  phone?: string;
  content: string;
  now: number;
}

interface Row {
  id: number;
  created_at: number;
  channel: string;
  user_hash: string;
  user_id: string | null;
  chat_id: string | null;
  name: string | null;
  phone: string | null;
  content: string | null;
  state: TicketState;
  in_progress_at: number | null;
  answered_at: number | null;
  answer: string | null;
  answered_by: string | null;
  delivered: number | null;
  purged_at: number | null;
}

function toTicket(db: Db, r: Row): Ticket {
  const cipher = cipherOf(db);
  return {
    id: r.id,
    createdAt: r.created_at,
    channel: r.channel,
    userHash: r.user_hash,
    userId: r.user_id,
    chatId: r.chat_id,
    name: cipher.open(r.name),
    phone: cipher.open(r.phone),
    content: r.content,
    state: r.state,
    inProgressAt: r.in_progress_at,
    answeredAt: r.answered_at,
    answer: r.answer,
    answeredBy: r.answered_by,
    delivered: r.delivered === null ? null : r.delivered === 1,
    purgedAt: r.purged_at,
  };
}

/** Stores a new ticket and returns its number. Name and phone are kept only encrypted (dropped without a key). */
export function createTicket(db: Db, t: NewTicket): number {
  const cipher = cipherOf(db);
  const r = db
    .prepare(
      `INSERT INTO tickets (created_at, channel, user_hash, user_id, chat_id, name, phone, content, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new')`,
    )
    .run(t.now, t.channel, t.userHash, t.userId, t.chatId, cipher.seal(t.name), cipher.seal(t.phone), t.content);
  return Number(r.lastInsertRowid);
}

/** Reads one ticket. */
export function getTicket(db: Db, id: number): Ticket | undefined {
  const r = db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
  return r ? toTicket(db, r) : undefined;
}

/** Tickets not answered yet, oldest first. */
export function openTickets(db: Db, limit = 20): Ticket[] {
  return (db.prepare(`SELECT * FROM tickets WHERE state <> 'answered' ORDER BY id LIMIT ?`).all(limit) as Row[]).map(
    (r) => toTicket(db, r),
  );
}

/** Moves a new ticket to "in progress"; false if it is not new. */
export function markInProgress(db: Db, id: number, now: number): boolean {
  return (
    db
      .prepare(`UPDATE tickets SET state = 'in_progress', in_progress_at = ? WHERE id = ? AND state = 'new'`)
      .run(now, id).changes === 1
  );
}

/** Records the staff answer; false if the ticket is already answered or purged. */
export function answerTicket(db: Db, id: number, answer: string, byHash: string, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE tickets SET state = 'answered', answered_at = ?, answer = ?, answered_by = ?,
         in_progress_at = COALESCE(in_progress_at, ?)
         WHERE id = ? AND state <> 'answered' AND purged_at IS NULL`,
      )
      .run(now, answer, byHash, now, id).changes === 1
  );
}

/** Records whether the answer reached the resident. */
export function setDelivered(db: Db, id: number, delivered: boolean): void {
  db.prepare('UPDATE tickets SET delivered = ? WHERE id = ?').run(delivered ? 1 : 0, id);
}

/**
 * Erases the personal data (name, phone, platform ids, text of the ticket and
 * answer) of tickets created more than `days` days before `now`. Counts,
 * states and times stay for the reports. Returns how many tickets were purged.
 */
export function purgeExpiredTickets(db: Db, days: number, now: number): number {
  const cutoff = now - days * 86_400_000;
  return db
    .prepare(
      `UPDATE tickets SET name = NULL, phone = NULL, user_id = NULL, chat_id = NULL, content = NULL, answer = NULL,
       purged_at = ? WHERE created_at < ? AND purged_at IS NULL`,
    )
    .run(now, cutoff).changes;
}

/** The 5 SIPAS satisfaction factors asked after an answered ticket. */
export const SIPAS_FACTORS = [
  { key: 'access', label: 'Tiếp cận dịch vụ', question: 'Việc liên hệ, gửi phản ánh có dễ dàng, thuận tiện không?' },
  { key: 'procedure', label: 'Thủ tục', question: 'Cách thức, thời gian giải quyết có rõ ràng, hợp lý không?' },
  { key: 'official', label: 'Cán bộ, công chức', question: 'Cán bộ trả lời có thái độ và hướng dẫn tốt không?' },
  { key: 'result', label: 'Kết quả', question: 'Câu trả lời có đúng, đầy đủ, kịp thời không?' },
  {
    key: 'feedback',
    label: 'Tiếp nhận, xử lý phản ánh',
    question: 'Nhìn chung, việc tiếp nhận và xử lý phản ánh của xã thế nào?',
  },
] as const;

/** Key of a SIPAS factor. */
export type SipasFactor = (typeof SIPAS_FACTORS)[number]['key'];

/** Stores one 1–5 rating of a ticket (the first one per factor counts). */
export function rateTicket(db: Db, ticketId: number, factor: SipasFactor, score: number, now: number): boolean {
  if (!Number.isInteger(score) || score < 1 || score > 5) return false;
  return (
    db
      .prepare('INSERT INTO ticket_ratings (ticket_id, factor, score, ts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(ticketId, factor, score, now).changes === 1
  );
}

/** Whether a ticket already has any rating. */
export function hasRatings(db: Db, ticketId: number): boolean {
  return db.prepare('SELECT 1 FROM ticket_ratings WHERE ticket_id = ? LIMIT 1').get(ticketId) !== undefined;
}
