/**
 * Tables of the staff console: one-time sign-in links and console sessions.
 * Both keep only a SHA-256 hash of their secret, so a copy of the database
 * does not let anyone sign in.
 */
import type { Migration } from '../storage/db.js';

/** Migrations of the staff console, appended to the application's list. */
export const webAdminMigrations: Migration[] = [
  {
    id: 'web-admin/001-links-sessions',
    up: `CREATE TABLE admin_login_links (
      token_hash TEXT PRIMARY KEY,
      principal TEXT NOT NULL,
      created INTEGER NOT NULL,
      expires INTEGER NOT NULL,
      used_at INTEGER
    );
    CREATE INDEX admin_login_links_principal ON admin_login_links (principal, created);
    CREATE TABLE admin_sessions (
      id_hash TEXT PRIMARY KEY,
      principal TEXT NOT NULL,
      csrf TEXT NOT NULL,
      created INTEGER NOT NULL,
      expires INTEGER NOT NULL
    );`,
  },
];
