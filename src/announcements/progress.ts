/**
 * Keeps staff informed: a progress message for each running job (edited in
 * place when the channel can, at most once per interval), then a final
 * report to the author and the staff chats; missed runs are reported too.
 */
import type { Logger } from 'pino';
import type { Channel, ChannelName, Reply } from '../core/types.js';
import { TickLoop, type Clock } from './clock.js';
import type { ChatRef } from './model.js';
import type { Job, Outbox } from './outbox.js';
import { finalReply, missedReply, progressReply } from './report.js';

/** Options of the {@link ProgressReporter}. */
export interface ProgressOptions {
  outbox: Outbox;
  channels: ReadonlyMap<ChannelName, Channel>;
  clock: Clock;
  log: Logger;
  tz: string;
  /** Where final and missed reports also go (STAFF_CHAT). */
  staffChats: readonly ChatRef[];
  /** Minimum time between two progress updates of one job. */
  intervalMs?: number;
  tickMs?: number;
}

function titleOf(job: Job): string {
  return (job.content.title ?? '').replace(/^📢\s*/, '');
}

/** Sends progress and reports. */
export class ProgressReporter {
  private readonly ticker: TickLoop;

  constructor(private readonly o: ProgressOptions) {
    this.ticker = new TickLoop(
      o.clock,
      () => this.tick(),
      o.tickMs ?? 1000,
      (err) => o.log.error({ err }, 'progress tick failed'),
    );
  }

  private async sendTo(to: ChatRef, reply: Reply, editId?: string | null): Promise<string | undefined> {
    const ch = this.o.channels.get(to.channel);
    if (!ch) return undefined;
    try {
      if (editId && ch.edit) {
        const r = await ch.edit(to.chatId, editId, reply);
        if (r.ok) return r.messageId ?? editId;
      }
      const r = await ch.send(to.chatId, reply);
      return r.ok ? r.messageId : undefined;
    } catch (err) {
      this.o.log.warn({ err, channel: to.channel }, 'could not send a broadcast report');
      return undefined;
    }
  }

  /** Updates progress, finishes jobs with nothing left and sends their reports. */
  async tick(): Promise<void> {
    const { outbox, clock, tz } = this.o;
    const interval = this.o.intervalMs ?? 10_000;
    for (let job of outbox.activeJobs()) {
      const now = clock.now();
      if (job.status === 'running' && outbox.finishIfDone(job.id)) job = outbox.job(job.id)!;
      if (job.status === 'running') {
        if (
          job.notify &&
          (job.progressAt === null || now - job.progressAt >= interval) &&
          outbox.claimProgress(job.id, job.progressAt, now)
        ) {
          const reply = progressReply(job.id, titleOf(job), outbox.stats(job.id), job.pausedUntil, now, tz);
          const id = await this.sendTo(job.notify, reply, job.progressMessageId);
          outbox.setProgress(job.id, id ?? null, now);
        }
        continue;
      }
      const reply =
        job.status === 'missed'
          ? missedReply(job.announcementId, titleOf(job), job.runAt, tz)
          : finalReply(job.id, titleOf(job), outbox.stats(job.id), job.status === 'cancelled');
      const targets = new Map<string, ChatRef>();
      for (const t of [job.notify, ...this.o.staffChats]) if (t) targets.set(`${t.channel}:${t.chatId}`, t);
      // Another process sharing the database may be reporting the same job: only one takes it.
      if (!outbox.claimReport(job.id)) continue;
      for (const t of targets.values()) await this.sendTo(t, reply);
      this.o.log.info({ job: job.id, status: job.status }, 'broadcast report sent');
    }
  }

  /** Ticks every `tickMs` until stopped. */
  start(): void {
    this.ticker.start();
  }

  /** Makes the next tick happen now. */
  poke(): void {
    this.ticker.poke();
  }

  /** Stops ticking. */
  async stop(): Promise<void> {
    await this.ticker.stop();
  }
}
