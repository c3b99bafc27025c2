/**
 * The SQLite SQL the application is written in, as PostgreSQL runs it. The
 * statements use a small, portable subset (the list below is all that
 * differs); this module rewrites that subset once per statement text, so
 * every part keeps one SQL text for both databases.
 *
 * Written by hand because no maintained library translates between the two
 * dialects for a synchronous driver; each rule is covered by
 * `tests/core/pg-dialect.test.ts` and by the suites run on both databases.
 *
 * - placeholders `?` and `@name` → `$1, $2…` (names remembered in order);
 * - `INSERT OR IGNORE` → `INSERT … ON CONFLICT DO NOTHING`;
 * - `a IS ?` / `a IS NOT ?` → `IS [NOT] DISTINCT FROM`, and `? IS NULL` typed as text;
 * - scalar `MAX(a, b)` / `MIN(a, b)` → `GREATEST` / `LEAST`; `SUM(condition)` → `SUM(CASE WHEN … THEN 1 ELSE 0 END)`;
 * - `LIKE` → `ILIKE` (SQLite's LIKE ignores ASCII case);
 * - `json_each(?)` → `json_array_elements_text(?::json)` with `value`;
 * - `rowid` → `ctid` text (only used as a unique tag);
 * - `sqlite_master` → the current schema's tables;
 * - mixed-case column aliases quoted (PostgreSQL folds them to lower case);
 * - DDL: `INTEGER PRIMARY KEY [AUTOINCREMENT]` → `BIGSERIAL PRIMARY KEY`, `INTEGER` → `BIGINT`
 *   (times in ms do not fit 32 bits), `REAL` → `DOUBLE PRECISION`, `BLOB` → `BYTEA`,
 *   `WITHOUT ROWID` dropped, the `strftime` default → `to_char(now() …)`.
 */

/** A statement ready for PostgreSQL, and the names of its `@name` parameters in `$n` order. */
export interface PgStatementText {
  text: string;
  /** For `@name` placeholders: the object key of each `$n`; undefined for positional `?`. */
  names?: string[];
  /** Whether it is an INSERT (its result gives `lastInsertRowid` through `RETURNING`). */
  insert: boolean;
}

/** Replaces outside string literals and quoted identifiers only. */
function outsideQuotes(sql: string, f: (code: string) => string): string {
  return sql
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join('');
}

function placeholders(sql: string): { text: string; names?: string[] } {
  let n = 0;
  const names: string[] = [];
  const seen = new Map<string, number>();
  const text = outsideQuotes(sql, (code) =>
    code
      .replace(/\?/g, () => `$${++n}`)
      .replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
        let i = seen.get(name);
        if (i === undefined) {
          names.push(name);
          i = names.length + n;
          seen.set(name, i);
        }
        return `$${i}`;
      }),
  );
  return names.length > 0 ? { text, names } : { text };
}

/** `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING` (before any RETURNING). */
function insertOrIgnore(code: string): string {
  if (!/\bINSERT\s+OR\s+IGNORE\b/i.test(code)) return code;
  const plain = code.replace(/\bINSERT\s+OR\s+IGNORE\b/i, 'INSERT');
  const ret = /\bRETURNING\b/i.exec(plain);
  return ret
    ? `${plain.slice(0, ret.index)} ON CONFLICT DO NOTHING ${plain.slice(ret.index)}`
    : `${plain.replace(/;?\s*$/, '')} ON CONFLICT DO NOTHING`;
}

const TABLES = `(SELECT table_name AS name, 'table' AS type FROM information_schema.tables WHERE table_schema = current_schema()) AS sqlite_master`;

/** The call whose `(` is at `open`: where its `)` is (-1 if unclosed), and how many top-level commas it has. */
function callAt(sql: string, open: number): { end: number; commas: number } {
  let depth = 0;
  let commas = 0;
  for (let j = open; j < sql.length; j++) {
    const c = sql[j];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { end: j, commas };
    else if (c === ',' && depth === 1) commas++;
  }
  return { end: -1, commas };
}

/**
 * SQLite's scalar `MAX(a, b)` and `MIN(a, b)` (two or more arguments) →
 * `GREATEST` and `LEAST`; the one-argument aggregates stay.
 */
