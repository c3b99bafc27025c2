/**
 * The fake Bot API server's update queue: what `getUpdates` serves, with
 * offset confirmation, `limit`, a real long-poll wait, and Telegram's 409 when
 * a second poll takes over a waiting one.
 */
import { BadRequest } from './telegram-validate.js';

/** An update as the Bot API delivers it. */
export type Update = Record<string, unknown> & { update_id: number };

/** Pending updates for one bot. */
export class UpdateQueue {
  private readonly queue: Update[] = [];
  private readonly waiters = new Set<() => void>();
  private poll?: { cancel: () => void };
  private nextId = 1;

  /** @param maxWaitMs longest a poll waits, whatever timeout it asks for */
  constructor(private readonly maxWaitMs: number) {}

  /** Number of updates not yet confirmed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Id the next pushed update will get. */
  get nextUpdateId(): number {
    return this.nextId;
  }

  /** Adds an update and wakes a waiting poll. */
  push(update: Omit<Update, 'update_id'>): Update {
    const u = { update_id: this.nextId++, ...update } as Update;
    this.queue.push(u);
    for (const w of this.waiters) w();
    return u;
  }

  /** The oldest unconfirmed update (webhook delivery). */
  first(): Update | undefined {
    return this.queue[0];
  }

  /** Confirms updates up to and including `updateId` (webhook delivery answered 2xx). */
  confirm(updateId: number): void {
    while (this.queue.length > 0 && this.queue[0]!.update_id <= updateId) this.queue.shift();
  }

  /** Releases every waiting poll (server stopping). */
  releaseAll(): void {
    for (const w of this.waiters) w();
  }

  /**
   * getUpdates: forgets updates below `offset`, waits up to `timeoutSeconds`
   * (capped) when none are left, and returns at most `limit`. `closed` ends
   * the wait when the client goes away.
   */
  async take(
    offset: number,
    limit: number,
    timeoutSeconds: number,
    onClose: (fn: () => void) => void,
  ): Promise<Update[]> {
    while (this.queue.length > 0 && this.queue[0]!.update_id < offset) this.queue.shift();
    this.poll?.cancel();
    this.poll = undefined;
    if (this.queue.length === 0 && timeoutSeconds > 0) {
      let conflicted = false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          if (this.poll === mine) this.poll = undefined;
          resolve();
        };
        const t = setTimeout(done, Math.min(timeoutSeconds * 1000, this.maxWaitMs));
        const mine = {
          cancel: () => {
            conflicted = true;
            done();
          },
        };
        this.poll = mine;
        this.waiters.add(done);
        onClose(done);
      });
      if (conflicted)
        throw new BadRequest(
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        );
    }
    return this.queue.filter((u) => u.update_id >= offset).slice(0, Math.max(1, Math.min(100, limit)));
  }
}
