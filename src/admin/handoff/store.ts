/**
 * Handoffs and their messages in the database. Every state change is one
 * conditional UPDATE (`… WHERE state = 'waiting'`), so two staff members
 * taking the same request, or a take racing the expiry, cannot both win.
 * Texts, names and platform ids are personal data: never logged, erased by
 * {@link purgeHandoffs}. The resident's name is kept only encrypted with the
 * database's cipher (storage/cipher.ts), as tickets keep theirs: without a
 * key it is not stored.
 */
import { cipherOf, type FieldCipher } from '../../storage/cipher.js';
import type { Db } from '../../storage/db.js';

/** States of a handoff: waiting for a staff member, in conversation, or closed (and how). */
export type HandoffState = 'waiting' | 'active' | 'ended' | 'expired' | 'ticketed';
/** Who ended a handoff. */
export type EndedBy = 'resident' | 'staff' | 'timeout';

/** A handoff as stored. Personal fields are null once purged. */
export interface Handoff {
  id: number;
  /** The resident's channel. */
  channel: string;
  chatId: string | null;
  userId: string | null;
  userHash: string;
  userName: string | null;
  state: HandoffState;
  requestedAt: number;
  takenAt: number | null;
  endedAt: number | null;
  lastActivityAt: number;
  staffHash: string | null;
  /** `channel:id` of the staff member who took it. */
  staffPrincipal: string | null;
  /** Where resident messages are relayed to (the staff member's private chat on their channel). */
  staffChat: string | null;
  /** What the resident sees as the staff member's name ("Cán bộ xã" unless a display name was set). */
  staffLabel: string | null;
  endedBy: EndedBy | null;
  /** The ticket opened instead (outside working hours, nobody took it). */
  ticketId: number | null;
  /** Whether the waiting resident was already reminded that they are waiting. */
  reminded: boolean;
  /** The resident's 👍 (1) / 👎 (0) after the conversation. */
  rating: 0 | 1 | null;
  purgedAt: number | null;
}

/** One message of a handoff's transcript. */
export interface HandoffMessage {
  id: number;
  handoffId: number;
  ts: number;
  from: 'resident' | 'staff';
  text: string;
}

/** What a new handoff records. */
export interface NewHandoff {
  channel: string;
  chatId: string;
  userId: string;
  userHash: string;
  userName?: string;
  state: 'waiting' | 'ticketed';
  now: number;
}

type Row = Record<string, unknown>;

function toHandoff(r: Row, cipher: FieldCipher): Handoff {
  return {
    id: r.id as number,
    channel: r.channel as string,
    chatId: r.chat_id as string | null,
    userId: r.user_id as string | null,
    userHash: r.user_hash as string,
    userName: cipher.open(r.user_name as string | null),
    state: r.state as HandoffState,
    requestedAt: r.requested_at as number,
    takenAt: r.taken_at as number | null,
    endedAt: r.ended_at as number | null,
    lastActivityAt: r.last_activity_at as number,
    staffHash: r.staff_hash as string | null,
    staffPrincipal: r.staff_principal as string | null,
    staffChat: r.staff_chat as string | null,
    staffLabel: r.staff_label as string | null,
    endedBy: r.ended_by as EndedBy | null,
    ticketId: r.ticket_id as number | null,
    reminded: r.reminded === 1,
    rating: r.rating as 0 | 1 | null,
    purgedAt: r.purged_at as number | null,
  };
}

/** Stores a new handoff and returns its number. */
export function insertHandoff(db: Db, h: NewHandoff): number {
  const r = db
    .prepare(
      `INSERT INTO handoffs (channel, chat_id, user_id, user_hash, user_name, state, requested_at, last_activity_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      h.channel,
      h.chatId,
      h.userId,
      h.userHash,
      cipherOf(db).seal(h.userName),
      h.state,
      h.now,
      h.now,
      h.state === 'ticketed' ? h.now : null,
    );
  return Number(r.lastInsertRowid);
}

/** Reads one handoff. */
export function getHandoff(db: Db, id: number): Handoff | undefined {
  const r = db.prepare('SELECT * FROM handoffs WHERE id = ?').get(id) as Row | undefined;
  return r ? toHandoff(r, cipherOf(db)) : undefined;
}

/** The waiting or active handoff of a resident's chat, if any. */
export function openHandoffOf(db: Db, channel: string, chatId: string): Handoff | undefined {
  const r = db
    .prepare(`SELECT * FROM handoffs WHERE channel = ? AND chat_id = ? AND state IN ('waiting', 'active')`)
    .get(channel, chatId) as Row | undefined;
  return r ? toHandoff(r, cipherOf(db)) : undefined;
}

/** The active handoff a staff member (`channel:id`) has taken, if any. */
export function activeHandoffOfStaff(db: Db, principal: string): Handoff | undefined {
  const r = db.prepare(`SELECT * FROM handoffs WHERE staff_principal = ? AND state = 'active'`).get(principal) as
    | Row
    | undefined;
  return r ? toHandoff(r, cipherOf(db)) : undefined;
}

/** Handoffs in one state, oldest first. */
export function handoffsIn(db: Db, state: HandoffState, limit = 50): Handoff[] {
  return (db.prepare('SELECT * FROM handoffs WHERE state = ? ORDER BY id LIMIT ?').all(state, limit) as Row[]).map(
    (r) => toHandoff(r, cipherOf(db)),
  );
}

/** What a staff member records when taking a handoff. */
export interface TakeFields {
  staffHash: string;
  staffPrincipal: string;
  staffChat: string;
  staffLabel: string;
  now: number;
}

/**
 * Moves a waiting handoff to active for one staff member. Atomic: false when
 * it is no longer waiting, or the staff member already has an active one.
 */
export function markTaken(db: Db, id: number, f: TakeFields): boolean {
  return (
    db
      .prepare(
        `UPDATE handoffs SET state = 'active', taken_at = ?, last_activity_at = ?, staff_hash = ?, staff_principal = ?,
         staff_chat = ?, staff_label = ?
         WHERE id = ? AND state = 'waiting'
         AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.staff_principal = ? AND h.state = 'active')`,
      )
      .run(f.now, f.now, f.staffHash, f.staffPrincipal, f.staffChat, f.staffLabel, id, f.staffPrincipal).changes === 1
  );
}

/** Ends a waiting or active handoff; false when it was already closed. */
export function markEnded(db: Db, id: number, by: EndedBy, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE handoffs SET state = 'ended', ended_by = ?, ended_at = ? WHERE id = ? AND state IN ('waiting', 'active')`,
      )
      .run(by, now, id).changes === 1
  );
}