function scalarMinMax(sql: string): string {
  let out = '';
  let i = 0;
  const re = /\b(MAX|MIN)\s*\(/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    if (callAt(sql, m.index + m[0].length - 1).commas === 0) continue;
    out += `${sql.slice(i, m.index)}${m[1]!.toUpperCase() === 'MAX' ? 'GREATEST' : 'LEAST'}`;
    i = m.index + m[1]!.length;
  }
  return out + sql.slice(i);
}

/**
 * SQLite sums a condition as 0 and 1 (`SUM(status = 'sent')`); PostgreSQL
 * has no sum of booleans: `SUM(CASE WHEN … THEN 1 ELSE 0 END)`.
 */
function sumOfConditions(sql: string): string {
  let out = '';
  let i = 0;
  const re = /\bSUM\s*\(/gi;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const open = m.index + m[0].length - 1;
    const { end } = callAt(sql, open);
    const inner = end < 0 ? '' : sql.slice(open + 1, end);
    const flat = inner.replace(/\([^()]*\)/g, '()');
    if (/^\s*CASE\b/i.test(inner) || !/(=|<|>|\bIS\b|\bIN\b|\bLIKE\b)/i.test(flat)) continue;
    out += `${sql.slice(i, open + 1)}CASE WHEN ${inner} THEN 1 ELSE 0 END`;
    i = end;
  }
  return out + sql.slice(i);
}

function rewriteCode(code: string): string {
  return code
    .replace(/\bIS\s+NOT\s+(\$\d+)/gi, 'IS DISTINCT FROM $1')
    .replace(/\bIS\s+(\$\d+)/gi, 'IS NOT DISTINCT FROM $1')
    .replace(/(\$\d+)\s+IS\s+(NOT\s+)?NULL\b/gi, '$1::text IS $2NULL')
    .replace(/\bLIKE\b/gi, 'ILIKE')
    .replace(/\bjson_each\((\$\d+)\)/gi, 'json_array_elements_text($1::json) AS json_each(value)')
    .replace(/\browid\b/gi, 'ctid::text')
    .replace(/\bsqlite_master\b/gi, TABLES);
}

/** Mixed-case aliases (`AS lastTs`), quoted wherever the statement names them (PostgreSQL folds bare names). */
function quoteAliases(sql: string): string {
  const aliases = new Set([...sql.matchAll(/\bAS\s+([a-z_][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g)].map((m) => m[1]!));
  if (aliases.size === 0) return sql;
  const names = new RegExp(`(?<![."\\w])(${[...aliases].join('|')})\\b`, 'g');
  return outsideQuotes(sql, (code) => code.replace(names, '"$1"'));
}

/**
 * A statement of the application as PostgreSQL runs it.
 *
 * @example
 * ```ts
 * toPostgres('INSERT OR IGNORE INTO subs (chat) VALUES (?)');
 * // { text: 'INSERT INTO subs (chat) VALUES ($1) ON CONFLICT DO NOTHING', insert: true }
 * ```
 */
export function toPostgres(sql: string): PgStatementText {
  const { text, names } = placeholders(sql);
  const out = quoteAliases(sumOfConditions(scalarMinMax(insertOrIgnore(outsideQuotes(text, rewriteCode)))));
  return { text: out, ...(names ? { names } : {}), insert: /^\s*INSERT\b/i.test(sql) };
}

/**
 * A schema script (migrations, `CREATE TABLE IF NOT EXISTS`) as PostgreSQL
 * runs it. `PRAGMA` lines are SQLite's own settings and are left out.
 */
export function ddlToPostgres(sql: string): string {
  const ddl = outsideQuotes(sql, (code) =>
    rewriteCode(
      code
        .replace(/\)\s*WITHOUT\s+ROWID/gi, ')')
        .replace(/^\s*PRAGMA\b[^;]*;?/gim, '')
        .replace(/\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?/gi, 'BIGSERIAL PRIMARY KEY')
        .replace(/\bINTEGER\b/gi, 'BIGINT')
        .replace(/\bREAL\b/gi, 'DOUBLE PRECISION')
        .replace(/\bBLOB\b/gi, 'BYTEA'),
    ),
  );
  return scalarMinMax(ddl).replace(
    /\(\s*strftime\('%Y-%m-%dT%H:%M:%fZ',\s*'now'\)\s*\)/gi,
    `(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
  );
}
