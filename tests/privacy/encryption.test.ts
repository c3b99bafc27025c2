/**
 * Names and phone numbers of tickets are encrypted at rest (AES-256-GCM, key
 * from the environment): unreadable without the key, rotated with the old
 * key kept for reading, and never stored in clear when no key is set.
 */
import { describe, expect, it } from 'vitest';
import { createTicket, getTicket } from '../../src/admin/tickets.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { type ConfigError, parseConfig } from '../../src/config/index.js';
import { reencryptAll } from '../../src/privacy/keys.js';
import { FieldCipher, keyId, parseKey, setCipher } from '../../src/storage/cipher.js';
import { openDatabase } from '../../src/storage/db.js';
import { makeTestApp, memoryLogger, TEST_DATA_KEY } from '../admin/helpers.js';
import { OTHER_KEY } from './helpers.js';

const KEY = parseKey(TEST_DATA_KEY)!;
const KEY2 = parseKey(OTHER_KEY)!;
const T = { channel: 'telegram', userHash: 'h1', userId: '1', chatId: '1', content: 'ổ gà', now: 1 };

describe('field cipher', () => {
  it('round-trips, and gives nothing without the key, with another key, or once tampered with', () => {
    const c = new FieldCipher(KEY);
    const stored = c.encrypt('0912 345 678');
    expect(stored).toMatch(new RegExp(`^enc1:${keyId(KEY)}:`));
    expect(stored).not.toContain('0912');
    expect(c.encrypt('0912 345 678')).not.toBe(stored); // a fresh IV each time
    expect(c.decrypt(stored)).toBe('0912 345 678');
    expect(new FieldCipher(undefined).decrypt(stored)).toBeNull();
    expect(new FieldCipher(KEY2).decrypt(stored)).toBeNull();
    const body = Buffer.from(stored.split(':')[2]!, 'base64');
    body[body.length - 1]! ^= 1;
    expect(c.decrypt(`enc1:${keyId(KEY)}:${body.toString('base64')}`)).toBeNull();
    expect(new FieldCipher(KEY2, [KEY]).decrypt(stored)).toBe('0912 345 678');
  });

  it('reads keys as base64 or hex and refuses anything else in the configuration', () => {
    expect(parseKey(KEY.toString('hex'))).toEqual(KEY);
    expect(parseKey('ngắn quá')).toBeUndefined();
    expect(parseConfig({ DATA_ENCRYPTION_KEY: TEST_DATA_KEY }).DATA_ENCRYPTION_KEY).toEqual(KEY);
    const bad = (() => {
      try {
        parseConfig({ DATA_ENCRYPTION_KEY: 'abc', DATA_ENCRYPTION_KEYS_OLD: `${OTHER_KEY},xyz` });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(bad?.problems.map((p) => p.name)).toEqual(['DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_KEYS_OLD']);
    expect(bad?.problems[0]?.message).toContain('openssl rand -base64 32');
  });
});

describe('ticket contact details at rest', () => {
  it('are unreadable in the table and without the key', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    setCipher(db, new FieldCipher(KEY));
    const id = createTicket(db, { ...T, name: 'Phạm Văn Tư', phone: '0912345678' });
    const raw = db.prepare('SELECT name, phone FROM tickets WHERE id = ?').get(id) as { name: string; phone: string };
    expect(raw.name).not.toContain('Tư');
    expect(raw.phone).not.toContain('0912');
    expect(getTicket(db, id)).toMatchObject({ name: 'Phạm Văn Tư', phone: '0912345678' });
    setCipher(db, new FieldCipher(undefined));
    expect(getTicket(db, id)).toMatchObject({ name: null, phone: null, content: 'ổ gà' });
  });

  it('are not stored at all without a key: the phone is not even asked, and the start warns', async () => {
    const mem = memoryLogger('warn');
    const t = await makeTestApp({ DATA_ENCRYPTION_KEY: '' }, { logger: mem.logger });
    const r = await t.say('telegram', '31', '/gopy Cống thoát nước thôn Đông bị tắc', { userName: 'Lê Thị Na' });
    expect(r[0]?.title).toMatch(/^Đã nhận phản ánh số \d+$/);
    const row = t.app.db.prepare('SELECT name, phone, content FROM tickets').get();
    expect(row).toEqual({ name: null, phone: null, content: 'Cống thoát nước thôn Đông bị tắc' });
    await t.app.start();
    expect(mem.lines.join('\n')).toContain('DATA_ENCRYPTION_KEY is not set');
    await t.close();
  });

  it('move to a new key: values on the old key, and clear ones from before any key, are re-encrypted', async () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    setCipher(db, new FieldCipher(KEY));
    const a = createTicket(db, { ...T, phone: '0911000111' });
    setCipher(db, new FieldCipher(undefined));
    db.prepare(`UPDATE tickets SET name = 'Ngô Văn Ba' WHERE id = ?`).run(a); // written in clear, before any key
    setCipher(db, new FieldCipher(KEY2, [KEY]));
    expect(reencryptAll(db)).toEqual({ updated: 2, unreadable: 0 });
    const raw = db.prepare('SELECT name, phone FROM tickets').get() as { name: string; phone: string };
    for (const v of [raw.name, raw.phone]) expect(v.startsWith(`enc1:${keyId(KEY2)}:`)).toBe(true);
    setCipher(db, new FieldCipher(KEY2)); // the old key can go now
    expect(getTicket(db, a)).toMatchObject({ name: 'Ngô Văn Ba', phone: '0911000111' });
    setCipher(db, new FieldCipher(KEY));
    expect(getTicket(db, a)).toMatchObject({ name: null, phone: null });
    expect(reencryptAll(db)).toEqual({ updated: 0, unreadable: 2 });
  });
});
