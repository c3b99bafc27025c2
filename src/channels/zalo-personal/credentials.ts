/**
 * The personal account's session (cookie, imei, user agent), kept in the
 * database and saved again whenever Zalo rotates the cookies. Personal data
 * and secrets: never logged.
 */
import type { Db } from '../../storage/db.js';
import type { ZcaCredentials, ZcaSurface } from './zca-types.js';

/** Reads the saved session, if any. */
export function loadCredentials(db: Db): ZcaCredentials | undefined {
  const row = db.prepare('SELECT data FROM zalo_personal_credentials WHERE id = 1').get() as
    | { data: string }
    | undefined;
  if (!row) return undefined;
  try {
    const c = JSON.parse(row.data) as ZcaCredentials;
    return c.imei && c.userAgent && c.cookie ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a session; returns false when it was already stored unchanged. */
export function saveCredentials(db: Db, creds: ZcaCredentials, now = Date.now()): boolean {
  const data = JSON.stringify(creds);
  const row = db.prepare('SELECT data FROM zalo_personal_credentials WHERE id = 1').get() as
    | { data: string }
    | undefined;
  if (row?.data === data) return false;
  db.prepare(
    `INSERT INTO zalo_personal_credentials (id, data, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  ).run(data, now);
  return true;
}

/** Deletes the saved session (after a kick, so the next start asks for a QR login). */
export function clearCredentials(db: Db): void {
  db.prepare('DELETE FROM zalo_personal_credentials WHERE id = 1').run();
}

/** Reads the current session (with rotated cookies) from a logged-in API object. */
export function credentialsFromApi(api: Pick<ZcaSurface, 'getCookie' | 'getContext'>): ZcaCredentials | undefined {
  try {
    const ctx = api.getContext();
    const cookies = api.getCookie().toJSON()?.cookies;
    if (!ctx.imei || !ctx.userAgent || !cookies) return undefined;
    return { imei: ctx.imei, userAgent: ctx.userAgent, language: ctx.language, cookie: cookies };
  } catch {
    return undefined;
  }
}
