import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { recordAnswerFeedback, recordQuestion, userIdSalt } from '../../src/storage/core.js';
import { migrate, openDatabase } from '../../src/storage/db.js';

describe('storage', () => {
  it('uses WAL, applies each migration once, and keeps data across reopen', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'db-')), 'sub', 'x.db');
    const db = openDatabase(path, ALL_MIGRATIONS);
    // SQLite's journal; on PostgreSQL (the suites' second run) the server keeps its own.
    if (!process.env.TXA_TEST_POSTGRES_URL) expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const salt = userIdSalt(db);
    const id = recordQuestion(db, {
      channel: 'console',
      userHash: 'h',
      normalized: 'khai sinh',
      bestId: 'khai-sinh',
      score: 0.9,
      decision: 'answer',
      answered: true,
      latencyMs: 1,
    });
    db.close();
    const again = openDatabase(path, ALL_MIGRATIONS);
    expect(migrate(again, ALL_MIGRATIONS)).toEqual([]);
    expect(userIdSalt(again)).toBe(salt);
    expect(again.prepare('SELECT best_id FROM questions WHERE id = ?').get(id)).toEqual({ best_id: 'khai-sinh' });
    again.close();
  });

  it('rolls back a failing migration and records nothing for it', () => {
    const db = openDatabase(':memory:', []);
    expect(() => migrate(db, [{ id: 'x/001', up: 'CREATE TABLE a (x); CREATE TABLE oops (' }])).toThrow();
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) n FROM schema_migrations').get()).toEqual({ n: 0 });
  });

  it('records answer feedback once per user and question', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const q = recordQuestion(db, {
      channel: 'telegram',
      userHash: 'u',
      normalized: 'x',
      bestId: 'khai-sinh',
      score: 1,
      decision: 'answer',
      answered: true,
      latencyMs: 1,
    });
    expect(recordAnswerFeedback(db, q, 'u', true)).toBe(true);
    expect(recordAnswerFeedback(db, q, 'u', false)).toBe(false);
    expect(recordAnswerFeedback(db, q, 'v', false)).toBe(true);
    expect(recordAnswerFeedback(db, 9999, 'u', true)).toBe(false);
    expect(db.prepare('SELECT count(*) n FROM answer_feedback').get()).toEqual({ n: 2 });
  });
});
