/**
 * Webhook delivery of the fake Bot API server: once `setWebhook` is called,
 * pending updates are POSTed one at a time as JSON with the
 * `X-Telegram-Bot-Api-Secret-Token` header, and an update is delivered again
 * (after `retryMs`) until the bot answers 2xx, as Telegram does.
 */
import type { UpdateQueue } from './telegram-updates.js';

/** One delivery attempt. */
export interface WebhookDelivery {
  updateId: number;
  /** HTTP status, 0 when the connection failed. */
  status: number;
  at: number;
}

/** Pushes updates to the bot's webhook. */
export class WebhookPusher {
  url = '';
  secret?: string;
  /**
   * Where to POST instead of `url` (tests: the app's http://127.0.0.1:port,
   * standing in for the TLS proxy behind the public https URL).
   */
  target?: string;
  readonly deliveries: WebhookDelivery[] = [];
  private busy = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly retryMs = 200,
  ) {}

  /** True while a webhook is set. */
  get active(): boolean {
    return this.url !== '';
  }

  /** setWebhook. */
  set(url: string, secret?: string): void {
    this.url = url;
    this.secret = secret;
    this.kick();
  }

  /** deleteWebhook. */
  clear(): void {
    this.url = '';
    clearTimeout(this.timer);
  }

  /** Stops delivering (server stopping). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Starts delivering pending updates, unless already doing so. */
  kick(): void {
    if (!this.busy && this.active && !this.stopped) void this.loop();
  }

  private async post(update: unknown): Promise<number> {
    try {
      const res = await fetch(this.target ?? this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.secret ? { 'x-telegram-bot-api-secret-token': this.secret } : {}),
        },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  private async loop(): Promise<void> {
    this.busy = true;
    try {
      for (let u = this.queue.first(); u && this.active && !this.stopped; u = this.queue.first()) {
        const status = await this.post(u);
        this.deliveries.push({ updateId: u.update_id, status, at: Date.now() });
        if (status >= 200 && status < 300) {
          this.queue.confirm(u.update_id);
          continue;
        }
        this.timer = setTimeout(() => this.kick(), this.retryMs);
        return;
      }
    } finally {
      this.busy = false;
    }
  }
}
