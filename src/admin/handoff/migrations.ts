/**
 * Tables of the live handoff: one row per request to talk with a staff
 * member, and the messages exchanged. Platform ids (`chat_id`, `user_id`,
 * `staff_principal`) and message texts are personal data: they are erased by
 * the retention run (see store.ts, `purgeHandoffs`), the figures stay.
 */
import type { Migration } from '../../storage/db.js';

/** Migrations of the handoff tables, in order. */
export const handoffMigrations: Migration[] = [
  {
    id: 'handoff/001-handoffs',
    up: `CREATE TABLE handoffs (
      id INTEGER PRIMARY KEY,
      channel TEXT NOT NULL,
      chat_id TEXT,
      user_id TEXT,
      user_hash TEXT NOT NULL,
      user_name TEXT,
      state TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'ended', 'expired', 'ticketed')),
      requested_at INTEGER NOT NULL,
      taken_at INTEGER,
      ended_at INTEGER,
      last_activity_at INTEGER NOT NULL,
      staff_hash TEXT,
      staff_principal TEXT,
      staff_chat TEXT,
      staff_label TEXT,
      ended_by TEXT CHECK (ended_by IN ('resident', 'staff', 'timeout')),
      ticket_id INTEGER,
      reminded INTEGER NOT NULL DEFAULT 0,
      rating INTEGER CHECK (rating IN (0, 1)),
      purged_at INTEGER
    );
    CREATE INDEX handoffs_requested ON handoffs (requested_at);
    CREATE INDEX handoffs_state ON handoffs (state);
    CREATE UNIQUE INDEX handoffs_one_open_per_chat ON handoffs (channel, chat_id) WHERE state IN ('waiting', 'active');
    CREATE UNIQUE INDEX handoffs_one_active_per_staff ON handoffs (staff_principal) WHERE state = 'active';`,
  },
  {
    id: 'handoff/002-messages',
    up: `CREATE TABLE handoff_messages (
      id INTEGER PRIMARY KEY,
      handoff_id INTEGER NOT NULL REFERENCES handoffs (id),
      ts INTEGER NOT NULL,
      sender TEXT NOT NULL CHECK (sender IN ('resident', 'staff')),
      text TEXT NOT NULL
    );
    CREATE INDEX handoff_messages_handoff ON handoff_messages (handoff_id, id);`,
  },
];
