/**
 * Start-up errors of the real CLI are one Vietnamese line with the code of
 * `docs/errors.md`, exit 1 and no stack trace; a broken database file is
 * never deleted or changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'txa-start-'));
const env = (extra: Record<string, string>) => ({ TELEGRAM_BOT_TOKEN: '', DATA_DIR: join(dir, 'data'), ...extra });

/** Exactly one line on stderr, with the code, and nothing that looks like a stack. */
function expectOneLine(err: string, code: string): void {
  const lines = err.trim().split('\n');
  expect(lines, err).toHaveLength(1);
  expect(lines[0]).toContain(`[${code}]`);
  expect(err).not.toMatch(/^\s+at /m);
  expect(err).not.toMatch(/EEXIST|ENOENT|EADDRINUSE|not a database/);
}

describe('start-up errors', () => {
  it('DATA_DIR pointing at a file says so, not EEXIST', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await runCli('report.ts', [], env({ DATA_DIR: file }));
    expect(r.code).toBe(1);
    expectOneLine(r.err, 'TXA_DATA_DIR_NOT_DIR');
    expect(r.err).toContain(`"${file}" là một tệp, không phải thư mục`);
  });

  it('a corrupt database names the file, says what to do and leaves it untouched', async () => {
    const db = join(dir, 'broken.db');
    writeFileSync(db, 'this is not sqlite, just text\n'.repeat(200));
    const before = readFileSync(db);
    const r = await runCli('unanswered.ts', [], env({ DATABASE_PATH: db }));
    expect(r.code).toBe(1);
    expectOneLine(r.err, 'TXA_DB_CORRUPT');
    expect(r.err).toContain(db);
    expect(r.err).toContain('khôi phục bản sao lưu');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a missing knowledge folder is one line naming KNOWLEDGE_DIR', async () => {
    const r = await runCli('main.ts', [], env({ KNOWLEDGE_DIR: join(dir, 'no-such-folder') }));
    expect(r.code).toBe(1);
    expectOneLine(r.err, 'TXA_KNOWLEDGE_DIR_MISSING');
    expect(r.err).toMatch(/^KNOWLEDGE_DIR: không có thư mục/);
  });

  it('a knowledge "folder" that is a file is unreadable, one line', async () => {
    const file = join(dir, 'knowledge-file');
    writeFileSync(file, 'x');
    const r = await runCli('kb-check.ts', [file], env({}));
    expect(r.code).toBe(1);
    expect(r.err).toContain('[TXA_KNOWLEDGE_DIR_UNREADABLE]');
    expect(r.err).not.toContain('ENOTDIR');
  });

  describe('a port already in use', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('says which port and how to choose another', async () => {
      const r = await runCli('main.ts', [], env({ HTTP_ENABLED: 'true', HOST: '127.0.0.1', PORT: String(port) }));
      expect(r.code).toBe(1);
      expectOneLine(r.err, 'TXA_PORT_IN_USE');
      expect(r.err).toContain(`cổng ${port} đang được một chương trình khác dùng`);
    });
  });
});
