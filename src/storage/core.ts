/**
 * Core tables: settings, the question log, answer feedback and chat sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Migration } from './db.js';

/** Migrations of the core tables. */
export const coreMigrations: Migration[] = [
  {
    id: 'core/001-meta',
    up: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  },
  {
    id: 'core/002-questions',
    up: `CREATE TABLE questions (
      id INTEGER PRIMARY KEY,
      ts INTEGER NOT NULL,
      channel TEXT NOT NULL,
      user_hash TEXT NOT NULL,
      normalized TEXT NOT NULL,
      best_id TEXT,
      score REAL,
      decision TEXT NOT NULL,
      answered INTEGER NOT NULL,
      latency_ms REAL NOT NULL
    );
    CREATE INDEX questions_ts ON questions (ts);
    CREATE INDEX questions_unanswered ON questions (answered, ts);`,
  },
  {
    id: 'core/003-answer-feedback',
    up: `CREATE TABLE answer_feedback (
      question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
      user_hash TEXT NOT NULL,
      entry_id TEXT,
      helpful INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      PRIMARY KEY (question_id, user_hash)
    )`,
  },
  {
    id: 'core/004-sessions',
    up: `CREATE TABLE sessions (
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (channel, chat_id, user_id)
    )`,
  },
];

/** Reads a value from the `meta` table. */
export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Writes a value to the `meta` table. */
export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/**
 * The salt for hashing user ids: the configured one, else one generated on
 * first start and kept in the database, so hashes stay stable across restarts.
 *
 * @example
 * ```ts
 * const salt = userIdSalt(db, config.USER_ID_SALT); // generated once and kept when unset
 * ```
 */
export function userIdSalt(db: Db, configured?: string): string {
  return configured || storedSecret(db, 'user_id_salt', 24);
}

/** A random secret of `bytes` bytes (hex) kept under `key` in the meta table: generated on first use, the same afterwards. */
export function storedSecret(db: Db, key: string, bytes: number): string {
  let s = getMeta(db, key);
  if (!s) {
    s = randomBytes(bytes).toString('hex');
    setMeta(db, key, s);
  }
  return s;
}

/** One row of the question log. */
export interface QuestionRecord {
  channel: string;
  userHash: string;
  normalized: string;
  bestId: string | null;
  score: number | null;
  decision: string;
  answered: boolean;
  latencyMs: number;
  ts?: number;
}

/**
 * Appends a question to the log and returns its id.
 *
 * @example
 * ```ts
 * const id = recordQuestion(db, {
 *   channel: 'telegram', userHash: assistant.hashUser('telegram', '42'), normalized: 'lam giay khai sinh',
 *   bestId: 'khai-sinh', score: 12.5, decision: 'answer', answered: true, latencyMs: 8,
 * });
 * ```
 */
export function recordQuestion(db: Db, q: QuestionRecord): number {
  const r = db
    .prepare(
      `INSERT INTO questions (ts, channel, user_hash, normalized, best_id, score, decision, answered, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      q.ts ?? Date.now(),
      q.channel,
      q.userHash,
      q.normalized,
      q.bestId,
      q.score,
      q.decision,
      q.answered ? 1 : 0,
      q.latencyMs,
    );
  return Number(r.lastInsertRowid);
}

/** Whether the question with this id was asked by this (hashed) user. */
export function questionAskedBy(db: Db, questionId: number, userHash: string): boolean {
  const q = db.prepare('SELECT user_hash FROM questions WHERE id = ?').get(questionId) as
    | { user_hash: string }
    | undefined;
  return q?.user_hash === userHash;
}

/** Whether a recorded question with this id exists. */
export function questionExists(db: Db, questionId: number): boolean {
  return db.prepare('SELECT 1 FROM questions WHERE id = ?').get(questionId) !== undefined;
}

/**
 * Records a 👍/👎 for an answer, once per user and question.
 * Returns false when this user already voted on this answer.
 */
export function recordAnswerFeedback(
  db: Db,
  questionId: number,
  userHash: string,
  helpful: boolean,
  ts = Date.now(),
): boolean {
  const q = db.prepare('SELECT best_id FROM questions WHERE id = ?').get(questionId) as
    | { best_id: string | null }
    | undefined;
  if (!q) return false;
  const r = db
    .prepare(
      `INSERT INTO answer_feedback (question_id, user_hash, entry_id, helpful, ts) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    .run(questionId, userHash, q.best_id, helpful ? 1 : 0, ts);
  return r.changes === 1;
}
