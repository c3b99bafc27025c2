/**
 * A counting semaphore for the broadcast worker: at most `size` sends in
 * flight (or sent but not yet marked), and a way to wait until all are done.
 */
/** `size` slots; `acquire()` waits for a free one, `idle()` until every slot is free. */
export class Semaphore {
  private free: number;
  private readonly waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  constructor(private readonly size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    const w = this.waiters.shift();
    if (w) w();
    else this.free++;
    if (this.free === this.size) {
      for (const r of this.idleWaiters) r();
      this.idleWaiters = [];
    }
  }
  idle(): Promise<void> {
    return this.free === this.size ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }
}