/** Closes a waiting handoff nobody took in time; false when it was taken or closed meanwhile. */
export function markExpired(db: Db, id: number, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE handoffs SET state = 'expired', ended_by = 'timeout', ended_at = ? WHERE id = ? AND state = 'waiting'`,
      )
      .run(now, id).changes === 1
  );
}

/** Closes a waiting handoff that became a ticket at once (no staff member reachable); false when no longer waiting. */
export function markTicketed(db: Db, id: number, now: number): boolean {
  return (
    db.prepare(`UPDATE handoffs SET state = 'ticketed', ended_at = ? WHERE id = ? AND state = 'waiting'`).run(now, id)
      .changes === 1
  );
}

/** Links the ticket opened instead of (or after) a handoff. */
export function setTicket(db: Db, id: number, ticketId: number): void {
  db.prepare('UPDATE handoffs SET ticket_id = ? WHERE id = ?').run(ticketId, id);
}

/** Marks the waiting resident as reminded; true only the first time. */
export function markReminded(db: Db, id: number): boolean {
  return db.prepare('UPDATE handoffs SET reminded = 1 WHERE id = ? AND reminded = 0').run(id).changes === 1;
}

/** Stores the resident's 👍/👎 once, only for a closed handoff of that resident. */
export function rateHandoff(db: Db, id: number, userHash: string, helpful: boolean): boolean {
  return (
    db
      .prepare(
        `UPDATE handoffs SET rating = ? WHERE id = ? AND user_hash = ? AND state = 'ended' AND taken_at IS NOT NULL AND rating IS NULL`,
      )
      .run(helpful ? 1 : 0, id, userHash).changes === 1
  );
}

/** Appends a message to the transcript and counts it as activity. */
export function addMessage(db: Db, handoffId: number, from: HandoffMessage['from'], text: string, now: number): number {
  return db.transaction(() => {
    const r = db
      .prepare('INSERT INTO handoff_messages (handoff_id, ts, sender, text) VALUES (?, ?, ?, ?)')
      .run(handoffId, now, from, text);
    db.prepare('UPDATE handoffs SET last_activity_at = ? WHERE id = ?').run(now, handoffId);
    return Number(r.lastInsertRowid);
  })();
}

/** The transcript of a handoff, oldest first; `afterId` returns only newer messages (for polling). */
export function messagesOf(db: Db, handoffId: number, afterId = 0): HandoffMessage[] {
  const rows = db
    .prepare(
      'SELECT id, handoff_id, ts, sender, text FROM handoff_messages WHERE handoff_id = ? AND id > ? ORDER BY id',
    )
    .all(handoffId, afterId) as {
    id: number;
    handoff_id: number;
    ts: number;
    sender: 'resident' | 'staff';
    text: string;
  }[];
  return rows.map((r) => ({ id: r.id, handoffId: r.handoff_id, ts: r.ts, from: r.sender, text: r.text }));
}

/** Waiting handoffs requested before `cutoff` (to expire). */
export function waitingSince(db: Db, cutoff: number): Handoff[] {
  return (
    db.prepare(`SELECT * FROM handoffs WHERE state = 'waiting' AND requested_at < ? ORDER BY id`).all(cutoff) as Row[]
  ).map((r) => toHandoff(r, cipherOf(db)));
}

/** Active handoffs without any message since `cutoff` (to end as idle). */
export function idleSince(db: Db, cutoff: number): Handoff[] {
  return (
    db
      .prepare(`SELECT * FROM handoffs WHERE state = 'active' AND last_activity_at < ? ORDER BY id`)
      .all(cutoff) as Row[]
  ).map((r) => toHandoff(r, cipherOf(db)));
}

/**
 * Erases the transcripts and personal fields (platform ids, display name,
 * staff chat) of closed handoffs requested more than `days` days before
 * `now`. States, times and hashes stay for the report. Returns how many
 * handoffs were purged.
 */
export function purgeHandoffs(db: Db, days: number, now: number): number {
  const cutoff = now - days * 86_400_000;
  return db.transaction(() => {
    const closed = `SELECT id FROM handoffs WHERE requested_at < ? AND purged_at IS NULL AND state NOT IN ('waiting', 'active')`;
    db.prepare(`DELETE FROM handoff_messages WHERE handoff_id IN (${closed})`).run(cutoff);
    return db
      .prepare(
        `UPDATE handoffs SET chat_id = NULL, user_id = NULL, user_name = NULL, staff_principal = NULL, staff_chat = NULL,
         staff_label = NULL, purged_at = ? WHERE id IN (${closed})`,
      )
      .run(now, cutoff).changes;
  })();
}
