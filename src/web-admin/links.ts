/**
 * One-time sign-in links to the staff console. A staff member or admin asks
 * the bot (`/dangnhap`) or an administrator runs `npm run admin:link`; the
 * link carries a random token, is valid {@link LINK_TTL_MS} and works once.
 * At most {@link LINKS_PER_HOUR} links are issued per person per hour.
 *
 * @example
 * ```ts
 * const r = issueLoginLink(db, 'telegram:123456', Date.now());
 * if (r.ok) send(`${base}/admin/login?token=${r.token}`);
 * ```
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../storage/db.js';

/** How long a sign-in link works. */
export const LINK_TTL_MS = 10 * 60_000;
/** Most links one person may ask for in an hour. */
export const LINKS_PER_HOUR = 5;

/** SHA-256 of a secret, as stored. */
export function hashSecret(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** A new link's token, or why none was issued. */
export type IssueResult = { ok: true; token: string; expires: number } | { ok: false; reason: 'too-many' };

/** Issues a sign-in link for `principal` (`channel:id`). */
export function issueLoginLink(db: Db, principal: string, now: number): IssueResult {
  const recent = db
    .prepare('SELECT COUNT(*) AS n FROM admin_login_links WHERE principal = ? AND created > ?')
    .get(principal, now - 3600_000) as { n: number };
  if (recent.n >= LINKS_PER_HOUR) return { ok: false, reason: 'too-many' };
  const token = randomBytes(32).toString('base64url');
  const expires = now + LINK_TTL_MS;
  db.prepare('INSERT INTO admin_login_links (token_hash, principal, created, expires) VALUES (?, ?, ?, ?)').run(
    hashSecret(token),
    principal,
    now,
    expires,
  );
  // Old links are of no use to anyone: keep the table small.
  db.prepare('DELETE FROM admin_login_links WHERE created < ?').run(now - 24 * 3600_000);
  return { ok: true, token, expires };
}

/** Why a link did not sign anyone in. */
export type ConsumeResult = { ok: true; principal: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Uses a link: the principal it was issued to, once, before it expires. */
export function consumeLoginLink(db: Db, token: string, now: number): ConsumeResult {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'unknown' };
  const hash = hashSecret(token);
  const row = db.prepare('SELECT principal, expires, used_at FROM admin_login_links WHERE token_hash = ?').get(hash) as
    | { principal: string; expires: number; used_at: number | null }
    | undefined;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires <= now) return { ok: false, reason: 'expired' };
  // Atomic: of two requests with the same link, one wins.
  const r = db
    .prepare('UPDATE admin_login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')
    .run(now, hash);
  return r.changes === 1 ? { ok: true, principal: row.principal } : { ok: false, reason: 'used' };
}
