/**
 * Time source of the announcement engine. Production uses the system clock;
 * tests inject a manual clock so schedules, pauses and backoff run instantly.
 */

/** Reads time and waits. `sleep` resolves early when `signal` aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

/**
 * A wake-up signal: `wait(ms)` sleeps until the time passes or `wake()` is called.
 * Used so a new job starts at once instead of after the next poll.
 */
export class Waker {
  private ctrl = new AbortController();
  constructor(private readonly clock: Clock) {}

  /** Sleeps up to `ms`, or until {@link wake}. */
  async wait(ms: number): Promise<void> {
    await this.clock.sleep(ms, this.ctrl.signal);
    if (this.ctrl.signal.aborted) this.ctrl = new AbortController();
  }

  /** Ends the current (or next) wait. */
  wake(): void {
    this.ctrl.abort();
  }
}

/**
 * Calls `tick` every `everyMs` (or sooner when poked) until stopped. A tick
 * that throws is reported to `onError` and the loop goes on.
 */
export class TickLoop {
  private readonly waker: Waker;
  private loop: Promise<void> | undefined;
  private stopping = false;

  constructor(
    clock: Clock,
    private readonly tick: () => unknown,
    private readonly everyMs: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.waker = new Waker(clock);
  }

  /** Starts ticking (the first tick runs at once). */
  start(): void {
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.tick();
        } catch (err) {
          this.onError(err);
        }
        await this.waker.wait(this.everyMs);
      }
    })();
  }

  /** Makes the next tick happen now. */
  poke(): void {
    this.waker.wake();
  }

  /** Stops ticking and waits for the current tick to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waker.wake();
    await this.loop;
  }
}
