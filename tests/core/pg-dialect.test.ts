/** The rewriting of the application's SQLite SQL for PostgreSQL (src/storage/pg/dialect.ts), rule by rule. */
import { describe, expect, it } from 'vitest';
import { ddlToPostgres, toPostgres } from '../../src/storage/pg/dialect.js';

const pg = (sql: string) => toPostgres(sql).text;

describe('statements for PostgreSQL', () => {
  it('numbers placeholders, and maps named ones in order', () => {
    expect(toPostgres('SELECT * FROM t WHERE a = ? AND b = ?')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2',
      insert: false,
    });
    expect(
      toPostgres(
        'INSERT INTO c (k, n) VALUES (@key, @n) ON CONFLICT (k) DO UPDATE SET n = CASE WHEN c.u <= @now THEN 1 END',
      ),
    ).toEqual({
      text: 'INSERT INTO c (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = CASE WHEN c.u <= $3 THEN 1 END',
      names: ['key', 'n', 'now'],
      insert: true,
    });
    // Never inside a string or a quoted name.
    expect(pg(`SELECT '?' AS "a?" FROM t WHERE x = ?`)).toBe(`SELECT '?' AS "a?" FROM t WHERE x = $1`);
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, before RETURNING', () => {
    expect(pg(`INSERT OR IGNORE INTO j (a, s) VALUES (?, 'running')`)).toBe(
      `INSERT INTO j (a, s) VALUES ($1, 'running') ON CONFLICT DO NOTHING`,
    );
    expect(pg('INSERT OR IGNORE INTO j (a) VALUES (?) RETURNING id')).toBe(
      'INSERT INTO j (a) VALUES ($1)  ON CONFLICT DO NOTHING RETURNING id',
    );
  });

  it('writes SQLite’s null-safe IS, scalar MAX and MIN, sums of conditions and LIKE the PostgreSQL way', () => {
    expect(pg('SELECT 1 FROM t WHERE owner IS NOT ? AND b IS ? AND ? IS NULL')).toBe(
      'SELECT 1 FROM t WHERE owner IS DISTINCT FROM $1 AND b IS NOT DISTINCT FROM $2 AND $3::text IS NULL',
    );
    expect(pg('SELECT MIN(MAX(a, COALESCE(b, 0))) AS t, MAX(c) AS m FROM x')).toBe(
      'SELECT MIN(GREATEST(a, COALESCE(b, 0))) AS t, MAX(c) AS m FROM x',
    );
    expect(pg(`SELECT SUM(status = 'sent') AS s, SUM(n) AS n FROM o`)).toBe(
      `SELECT SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS s, SUM(n) AS n FROM o`,
    );
    expect(pg(`SELECT 1 FROM a WHERE h NOT LIKE 'purged-%'`)).toBe(`SELECT 1 FROM a WHERE h NOT ILIKE 'purged-%'`);
  });

  it('quotes mixed-case aliases wherever they are used', () => {
    expect(pg('SELECT MAX(ts) AS lastTs FROM q ORDER BY lastTs DESC')).toBe(
      'SELECT MAX(ts) AS "lastTs" FROM q ORDER BY "lastTs" DESC',
    );
  });

  it('reads the list of tables and json arrays from PostgreSQL’s own', () => {
    expect(pg(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)).toMatch(
      /FROM \(SELECT table_name AS name, 'table' AS type FROM information_schema\.tables WHERE table_schema = current_schema\(\)\) AS sqlite_master WHERE/,
    );
    expect(pg('SELECT n FROM q WHERE n IN (SELECT value FROM json_each(?))')).toBe(
      'SELECT n FROM q WHERE n IN (SELECT value FROM json_array_elements_text($1::json) AS json_each(value))',
    );
  });
});

describe('schemas for PostgreSQL', () => {
  it('maps SQLite’s types and drops what PostgreSQL does not have', () => {
    expect(
      ddlToPostgres(
        'CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, s REAL, b BLOB) WITHOUT ROWID;',
      ),
    ).toBe('CREATE TABLE a (id BIGSERIAL PRIMARY KEY, ts BIGINT NOT NULL, s DOUBLE PRECISION, b BYTEA);');
    expect(
      ddlToPostgres(`CREATE TABLE m (applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`),
    ).toBe(
      `CREATE TABLE m (applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`,
    );
  });
});
