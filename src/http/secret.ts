/**
 * The secret that signs the HTTP server's cookies (web chat sessions, staff
 * console sessions): `WEB_SESSION_SECRET` when set, else one generated on
 * first start and kept in the database, so sessions survive restarts. A
 * deployment should set it; it never reaches a log.
 */
import { storedSecret } from '../storage/core.js';
import type { Db } from '../storage/db.js';

/**
 * The cookie-signing secret (see the module comment).
 *
 * @example
 * ```ts
 * await http.register(fastifyCookie, { secret: cookieSecret(db, config.WEB_SESSION_SECRET) });
 * ```
 */
export function cookieSecret(db: Db, configured?: string): string {
  return configured || storedSecret(db, 'web_session_secret', 32);
}
