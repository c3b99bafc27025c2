/**
 * SQLite storage (better-sqlite3, WAL) with versioned migrations.
 *
 * Each part of the application owns its migrations (an ordered list of
 * {@link Migration}); {@link openDatabase} applies the ones not yet applied,
 * each in its own transaction, and records them in `schema_migrations`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { TxaError } from '../errors.js';
import { isPgLocation, PgDb } from './pg/db.js';

export type Db = Database.Database;

/** One schema change. `id` is unique and never changes once shipped, e.g. `core/001-questions`. */
export interface Migration {
  id: string;
  up: string | ((db: Db) => void);
}

/**
 * Opens (creating if needed) a database file, or `:memory:`, and migrates it.
 *
 * @example
 * ```ts
 * const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
 * const test = openDatabase(':memory:', [{ id: 'demo/001-notes', up: 'CREATE TABLE notes (text TEXT)' }]);
 * test.prepare('INSERT INTO notes (text) VALUES (?)').run('Xin chào');
 * ```
 */
export function openDatabase(path: string, migrations: readonly Migration[]): Db {
  const pg = postgresLocation(path);
  if (pg) {
    const db = new PgDb(pg) as unknown as Db;
    migrate(db, migrations);
    return db;
  }
  const db = openFile(path);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted and overwritten values are zeroed in the file, not left for `strings` to find (docs/privacy.md).
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  cacheStatements(db);
  migrate(db, migrations);
  return db;
}

/** Whether a database is PostgreSQL (for the few statements written for each database, like the outbox claim). */
export function isPostgres(db: Db): boolean {
  return (db as unknown) instanceof PgDb;
}

/**
 * The PostgreSQL schema a database path names: a `postgres://` URL (with
 * `?schema=`), or, when the test suites run on PostgreSQL
 * (`TXA_TEST_POSTGRES_URL`, see `tests/pg-setup.ts`), a schema standing for
 * the file: the same path gives the same schema (two connections to one
 * file), and each `:memory:` a new one.
 */
function postgresLocation(path: string): string | undefined {
  if (isPgLocation(path)) return path;
  const test = process.env.TXA_TEST_POSTGRES_URL;
  if (!test) return undefined;
  const name =
    path === ':memory:'
      ? `m_${process.pid}_${++memoryDatabases}`
      : `f_${createHash('sha1').update(resolve(path)).digest('hex').slice(0, 24)}`;
  const u = new URL(test);
  u.searchParams.set('schema', name);
  return u.toString();
}
let memoryDatabases = 0;

/**
 * Creates the folder and opens the file, turning what can go wrong there (a
 * file where the folder should be, no write permission, a file that is not
 * a database) into the catalogue's errors. A broken file is never deleted.
 */
function openFile(path: string): Db {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const at = e.path ?? dirname(path);
      if (e.code === 'EEXIST' || e.code === 'ENOTDIR')
        throw new TxaError('TXA_DATA_DIR_NOT_DIR', { path: at }, { cause: e });
      if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS')
        throw new TxaError('TXA_DATA_DIR_READ_ONLY', { path: at }, { cause: e });
      throw err;
    }
  }
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (err) {
    db?.close();
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
      throw new TxaError('TXA_DB_CORRUPT', { path }, { cause: err });
    if (code.startsWith('SQLITE_READONLY'))
      throw new TxaError('TXA_DATA_DIR_READ_ONLY', { path: dirname(path) }, { cause: err });
    if (code.startsWith('SQLITE_CANTOPEN')) throw new TxaError('TXA_DB_OPEN_FAILED', { path }, { cause: err });
    throw err;
  }
}

/** Most distinct statements kept prepared per connection (the application has about 150). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes `db.prepare(sql)` return the statement prepared earlier for the same
 * text: the per-message paths call it on every message, and compiling SQL
 * costs more than running it. Safe because no caller changes a statement's
 * mode (pluck, raw, expand) or iterates one while running it again.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = prepare(sql);
      if (cache.size < STATEMENT_CACHE_SIZE) cache.set(sql, stmt);
    }
    return stmt;
  }) as Db['prepare'];
}

/** Applies the migrations that are not applied yet; returns their ids. */
export function migrate(db: Db, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
  )`);
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
  const applied: string[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?');
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    // Several processes may start at once on one database: each migration is applied under the
    // write lock (immediate) by the first of them, and the others see it applied.
    const ran = db
      .transaction(() => {
        if (isApplied.get(m.id)) return false;
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        db.prepare('INSERT INTO schema_migrations (id) VALUES (?)').run(m.id);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.id);
  }
  return applied;
}
