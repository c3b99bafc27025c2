/**
 * Database tables of the Zalo channels: processed webhook events (dedupe),
 * the last numbered choices offered per chat, OA tokens, zca-js credentials
 * and the personal account's daily send counter.
 */
import type { Migration } from '../../storage/db.js';

/** Migrations of the Zalo channels, appended to the application's list. */
export const zaloMigrations: Migration[] = [
  {
    id: 'zalo/001-seen-events',
    up: `CREATE TABLE zalo_seen_events (
      channel TEXT NOT NULL,
      event_id TEXT NOT NULL,
      ts INTEGER NOT NULL,
      PRIMARY KEY (channel, event_id)
    );
    CREATE INDEX zalo_seen_events_ts ON zalo_seen_events (ts);`,
  },
  {
    id: 'zalo/002-choices',
    up: `CREATE TABLE zalo_choices (
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      payloads TEXT NOT NULL,
      ts INTEGER NOT NULL,
      PRIMARY KEY (channel, chat_id)
    )`,
  },
  {
    id: 'zalo/003-oa-tokens',
    up: `CREATE TABLE zalo_oa_tokens (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      access_token TEXT NOT NULL,
      refresh_token TEXT,
      expires_at INTEGER,
      updated_at INTEGER NOT NULL
    )`,
  },
  {
    id: 'zalo/004-personal',
    up: `CREATE TABLE zalo_personal_credentials (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      data TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE zalo_send_counter (
      channel TEXT NOT NULL,
      day TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (channel, day)
    );`,
  },
];
