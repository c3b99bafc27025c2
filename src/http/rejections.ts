/**
 * One warning line for rejected webhook calls (wrong secret, bad signature),
 * so a mistyped secret shows in the log at once without flooding it: the
 * first rejection is logged, then at most one line a minute with the count.
 * Nothing of the request (payload, headers, address) is logged. Every
 * rejection is also counted in `/metrics`
 * (`tro_ly_xa_webhook_rejected_total{channel,reason}`) when a counter is given.
 */
import type { Logger } from 'pino';

/** Why a webhook call was refused or dropped, as a metrics label (a fixed set). */
export type RejectionKind = 'secret' | 'stale' | 'malformed';

/** Where rejections are counted (the app's `Metrics.webhookRejected`). */
export interface RejectionCounter {
  inc(labels: { channel: string; reason: RejectionKind }): void;
}

/** Counts rejections of one webhook and logs them sparingly. */
export class RejectionLog {
  private total = 0;
  private sinceLine = 0;
  private lastLineAt = -Infinity;

  constructor(
    private readonly log: Logger,
    private readonly channel: string,
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly counter?: RejectionCounter,
  ) {}

  /** Notes one rejection (`reason` is a fixed phrase such as `wrong secret`; `kind` its metrics label). */
  note(reason: string, kind: RejectionKind = 'secret'): void {
    this.counter?.inc({ channel: this.channel, reason: kind });
    this.total++;
    this.sinceLine++;
    const t = this.now();
    if (t - this.lastLineAt < this.everyMs) return;
    this.log.warn(
      { channel: this.channel, reason, rejected: this.total, sinceLastLine: this.sinceLine },
      'webhook call rejected: check the secret configured on the platform and in .env',
    );
    this.lastLineAt = t;
    this.sinceLine = 0;
  }

  /** Rejections since start. */
  get count(): number {
    return this.total;
  }
}
