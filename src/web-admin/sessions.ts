/**
 * Staff console sessions: a random id in a signed HttpOnly cookie, stored
 * hashed with the person (`channel:id`), a CSRF token and an expiry. The
 * role is not stored: it is read again on every request, so a revoked role
 * takes effect at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../storage/db.js';
import { hashSecret } from './links.js';

/** Name of the console's session cookie. */
export const ADMIN_COOKIE = 'txa_admin';
/** How long a console session lasts (a working day). */
export const ADMIN_SESSION_TTL_MS = 10 * 3600_000;

/** A signed-in person. */
export interface AdminSession {
  principal: string;
  csrf: string;
  expires: number;
}

/** Starts a session; returns the cookie value (the raw id). */
export function createAdminSession(db: Db, principal: string, now: number): { id: string; session: AdminSession } {
  const id = randomBytes(24).toString('base64url');
  const session = { principal, csrf: randomBytes(24).toString('base64url'), expires: now + ADMIN_SESSION_TTL_MS };
  db.prepare('INSERT INTO admin_sessions (id_hash, principal, csrf, created, expires) VALUES (?, ?, ?, ?, ?)').run(
    hashSecret(id),
    principal,
    session.csrf,
    now,
    session.expires,
  );
  db.prepare('DELETE FROM admin_sessions WHERE expires < ?').run(now);
  return { id, session };
}

/** The unexpired session of a cookie value. */
export function readAdminSession(db: Db, id: string, now: number): AdminSession | undefined {
  const row = db.prepare('SELECT principal, csrf, expires FROM admin_sessions WHERE id_hash = ?').get(hashSecret(id)) as
    | AdminSession
    | undefined;
  return row && row.expires > now ? row : undefined;
}

/** Ends a session. */
export function endAdminSession(db: Db, id: string): void {
  db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').run(hashSecret(id));
}

/** Ends every session of a person (their role was revoked). */
export function endSessionsOf(db: Db, principal: string): number {
  return db.prepare('DELETE FROM admin_sessions WHERE principal = ?').run(principal).changes;
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(session: AdminSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
