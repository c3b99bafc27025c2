/**
 * Personal data lives only where documented: every table of a standard
 * installation, and every table a part erases, is in docs/privacy.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { ALL_PERSONAL_DATA } from '../../src/app/personal-data.js';
import { openDatabase } from '../../src/storage/db.js';

const doc = readFileSync('docs/privacy.md', 'utf8');

describe('docs/privacy.md', () => {
  it('names every table, so a new one is placed in the table of personal data or among those without', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables.length).toBeGreaterThan(25);
    expect(tables.filter((t) => !doc.includes(`\`${t}\``))).toEqual([]);
  });

  it('names every table a part erases', () => {
    const erased = ALL_PERSONAL_DATA.flatMap((p) => p.tables);
    expect(erased.filter((t) => !doc.includes(`| \`${t}\``) && !doc.includes(`, \`${t}\` |`))).toEqual([]);
  });
});
