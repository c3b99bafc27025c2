/**
 * The audit log: every staff or admin action, with who (hashed id and
 * channel), what and when. Details never contain personal data or message text.
 */
import type { Role } from '../core/assistant.js';
import type { Db } from '../storage/db.js';

/** One audit log line. */
export interface AuditEntry {
  ts: number;
  channel: string;
  userHash: string;
  role: Role;
  /** The command or action, e.g. `capnhat`, `traloi`. */
  action: string;
  /** Non-personal detail: a ticket number, an entry id, a role change. */
  detail?: string;
  /** `ok`, `refused` (role too low) or `failed` (bad input, validation). */
  outcome: 'ok' | 'refused' | 'failed';
}

/** Appends one line to the audit log. */
export function writeAudit(db: Db, e: AuditEntry): void {
  db.prepare(
    'INSERT INTO audit_log (ts, channel, user_hash, role, action, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(e.ts, e.channel, e.userHash, e.role, e.action, e.detail ?? null, e.outcome);
}

/** The latest audit lines, newest first. */
export function recentAudit(db: Db, limit = 20): AuditEntry[] {
  const rows = db
    .prepare('SELECT ts, channel, user_hash, role, action, detail, outcome FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as {
    ts: number;
    channel: string;
    user_hash: string;
    role: Role;
    action: string;
    detail: string | null;
    outcome: AuditEntry['outcome'];
  }[];
  return rows.map((r) => ({
    ts: r.ts,
    channel: r.channel,
    userHash: r.user_hash,
    role: r.role,
    action: r.action,
    ...(r.detail !== null ? { detail: r.detail } : {}),
    outcome: r.outcome,
  }));
}
