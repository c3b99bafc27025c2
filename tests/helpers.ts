/**
 * Test helpers: an assistant over a knowledge folder with an in-memory database.
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ALL_MIGRATIONS } from '../src/app/migrations.js';
import { Assistant, staticRoles } from '../src/core/assistant.js';
import type { IncomingMessage, Reply } from '../src/core/types.js';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { silentLogger } from '../src/log/index.js';
import Database from 'better-sqlite3';
import { type Db, openDatabase } from '../src/storage/db.js';

/** Builds an assistant on `dir` (default: the shipped knowledge base). */
export function testAssistant(
  dir = 'knowledge',
  opts: { admins?: string[]; staff?: string[]; now?: () => number; staleDays?: number } = {},
): Assistant {
  const db = openDatabase(':memory:', ALL_MIGRATIONS);
  return new Assistant({
    knowledge: KnowledgeStore.load(dir, silentLogger),
    db,
    logger: silentLogger,
    salt: 'test-salt-0123456789',
    roles: staticRoles(opts.admins ?? [], opts.staff ?? []),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.staleDays !== undefined ? { staleDays: opts.staleDays } : {}),
  });
}

/** Sends a text as a console user and returns the replies. */
export function ask(a: Assistant, text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply[]> {
  return a.handle({ channel: 'console', userId: 'u1', chatId: 'u1', text, ...extra });
}

/**
 * A logger whose JSON lines are kept, to check what is (never) logged:
 * `lines` as written, `records()` parsed.
 */
export function memoryLogger(level: pino.LevelWithSilent = 'trace'): {
  logger: pino.Logger;
  lines: string[];
  records(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return {
    logger: pino({ level }, stream),
    lines,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A database the test reads while an app process writes it: the SQLite file
 * (read-only), or, when the suites run on PostgreSQL (TXA_TEST_POSTGRES_URL),
 * the schema standing for that file.
 */
export function readDatabase(path: string): Pick<Db, 'prepare' | 'close'> {
  if (process.env.TXA_TEST_POSTGRES_URL) return openDatabase(path, []);
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** The environment a child app process needs to use the same database backend as the test. */
export function backendEnv(): Record<string, string> {
  const url = process.env.TXA_TEST_POSTGRES_URL;
  return url ? { TXA_TEST_POSTGRES_URL: url } : {};
}
