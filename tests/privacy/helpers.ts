/**
 * Helpers of the privacy tests: every place a value could hide in the
 * database (each column of each table), and the bytes of the database files.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '../../src/storage/db.js';

/** A second valid key (base64 of 32 bytes), besides tests/admin/helpers.ts' TEST_DATA_KEY. */
export const OTHER_KEY = Buffer.alloc(32, 7).toString('base64');

/** `table.column` of every cell whose text contains one of `needles`. */
export function cellsContaining(db: Db, needles: readonly string[]): string[] {
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  const found: string[] = [];
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    for (const r of rows)
      for (const [col, v] of Object.entries(r))
        if (typeof v === 'string' && needles.some((n) => v.includes(n))) found.push(`${t}.${col}`);
  }
  return found;
}

/** The database file and its WAL, as bytes (what `strings` would read). */
export function fileBytes(path: string): Buffer {
  return Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
}
