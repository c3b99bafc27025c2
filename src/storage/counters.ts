/**
 * Rate-limit counters in the database, for several app processes on one
 * database (APP_PROCESSES > 1): a resident who writes to two processes
 * behind a load balancer is counted once, not once per process. One process
 * keeps its counters in memory, as the limiter libraries do by themselves.
 *
 * A counter is a fixed window: the first hit of a key opens a window of
 * `windowMs`, later hits in it count up, and the first hit after it opens
 * a new one. One upsert per hit, under SQLite's write lock, so two
 * processes never lose a hit. Written here because the limiters' own stores
 * are in memory or Redis, and the installation already has a database.
 *
 * @example
 * ```ts
 * const counters = new DbCounters(db, (key) => assistant.hashUser('telegram', key));
 * const { count } = counters.hit('telegram:12345', 3000); // 1, 2, 3… within 3 s
 * ```
 */
import type { Statement } from 'better-sqlite3';
import type { Db, Migration } from './db.js';

export const counterMigrations: Migration[] = [
  {
    id: 'storage/001-rate-counters',
    up: `CREATE TABLE rate_counters (
      key TEXT PRIMARY KEY,
      n INTEGER NOT NULL,
      until INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX rate_counters_until ON rate_counters (until);`,
  },
];

/** Fixed-window counters shared by every process of one database. */
export class DbCounters {
  private readonly upsert: Statement;
  private readonly prune: Statement;
  private pruneAt = 0;

  constructor(
    db: Db,
    /** Hashes a key before it is stored: keys hold a resident's id or address (docs/privacy.md). */
    private readonly hashKey: (key: string) => string,
    private readonly now: () => number = Date.now,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO rate_counters (key, n, until) VALUES (@key, 1, @until)
         ON CONFLICT (key) DO UPDATE SET
           n = CASE WHEN rate_counters.until <= @now THEN 1 ELSE rate_counters.n + 1 END,
           until = CASE WHEN rate_counters.until <= @now THEN @until ELSE rate_counters.until END
         RETURNING n, until`,
    );
    this.prune = db.prepare('DELETE FROM rate_counters WHERE until <= ?');
  }

  /** Counts one hit of `key`; returns the hits in its current window and the milliseconds the window has left. */
  hit(key: string, windowMs: number): { count: number; ttlMs: number } {
    const now = this.now();
    // Expired windows are deleted at most once per window, not on every hit.
    if (now >= this.pruneAt) {
      this.prune.run(now);
      this.pruneAt = now + windowMs;
    }
    const r = this.upsert.get({ key: this.hashKey(key), until: now + windowMs, now }) as { n: number; until: number };
    return { count: r.n, ttlMs: r.until - now };
  }
}

/**
 * The counters as the storage client of `@grammyjs/ratelimiter` (it speaks
 * Redis' `incr` and `pexpire`); the window is set here, so `pexpire` has
 * nothing left to do.
 */
export function floodClient(
  counters: DbCounters,
  windowMs: number,
): {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
} {
  return {
    incr: async (key) => counters.hit(`flood:${key}`, windowMs).count,
    pexpire: async () => 1,
  };
}

/** A `@fastify/rate-limit` store over the counters (the plugin builds it with `new`, then a child per route). */
export interface FastifyCounterStore {
  incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number): void;
  child(routeOptions: { path?: string; prefix?: string }): FastifyCounterStore;
}

/** The store class `@fastify/rate-limit` takes as its `store` option, keeping its counts in `counters`. */
export function fastifyCounterStore(counters: DbCounters): new (options?: unknown) => FastifyCounterStore {
  return class CounterStore implements FastifyCounterStore {
    private readonly scope: string;
    /** The plugin passes its options first; a child passes its route. */
    constructor(scope?: unknown) {
      this.scope = typeof scope === 'string' ? scope : '';
    }

    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number) {
      try {
        const { count, ttlMs } = counters.hit(`http:${this.scope}:${key}`, timeWindow);
        cb(null, { current: count, ttl: ttlMs });
      } catch (err) {
        cb(err as Error);
      }
    }

    child(route: { path?: string; prefix?: string }): FastifyCounterStore {
      return new CounterStore(`${route.prefix ?? ''}${route.path ?? ''}`);
    }
  };
}
