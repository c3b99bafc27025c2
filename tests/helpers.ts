/**
 * Test helpers: an assistant over a knowledge folder with an in-memory database.
 */
import { ALL_MIGRATIONS } from '../src/app/migrations.js';
import { Assistant, staticRoles } from '../src/core/assistant.js';
import type { IncomingMessage, Reply } from '../src/core/types.js';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { silentLogger } from '../src/log/index.js';
import { openDatabase } from '../src/storage/db.js';

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
