/**
 * Tables of the privacy part: who has seen the notice on personal data (a
 * hashed id per channel, nothing else), and the record of each erasure
 * (when, on which channel, how, and how many rows per table: no id at all).
 */
import type { Migration } from '../storage/db.js';

/** Migrations of the privacy part. */
export const privacyMigrations: Migration[] = [
  {
    id: 'privacy/001-notices-erasures',
    up: `CREATE TABLE privacy_notices (
      channel TEXT NOT NULL,
      user_hash TEXT NOT NULL,
      shown_at INTEGER NOT NULL,
      PRIMARY KEY (channel, user_hash)
    );
    CREATE TABLE privacy_erasures (
      id INTEGER PRIMARY KEY,
      ts INTEGER NOT NULL,
      channel TEXT NOT NULL,
      via TEXT NOT NULL CHECK (via IN ('chat', 'desk')),
      counts TEXT NOT NULL
    );`,
  },
];
