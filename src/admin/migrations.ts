/**
 * Tables of the admin part: role grants, the audit log, feedback tickets and
 * their satisfaction ratings.
 */
import type { Migration } from '../storage/db.js';

/** Migrations of the admin tables, in order. */
export const adminMigrations: Migration[] = [
  {
    id: 'admin/001-role-grants',
    up: `CREATE TABLE role_grants (
      id INTEGER PRIMARY KEY,
      channel TEXT NOT NULL,
      user_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'resident')),
      granted_by TEXT NOT NULL,
      ts INTEGER NOT NULL
    );
    CREATE INDEX role_grants_user ON role_grants (channel, user_id, id);`,
  },
  {
    id: 'admin/002-audit-log',
    up: `CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      ts INTEGER NOT NULL,
      channel TEXT NOT NULL,
      user_hash TEXT NOT NULL,
      role TEXT NOT NULL,
      action TEXT NOT NULL,
      detail TEXT,
      outcome TEXT NOT NULL
    );
    CREATE INDEX audit_log_ts ON audit_log (ts);`,
  },
  {
    id: 'admin/003-tickets',
    up: `CREATE TABLE tickets (
      id INTEGER PRIMARY KEY,
      created_at INTEGER NOT NULL,
      channel TEXT NOT NULL,
      user_hash TEXT NOT NULL,
      user_id TEXT,
      chat_id TEXT,
      name TEXT,
      phone TEXT,
      content TEXT,
      state TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'answered')),
      in_progress_at INTEGER,
      answered_at INTEGER,
      answer TEXT,
      answered_by TEXT,
      delivered INTEGER,
      purged_at INTEGER
    );
    CREATE INDEX tickets_created ON tickets (created_at);
    CREATE INDEX tickets_state ON tickets (state);`,
  },
  {
    id: 'admin/004-ticket-ratings',
    up: `CREATE TABLE ticket_ratings (
      ticket_id INTEGER NOT NULL REFERENCES tickets (id),
      factor TEXT NOT NULL,
      score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
      ts INTEGER NOT NULL,
      PRIMARY KEY (ticket_id, factor)
    )`,
  },
  {
    id: 'admin/005-console',
    up: `CREATE TABLE unanswered_dismissed (
      normalized TEXT PRIMARY KEY,
      reason TEXT NOT NULL,
      by_hash TEXT NOT NULL,
      ts INTEGER NOT NULL
    );
    ALTER TABLE tickets ADD COLUMN assigned_to TEXT;`,
  },
  {
    id: 'admin/006-news-reminders',
    up: `CREATE TABLE news_reminders (
      month TEXT PRIMARY KEY,
      sent_at INTEGER NOT NULL
    )`,
  },
  {
    // The approver role (announcements need a second person's approval): the CHECK of 001 lists the roles, so
    // the table is rebuilt with the new list, keeping every grant and its id.
    id: 'admin/007-approver-role',
    up: `CREATE TABLE role_grants_new (
      id INTEGER PRIMARY KEY,
      channel TEXT NOT NULL,
      user_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'approver', 'staff', 'resident')),
      granted_by TEXT NOT NULL,
      ts INTEGER NOT NULL
    );
    INSERT INTO role_grants_new (id, channel, user_id, role, granted_by, ts)
      SELECT id, channel, user_id, role, granted_by, ts FROM role_grants;
    DROP TABLE role_grants;
    ALTER TABLE role_grants_new RENAME TO role_grants;
    CREATE INDEX role_grants_user ON role_grants (channel, user_id, id);`,
  },
];
