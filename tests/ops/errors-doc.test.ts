/** Every code of the error catalogue is documented in docs/errors.md, and nothing else is. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, TxaError, fromSystemError } from '../../src/errors.js';

describe('error catalogue', () => {
  it('docs/errors.md lists exactly the codes of src/errors.ts', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    const documented = new Set([...doc.matchAll(/`(TXA_[A-Z_]+)`/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it('a line has the message and the code; details keep the cause code for the logs', () => {
    const e = new TxaError(
      'TXA_DB_CORRUPT',
      { path: 'data/x.db' },
      { cause: Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }) },
    );
    expect(e.toLine()).toMatch(/^Tệp cơ sở dữ liệu "data\/x\.db" bị hỏng .* \[TXA_DB_CORRUPT\]$/);
    expect(e.details).toEqual({ path: 'data/x.db', cause: 'SQLITE_NOTADB' });
  });

  it('maps the Node errors it knows and leaves the others alone', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 });
    expect(fromSystemError(inUse)?.code).toBe('TXA_PORT_IN_USE');
    const missing = Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: '/x' });
    expect(fromSystemError(missing)?.message).toBe('Không có tệp "/x". Bạn kiểm tra lại đường dẫn.');
    expect(fromSystemError(new Error('boom'))).toBeUndefined();
    expect(fromSystemError(Object.assign(new Error('?'), { code: 'ECONNRESET' }))).toBeUndefined();
  });
});
