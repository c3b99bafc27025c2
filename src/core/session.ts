/**
 * Conversation state per channel, chat and user, kept in SQLite so a
 * multi-step flow (writing an announcement, sending feedback) survives a restart.
 */
import type { Db } from '../storage/db.js';

/** Sessions idle longer than this are forgotten. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** A JSON object of conversation state; plugins use their own keys. */
export class Session {
  private dirty = false;
  constructor(
    private readonly store: Sessions,
    readonly channel: string,
    readonly chatId: string,
    readonly userId: string,
    private data: Record<string, unknown>,
  ) {}

  /** Reads a value. */
  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  /** Sets a value (undefined removes it). Saved when the turn ends. */
  set(key: string, value: unknown): void {
    if (value === undefined) delete this.data[key];
    else this.data[key] = value;
    this.dirty = true;
  }

  /** Forgets every value (the row is deleted when the turn ends). */
  clear(): void {
    this.data = {};
    this.dirty = true;
  }

  /** Writes the state if it changed. */
  save(): void {
    if (!this.dirty) return;
    this.store.write(this.channel, this.chatId, this.userId, this.data);
    this.dirty = false;
  }
}

/** The session table. */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Loads (or starts) the session of one user in one chat. */
  open(channel: string, chatId: string, userId: string): Session {
    const row = this.db
      .prepare('SELECT data, updated_at FROM sessions WHERE channel = ? AND chat_id = ? AND user_id = ?')
      .get(channel, chatId, userId) as { data: string; updated_at: number } | undefined;
    let data: Record<string, unknown> = {};
    if (row && this.now() - row.updated_at >= SESSION_TTL_MS)
      this.write(channel, chatId, userId, {}); // expired: gone
    else if (row) {
      try {
        data = JSON.parse(row.data) as Record<string, unknown>;
      } catch {
        data = {};
      }
    }
    return new Session(this, channel, chatId, userId, data);
  }

  /** Persists a session. */
  write(channel: string, chatId: string, userId: string, data: Record<string, unknown>): void {
    if (Object.keys(data).length === 0) {
      this.db
        .prepare('DELETE FROM sessions WHERE channel = ? AND chat_id = ? AND user_id = ?')
        .run(channel, chatId, userId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO sessions (channel, chat_id, user_id, data, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, chat_id, user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(channel, chatId, userId, JSON.stringify(data), this.now());
  }
}
