/**
 * Moving one commune's SQLite database into PostgreSQL (a commune joining a
 * city installation, `npm run db:copy`): every row of every table, in one
 * transaction, then the counts compared table by table. The target is
 * migrated first and must hold no data yet, so a copy never mixes with rows
 * already there; the source file is only read.
 */
import Database from 'better-sqlite3';
import { type Db, type Migration, openDatabase } from './db.js';

/** One table's rows in the source and, after the copy, in the target. */
export interface CopiedTable {
  table: string;
  source: number;
  target: number;
}

/** The outcome of {@link copySqliteToPostgres}. */
export type CopyResult =
  | { ok: true; tables: CopiedTable[] }
  | { ok: false; reason: 'not-empty' | 'mismatch' | 'no-source'; message: string; tables?: CopiedTable[] };

/** Rows per INSERT statement (PostgreSQL accepts up to 65,535 values per statement). */
const BATCH_ROWS = 200;
/** Tables the target's own migrations fill: never copied. */
const OWN_TABLES = new Set(['schema_migrations']);

class Mismatch extends Error {}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function sourceTables(src: Database.Database): string[] {
  return (
    src
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((t) => !OWN_TABLES.has(t));
}

function targetColumns(db: Db, table: string): string[] {
  return (
    db
      .prepare(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      )
      .all(table) as { name: string }[]
  ).map((r) => r.name);
}

const count = (db: Pick<Db, 'prepare'>, table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;

/** Copies one table's rows (the columns both sides have), in batches. */
function copyTable(src: Database.Database, db: Db, table: string): void {
  const have = new Set(targetColumns(db, table));
  const cols = (src.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => have.has(c));
  if (cols.length === 0) return;
  const rows = src
    .prepare(`SELECT ${cols.map(quote).join(', ')} FROM ${quote(table)}`)
    .raw()
    .iterate() as Iterable<unknown[]>;
  let batch: unknown[][] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const one = `(${cols.map(() => '?').join(', ')})`;
    db.prepare(
      `INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES ${batch.map(() => one).join(', ')}`,
    ).run(batch.flat());
    batch = [];
  };
  for (const r of rows) {
    batch.push(r);
    if (batch.length === BATCH_ROWS) flush();
  }
  flush();
  if (have.has('id')) {
    // The next id a serial column gives follows the copied ones.
    db.prepare(
      `SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM ${quote(table)}), 0) + 1, false) AS s
       WHERE pg_get_serial_sequence(?, 'id') IS NOT NULL`,
    ).get(table, table);
  }
}

/**
 * Copies the SQLite file `from` into the PostgreSQL database `to` (a
 * `postgres://…?schema=…` address), migrated with `migrations` first.
 *
 * @example
 * ```ts
 * const r = copySqliteToPostgres('data/tro-ly-xa.db', 'postgres://…/city?schema=xa_an_bien', ALL_MIGRATIONS);
 * if (r.ok) for (const t of r.tables) console.log(t.table, t.target);
 * ```
 */
export function copySqliteToPostgres(from: string, to: string, migrations: readonly Migration[]): CopyResult {
  let src: Database.Database;
  try {
    src = new Database(from, { readonly: true, fileMustExist: true });
  } catch (err) {
    return { ok: false, reason: 'no-source', message: `Không mở được ${from}: ${(err as Error).message}` };
  }
  try {
    const db = openDatabase(to, migrations);
    const tables = sourceTables(src).filter((t) => targetColumns(db, t).length > 0);
    const filled = tables.filter((t) => count(db, t) > 0);
    if (filled.length > 0)
      return {
        ok: false,
        reason: 'not-empty',
        message: `Cơ sở dữ liệu đích đã có dữ liệu (${filled.join(', ')}): chỉ chép vào một schema mới, chưa dùng.`,
      };
    let result: CopiedTable[] = [];
    try {
      // Counted inside the transaction: a mismatch rolls the whole copy back.
      db.transaction(() => {
        for (const t of tables) copyTable(src, db, t);
        result = tables.map((t) => ({ table: t, source: count(src, t), target: count(db, t) }));
        if (result.some((t) => t.source !== t.target)) throw new Mismatch();
      })();
    } catch (err) {
      if (!(err instanceof Mismatch)) throw err;
      const wrong = result.filter((t) => t.source !== t.target).map((t) => t.table);
      return {
        ok: false,
        reason: 'mismatch',
        message: `Số dòng không khớp (đã hủy bản chép): ${wrong.join(', ')}`,
        tables: result,
      };
    } finally {
      db.close();
    }
    return { ok: true, tables: result };
  } finally {
    src.close();
  }
}
