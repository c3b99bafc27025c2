/**
 * `npm run privacy`: a request received at the desk (export, delete), the
 * purge, and the key rotation, on a database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../src/admin/tickets.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { hashUserId } from '../../src/log/index.js';
import { FieldCipher, keyId, parseKey, setCipher } from '../../src/storage/cipher.js';
import { openDatabase } from '../../src/storage/db.js';
import { TEST_DATA_KEY } from '../admin/helpers.js';
import { runCli } from '../cli/run-cli.js';
import { cellsContaining, OTHER_KEY } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'privacy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SALT = 'cli-test-salt-0123456789';

function prepare(name: string) {
  const path = join(dir, name);
  const db = openDatabase(path, ALL_MIGRATIONS);
  setCipher(db, new FieldCipher(parseKey(TEST_DATA_KEY)));
  const userHash = hashUserId(SALT, 'zalo-oa', '8800');
  createTicket(db, {
    channel: 'zalo-oa',
    userHash,
    userId: '8800',
    chatId: '8800',
    name: 'Đỗ Văn Khoa',
    phone: '0988123456',
    content: 'Xin cấp lại sổ hộ nghèo',
    now: Date.now(),
  });
  db.prepare(
    `INSERT INTO ann_subscriptions (channel, chat_id, status, subscribed_at, updated_at) VALUES ('zalo-oa', '8800', 'active', 1, 1)`,
  ).run();
  db.close();
  return { path, userHash, env: { DATABASE_PATH: path, USER_ID_SALT: SALT, DATA_ENCRYPTION_KEY: TEST_DATA_KEY } };
}

describe('npm run privacy', () => {
  it('exports, asks for --yes, then deletes a resident named at the desk', async () => {
    const { path, userHash, env } = prepare('desk.db');
    const shown = await runCli('privacy.ts', ['export', 'zalo-oa:8800'], env);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Xin cấp lại sổ hộ nghèo');
    expect(shown.out).toContain('0988123456');
    const dry = await runCli('privacy.ts', ['delete', 'zalo-oa:8800'], env);
    expect(dry.out).toContain('Chưa xoá gì');
    const done = await runCli('privacy.ts', ['delete', 'zalo-oa:8800', '--yes'], env);
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/Đã xoá hoặc ẩn danh \d+ dòng/);
    const db = openDatabase(path, ALL_MIGRATIONS);
    expect(cellsContaining(db, [userHash, '8800', 'Xin cấp lại'])).toEqual([]);
    expect(db.prepare('SELECT via FROM privacy_erasures').all()).toEqual([{ via: 'desk' }]);
    db.close();
  });

  it('refuses a resident not written as <kênh:id>', async () => {
    const { env } = prepare('bad.db');
    const r = await runCli('privacy.ts', ['delete', '8800', '--yes'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('kênh:id');
  });

  it('rotate-key re-encrypts with the new key while the old one is listed', async () => {
    const { path, env } = prepare('rotate.db');
    const r = await runCli('privacy.ts', ['rotate-key'], {
      ...env,
      DATA_ENCRYPTION_KEY: OTHER_KEY,
      DATA_ENCRYPTION_KEYS_OLD: TEST_DATA_KEY,
    });
    expect(r.out).toContain('Đã mã hóa lại 2 giá trị');
    expect(r.code).toBe(0);
    const db = openDatabase(path, ALL_MIGRATIONS);
    const raw = db.prepare('SELECT phone FROM tickets').get() as { phone: string };
    expect(raw.phone.startsWith(`enc1:${keyId(parseKey(OTHER_KEY)!)}:`)).toBe(true);
    db.close();
  });
});
