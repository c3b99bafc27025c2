/**
 * The resident's name on a handoff ("gặp cán bộ") is personal data kept as
 * tickets keep theirs: encrypted at rest with DATA_ENCRYPTION_KEY, not stored
 * at all without a key, re-encrypted on rotation, and names written in clear
 * by older versions are sealed at start.
 */
import { describe, expect, it } from 'vitest';
import { getHandoff, insertHandoff } from '../../src/admin/handoff/store.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { clearValues, reencryptAll } from '../../src/privacy/keys.js';
import { FieldCipher, keyId, parseKey, setCipher } from '../../src/storage/cipher.js';
import { openDatabase } from '../../src/storage/db.js';
import { TEST_DATA_KEY } from '../admin/helpers.js';
import { OTHER_KEY } from './helpers.js';

const KEY = parseKey(TEST_DATA_KEY)!;
const KEY2 = parseKey(OTHER_KEY)!;
const H = { channel: 'telegram', chatId: '42', userId: '42', userHash: 'h42', userName: 'Nguyễn Thị Lan', now: 1 };
const stored = (db: ReturnType<typeof openDatabase>, id: number) =>
  (db.prepare('SELECT user_name AS v FROM handoffs WHERE id = ?').get(id) as { v: string | null }).v;

describe('handoff names at rest', () => {
  it('keeps the name only encrypted, and gives it back to staff with the key', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    setCipher(db, new FieldCipher(KEY));
    const id = insertHandoff(db, { ...H, state: 'waiting' });
    expect(stored(db, id)).toMatch(new RegExp(`^enc1:${keyId(KEY)}:`));
    expect(stored(db, id)).not.toContain('Lan');
    expect(getHandoff(db, id)?.userName).toBe('Nguyễn Thị Lan');
  });

  it('does not store the name without a key', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const id = insertHandoff(db, { ...H, state: 'waiting' });
    expect(stored(db, id)).toBeNull();
    expect(getHandoff(db, id)?.userName).toBeNull();
  });

  it('seals names left in clear by an older version, and moves them to a new key on rotation', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const id = insertHandoff(db, { ...H, state: 'waiting' });
    db.prepare('UPDATE handoffs SET user_name = ? WHERE id = ?').run('Trần Văn Bình', id);
    expect(clearValues(db)).toBe(1);
    setCipher(db, new FieldCipher(KEY));
    expect(reencryptAll(db)).toEqual({ updated: 1, unreadable: 0 });
    expect(stored(db, id)).toMatch(/^enc1:/);
    expect(clearValues(db)).toBe(0);
    setCipher(db, new FieldCipher(KEY2, [KEY]));
    expect(reencryptAll(db)).toEqual({ updated: 1, unreadable: 0 });
    expect(stored(db, id)).toMatch(new RegExp(`^enc1:${keyId(KEY2)}:`));
    expect(getHandoff(db, id)?.userName).toBe('Trần Văn Bình');
  });

  it('skips the tables a plugin did not create', () => {
    const db = openDatabase(':memory:', []);
    setCipher(db, new FieldCipher(KEY));
    expect(reencryptAll(db)).toEqual({ updated: 0, unreadable: 0 });
    expect(clearValues(db)).toBe(0);
  });
});
