/**
 * A data directory that cannot be written (read-only disk, no permission)
 * is the catalogue's TXA_DATA_DIR_READ_ONLY. Simulated: the tests run as
 * root, for whom file permissions do not apply.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  mkdirSync: (path: string) => {
    throw Object.assign(new Error(`EROFS: read-only file system, mkdir '${path}'`), { code: 'EROFS', path });
  },
}));

const { openDatabase } = await import('../../src/storage/db.js');
const { TxaError } = await import('../../src/errors.js');

describe('openDatabase on a read-only data directory', () => {
  it('throws TXA_DATA_DIR_READ_ONLY naming the folder, in Vietnamese', () => {
    let caught: unknown;
    try {
      openDatabase('/ro/data/tro-ly-xa.db', []);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TxaError);
    const e = caught as InstanceType<typeof TxaError>;
    expect(e.code).toBe('TXA_DATA_DIR_READ_ONLY');
    expect(e.message).toMatch(/^DATA_DIR: không ghi được vào "\/ro\/data"/);
    expect(e.details).toMatchObject({ path: '/ro/data', cause: 'EROFS' });
  });
});
