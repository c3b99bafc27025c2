/**
 * `GET /healthz`: the state of every enabled channel (connected,
 * reconnecting since …, refused token), the database, the knowledge
 * version and the broadcast queue depth. 200 when everything the operator
 * enabled works, 503 otherwise, so a load balancer or a monitor notices a
 * channel that is down. Channels without `health()` (web chat, console) are
 * always up. Nothing personal is in the answer.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Channel, ChannelHealth, ChannelName } from '../core/types.js';
import type { KnowledgeBase } from '../knowledge/model.js';
import type { KnowledgeStore } from '../knowledge/store.js';
import type { Db } from '../storage/db.js';

/** What the report is built from. */
export interface HealthSources {
  channels: ReadonlyMap<ChannelName, Channel>;
  db: Db;
  knowledge: KnowledgeStore;
}

/** One channel in the report (`since` as an ISO time). */
export type ChannelReport = Omit<ChannelHealth, 'since'> & { since?: string };

/** The `/healthz` body. */
export interface HealthReport {
  ok: boolean;
  channels: Partial<Record<ChannelName, ChannelReport>>;
  database: { ok: boolean };
  knowledge: { version: string; entries: number };
  broadcast: { queued: number | null };
}

const versions = new WeakMap<KnowledgeBase, string>();

/** A short fingerprint of the live knowledge (changes with every successful reload that changes content). */
export function knowledgeVersion(kb: KnowledgeBase): string {
  let v = versions.get(kb);
  if (!v) {
    v = createHash('sha256').update(JSON.stringify(kb.entries)).digest('hex').slice(0, 12);
    versions.set(kb, v);
  }
  return v;
}

/** Announcement messages waiting to be sent (pending or being sent); null when unknown. */
export function broadcastQueueDepth(db: Db): number | null {
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM ann_outbox WHERE status IN ('pending', 'sending')`).get() as {
      n: number;
    };
    return row.n;
  } catch {
    return null;
  }
}

function databaseOk(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS one').get() !== undefined;
  } catch {
    return false;
  }
}

/**
 * Builds the report.
 *
 * @example
 * ```ts
 * const report = healthReport(app);
 * report.knowledge; // { version: 'a1b2c3d4e5f6', entries: 568 }
 * ```
 */
export function healthReport(src: HealthSources): HealthReport {
  const channels: HealthReport['channels'] = {};
  let allUp = true;
  for (const [name, ch] of src.channels) {
    const h = ch.health?.();
    if (!h) {
      channels[name] = { state: 'connected' };
      continue;
    }
    if (h.state !== 'connected') allUp = false;
    channels[name] = { state: h.state, since: new Date(h.since).toISOString(), ...(h.cause ? { cause: h.cause } : {}) };
  }
  const database = { ok: databaseOk(src.db) };
  const kb = src.knowledge.kb;
  return {
    ok: allUp && database.ok,
    channels,
    database,
    knowledge: { version: knowledgeVersion(kb), entries: kb.entries.length },
    broadcast: { queued: database.ok ? broadcastQueueDepth(src.db) : null },
  };
}

/**
 * Registers `GET /healthz`.
 *
 * @example
 * ```ts
 * registerHealth(http, { channels, db, knowledge }); // an App is a HealthSources
 * const res = await http.inject({ method: 'GET', url: '/healthz' });
 * ```
 */
export function registerHealth(http: FastifyInstance, src: HealthSources): void {
  http.get('/healthz', async (_req, reply) => {
    const report = healthReport(src);
    return reply
      .code(report.ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
