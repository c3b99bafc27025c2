/**
 * Keeping the encrypted columns on the current key: values written in clear
 * (before a key was set) or with an older key are re-encrypted, at start and
 * by `npm run privacy -- rotate-key`.
 *
 * @example
 * ```ts
 * setCipher(db, new FieldCipher(newKey, [oldKey]));
 * reencryptAll(db); // { updated: 12, unreadable: 0 }
 * ```
 */
import { cipherOf } from '../storage/cipher.js';
import type { Db } from '../storage/db.js';

/** Columns encrypted at rest: table, its key column, and the columns (a table a plugin did not create is skipped). */
export const ENCRYPTED_COLUMNS = [
  { table: 'tickets', id: 'id', columns: ['name', 'phone'] },
  { table: 'handoffs', id: 'id', columns: ['user_name'] },
] as const;

/** The encrypted columns whose table exists in this database. */
function presentColumns(db: Db): (typeof ENCRYPTED_COLUMNS)[number][] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  return ENCRYPTED_COLUMNS.filter((t) => has.get(t.table) !== undefined);
}

/** What {@link reencryptAll} did. */
export interface ReencryptResult {
  /** Values rewritten with the current key. */
  updated: number;
  /** Values no configured key can read (left as they are). */
  unreadable: number;
}

/** Re-encrypts every value not on the current key; nothing without a key. */
export function reencryptAll(db: Db): ReencryptResult {
  const cipher = cipherOf(db);
  const out: ReencryptResult = { updated: 0, unreadable: 0 };
  if (!cipher.hasKey) return out;
  db.transaction(() => {
    for (const t of presentColumns(db)) {
      for (const col of t.columns) {
        const rows = db.prepare(`SELECT ${t.id} AS id, ${col} AS v FROM ${t.table} WHERE ${col} IS NOT NULL`).all() as {
          id: number;
          v: string;
        }[];
        const update = db.prepare(`UPDATE ${t.table} SET ${col} = ? WHERE ${t.id} = ?`);
        for (const r of rows) {
          if (cipher.isCurrent(r.v)) continue;
          const plain = cipher.decrypt(r.v);
          if (plain === null) out.unreadable++;
          else {
            update.run(cipher.encrypt(plain), r.id);
            out.updated++;
          }
        }
      }
    }
  })();
  return out;
}

/** Clear values left from before a key was set (so the app can say so at start without a key). */
export function clearValues(db: Db): number {
  let n = 0;
  for (const t of presentColumns(db))
    for (const col of t.columns)
      n += (
        db
          .prepare(`SELECT COUNT(*) AS n FROM ${t.table} WHERE ${col} IS NOT NULL AND ${col} NOT LIKE 'enc1:%'`)
          .get() as {
          n: number;
        }
      ).n;
  return n;
}
