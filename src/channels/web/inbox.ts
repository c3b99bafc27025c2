/**
 * Messages for web visitors who are not on the page: a web page cannot be
 * pushed to, so what staff send to a web conversation (the answer to a
 * /gopy ticket) waits here until the widget next asks (`GET /api/chat/inbox`).
 * Messages older than {@link INBOX_TTL_MS} are dropped unread.
 */
import type { Reply } from '../../core/types.js';
import type { Db, Migration } from '../../storage/db.js';

/** How long an undelivered message waits (the session lifetime). */
export const INBOX_TTL_MS = 7 * 24 * 3600_000;
/** Most messages waiting for one session; older ones are dropped first. */
export const INBOX_MAX_PER_SESSION = 20;

/** The web channel's table. */
export const webMigrations: Migration[] = [
  {
    id: 'web/001-inbox',
    up: `CREATE TABLE web_inbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      session TEXT NOT NULL,
      reply TEXT NOT NULL,
      ts INTEGER NOT NULL
    );
    CREATE INDEX web_inbox_session ON web_inbox (session, id);`,
  },
];

/** The waiting messages of web sessions. */
export class WebInbox {
  constructor(private readonly db: Db) {}

  /** Queues a reply for a session; returns its id. */
  put(session: string, reply: Reply, now: number): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO web_inbox (session, reply, ts) VALUES (?, ?, ?)')
        .run(session, JSON.stringify(reply), now).lastInsertRowid,
    );
    this.db
      .prepare(
        'DELETE FROM web_inbox WHERE session = ? AND id NOT IN (SELECT id FROM web_inbox WHERE session = ? ORDER BY id DESC LIMIT ?)',
      )
      .run(session, session, INBOX_MAX_PER_SESSION);
    return id;
  }

  /** Takes (returns and deletes) the session's unexpired messages, oldest first. */
  take(session: string, now: number): Reply[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT id, reply FROM web_inbox WHERE session = ? AND ts >= ? ORDER BY id')
        .all(session, now - INBOX_TTL_MS) as { id: number; reply: string }[];
      this.db.prepare('DELETE FROM web_inbox WHERE session = ?').run(session);
      return rows.map((r) => JSON.parse(r.reply) as Reply);
    })();
  }

  /** Drops expired messages of every session; returns how many. */
  sweep(now: number): number {
    return this.db.prepare('DELETE FROM web_inbox WHERE ts < ?').run(now - INBOX_TTL_MS).changes;
  }
}
