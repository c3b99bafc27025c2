/**
 * PostgreSQL behind the application's synchronous storage API (the subset
 * of better-sqlite3 it uses: `prepare().run/get/all/iterate`, `exec`,
 * `transaction`, `pragma`, `close`), so every part runs unchanged on
 * either database. Statements go to a worker thread (`worker.ts`) holding
 * the process's one connection (`bridge.ts`); their SQL is rewritten
 * once per text by `dialect.ts`.
 *
 * Each database is a PostgreSQL schema: one per commune in a city, so a
 * commune's statements can only reach its own tables (`search_path`).
 *
 * Transactions keep SQLite's guarantee that one transaction at a time
 * writes to a database: each takes a transaction-level advisory lock on its
 * schema, so two processes never interleave the read-then-write steps the
 * parts were written for (claims, schedules, migrations). The broadcast
 * outbox claims its rows with `FOR UPDATE SKIP LOCKED` on PostgreSQL (see
 * `announcements/outbox.ts`).
 */
import { pgCall as bridge } from './bridge.js';
import { type PgStatementText, ddlToPostgres, toPostgres } from './dialect.js';

/** PostgreSQL's error, with its SQLSTATE code (`23505` unique violation, …) and the statement. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sql: string,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

type Params = unknown[];
/** Most distinct statement texts kept rewritten (the application has about 200). */
const STATEMENT_CACHE_SIZE = 1000;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** A statement, as better-sqlite3's `Statement` offers it. */
class PgStatement {
  constructor(
    private readonly db: PgDb,
    private readonly stmt: PgStatementText,
    readonly source: string,
  ) {}

  private values(args: Params): unknown[] {
    const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const named = this.stmt.names;
    const values =
      named && list.length === 1 && isPlainObject(list[0])
        ? named.map((n) => (list[0] as Record<string, unknown>)[n])
        : list;
    return values.map((v) => (typeof v === 'bigint' ? v.toString() : v === undefined ? null : v));
  }

  run(...args: Params): { changes: number; lastInsertRowid: number } {
    const r = this.db.query(this.stmt.text, this.values(args), this.source);
    const db = this.db;
    const insert = this.stmt.insert;
    return {
      changes: r.rowCount,
      // Read only when asked: the sequence value this session's last insert took.
      get lastInsertRowid() {
        return insert ? db.lastInsertId() : 0;
      },
    };
  }

  get(...args: Params): unknown {
    return this.db.query(this.stmt.text, this.values(args), this.source).rows[0];
  }

  all(...args: Params): unknown[] {
    return this.db.query(this.stmt.text, this.values(args), this.source).rows;
  }

  iterate(...args: Params): IterableIterator<unknown> {
    return this.all(...args)[Symbol.iterator]();
  }
}

/** The connection string without the schema parameter, and the schema (default `public`). */
export function parsePgLocation(location: string): { url: string; schema: string } {
  const u = new URL(location);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`schema "${schema}": chữ thường, số và _ (tối đa 63 ký tự)`);
  return { url: u.toString(), schema };
}

/** Whether a database path names PostgreSQL (`postgres://…`, `postgresql://…`). */
export const isPgLocation = (path: string): boolean => /^postgres(ql)?:\/\//i.test(path);

/**
 * One PostgreSQL schema as the application's database.
 *
 * @example
 * ```ts
 * const db = new PgDb('postgres://tro_ly_xa@127.0.0.1:5432/city?schema=xa_an_bien');
 * db.prepare('SELECT COUNT(*) AS n FROM questions WHERE ts >= ?').get(0); // { n: 12 }
 * ```
 */
export class PgDb {
  readonly name: string;
  readonly memory = false;
  readonly readonly = false;
  open = true;
  private depth = 0;
  private readonly url: string;
  readonly schema: string;
  private readonly statements = new Map<string, PgStatement>();

  constructor(location: string) {
    const { url, schema } = parsePgLocation(location);
    this.url = url;
    this.schema = schema;
    this.name = `postgres:${schema}`;
    this.query('SELECT 1', [], 'SELECT 1');
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Runs one statement (already in PostgreSQL's dialect). */
  query(text: string, values: unknown[], source: string): { rows: Record<string, unknown>[]; rowCount: number } {
    if (!this.open) throw new TypeError('The database connection is not open');
    const r = bridge()({ op: 'query', url: this.url, schema: this.schema, text, values });
    if (r.error)
      throw new PgError(
        `${r.error.message} (PostgreSQL ${r.error.code}) in: ${source.trim().slice(0, 200)}`,
        r.error.code,
        source,
      );
    return r;
  }

  /** The id the last INSERT of this connection drew from a sequence (0 when none did). */
  lastInsertId(): number {
    try {
      return Number((this.query('SELECT lastval() AS id', [], 'lastval').rows[0] as { id: number }).id);
    } catch {
      return 0;
    }
  }

  prepare(sql: string): PgStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = new PgStatement(this, toPostgres(sql), sql);
      if (this.statements.size < STATEMENT_CACHE_SIZE) this.statements.set(sql, s);
    }
    return s;
  }

  exec(sql: string): this {
    if (!this.open) throw new TypeError('The database connection is not open');
    const r = bridge()({ op: 'exec', url: this.url, schema: this.schema, text: ddlToPostgres(sql) });
    if (r.error) throw new PgError(`${r.error.message} (PostgreSQL ${r.error.code})`, r.error.code, sql);
    return this;
  }

  /** SQLite's settings have no meaning here; they are accepted and ignored. */
  pragma(_source: string): unknown[] {
    return [];
  }

  /**
   * A function that runs `fn` in a transaction (a savepoint when nested), as
   * better-sqlite3's: it commits when `fn` returns and rolls back when it throws.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R) {
    const run = (...args: A): R => {
      const outer = this.depth === 0;
      const mark = `sp${this.depth}`;
      if (outer) {
        this.exec('BEGIN');
        // One writing transaction at a time per database, across processes, as in SQLite.
        this.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()))', [], 'lock');
      } else this.exec(`SAVEPOINT ${mark}`);
      this.depth++;
      try {
        const r = fn(...args);
        this.depth--;
        this.exec(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${mark}`);
        return r;
      } catch (err) {
        this.depth--;
        this.exec(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${mark}`);
        throw err;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run, default: run });
  }

  close(): this {
    this.open = false;
    return this;
  }
}
