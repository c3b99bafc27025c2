/**
 * A timer-free in-memory counter for `@grammyjs/ratelimiter`.
 *
 * The plugin's own memory store clears itself with a `setInterval` that is
 * never cancelled. This store speaks the plugin's Redis interface (`incr`,
 * `pexpire`) instead: counters expire lazily when read, and expired keys are
 * swept at most once per time frame while counting, so memory stays bounded
 * by the users active in the last two frames and no timer outlives the bot.
 */

/** Counter store with the subset of the Redis API the rate limiter uses. */
export class FloodStore {
  private readonly counts = new Map<string, { n: number; until: number }>();
  private sweepAt = 0;
  private ttl = 1000;

  constructor(private readonly now: () => number = Date.now) {}

  /** Increments a key (a fresh or expired key starts at 1). */
  async incr(key: string): Promise<number> {
    const t = this.now();
    if (t >= this.sweepAt) {
      for (const [k, c] of this.counts) if (c.until <= t) this.counts.delete(k);
      this.sweepAt = t + this.ttl;
    }
    const c = this.counts.get(key);
    if (!c || c.until <= t) {
      this.counts.set(key, { n: 1, until: Number.POSITIVE_INFINITY });
      return 1;
    }
    return ++c.n;
  }

  /** Sets a key's time to live in milliseconds; 1 when the key exists. */
  async pexpire(key: string, ms: number): Promise<number> {
    const c = this.counts.get(key);
    if (!c) return 0;
    this.ttl = ms;
    c.until = this.now() + ms;
    return 1;
  }

  /** Number of keys held (live or not yet swept). */
  get size(): number {
    return this.counts.size;
  }
}
