/**
 * Tables of the quiz part: the period each quiz is open, the attempts (one
 * row per person and try, with the answers given so far) and the draws.
 * Attempts keep the hashed user id, the chat to tell a winner, the village
 * the person chose (or none) and the answers: no name, no phone number.
 */
import type { Migration } from '../storage/db.js';

/** Migrations of the quiz tables, in order. */
export const quizMigrations: Migration[] = [
  {
    id: 'quiz/001-periods',
    up: `CREATE TABLE quiz_periods (
      quiz_id TEXT PRIMARY KEY,
      opens_at INTEGER NOT NULL,
      closes_at INTEGER NOT NULL,
      closed_at INTEGER,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    );`,
  },
  {
    id: 'quiz/002-attempts',
    up: `CREATE TABLE quiz_attempts (
      id INTEGER PRIMARY KEY,
      quiz_id TEXT NOT NULL,
      user_hash TEXT NOT NULL,
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      village TEXT,
      village_asked INTEGER NOT NULL DEFAULT 0,
      answers TEXT NOT NULL DEFAULT '[]',
      score INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL,
      tiebreak INTEGER,
      started_at INTEGER NOT NULL,
      finished_at INTEGER
    );
    CREATE INDEX quiz_attempts_user ON quiz_attempts (quiz_id, user_hash);`,
  },
  {
    id: 'quiz/003-draws',
    up: `CREATE TABLE quiz_draws (
      id INTEGER PRIMARY KEY,
      quiz_id TEXT NOT NULL,
      seed TEXT NOT NULL,
      prizes INTEGER NOT NULL,
      winners TEXT NOT NULL,
      entrants INTEGER NOT NULL,
      ts INTEGER NOT NULL,
      by_hash TEXT NOT NULL
    );`,
  },
];
