/**
 * The Zalo Bot Platform channel (Telegram-like Bot API): updates arrive by
 * long polling (`getUpdates`) or on the webhook; replies go out with
 * `sendMessage`, plain text split at 2,000 characters, buttons as a numbered
 * list ("gõ số"). Updates are deduplicated by message id in the database.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import type { Channel, ChannelHealth, IncomingMessage, Reply, SendOptions, SendResult } from '../../core/types.js';
import type { Db } from '../../storage/db.js';
import { stripTrigger } from '../shared/addressing.js';
import { sleep } from '../shared/http.js';
import { HealthTracker, recordSendHealth } from '../shared/health.js';
import { markEventSeen, pruneSeenEvents } from '../shared/seen-events.js';
import { ReplyOutbox } from '../shared/outbox.js';
import { nonTextReply, renderChunks, runTurn, sendChunks } from '../shared/turn.js';
import type { ZaloBotApi } from './api.js';
import { parseBotUpdates, type BotUpdate } from './update.js';

/** Text limit of `sendMessage`. */
export const BOT_TEXT_LIMIT = 2000;

/** Options of {@link ZaloBotChannel}. */
export interface ZaloBotChannelOptions {
  assistant: Assistant;
  db: Db;
  log: Logger;
  api: ZaloBotApi;
  /** Webhook mode: the public https URL and secret given to `setWebhook`. Polling when absent. */
  webhook?: { url: string; secret: string };
  groupTriggers: readonly string[];
  /** Long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Pause after a failed poll (default 5 s). */
  pollErrorBackoffMs?: number;
  /** Webhook updates whose message date is older than this are dropped (replays; default 3 hours). */
  maxAgeMs?: number;
}

/**
 * Zalo Bot Platform channel.
 *
 * @example
 * ```ts
 * const api = new ZaloBotApi({ apiBase: 'https://bot-api.zaloplatforms.com', token });
 * const bot = new ZaloBotChannel({ assistant, db, log, api, groupTriggers: ['@xa'] });
 * await bot.start(); // long polling, as no webhook is given
 * ```
 */
export class ZaloBotChannel implements Channel {
  readonly name = 'zalo-bot' as const;
  /** Webhook mode receives over the app's HTTP server; long polling does not. */
  get usesHttp(): boolean {
    return this.opts.webhook !== undefined;
  }
  private readonly lanes = new Map<string, Promise<void>>();
  private abort?: AbortController;
  private loop?: Promise<void>;
  private readonly tracker: HealthTracker;
  private readonly outbox: ReplyOutbox;

  constructor(private readonly opts: ZaloBotChannelOptions) {
    this.tracker = new HealthTracker(this.name, opts.log);
    this.outbox = new ReplyOutbox(opts.db, this.name);
  }

  /** Connection state for `/healthz`: from setWebhook, then from each poll. */
  health(): ChannelHealth {
    return this.tracker.get();
  }

  /** Completes replies a crash left half sent. */
  private resume(): Promise<number> {
    return this.outbox.resume((chatId, reply, parts) => this.send(chatId, reply, { parts }), this.opts.log);
  }

  /** Registers the webhook, or starts long polling; resolves once running. */
  async start(): Promise<void> {
    const { api, log, webhook } = this.opts;
    pruneSeenEvents(this.opts.db);
    if (webhook) {
      const r = await api.call('setWebhook', { url: webhook.url, secret_token: webhook.secret });
      recordSendHealth(this.tracker, r);
      if (!r.ok) log.error({ channel: this.name, kind: r.kind, code: r.errorCode }, 'setWebhook failed');
      else log.info({ channel: this.name }, 'Zalo Bot webhook registered');
      await this.resume();
      return;
    }
    const del = await api.call('deleteWebhook');
    // The platform answered (404: no webhook to delete): up until a poll fails.
    recordSendHealth(this.tracker, del.ok || del.errorCode === 404 ? { ok: true } : del);
    if (!del.ok && del.errorCode !== 404) log.warn({ channel: this.name, kind: del.kind }, 'deleteWebhook failed');
    await this.resume();
    this.abort = new AbortController();
    this.loop = this.poll(this.abort.signal);
  }

  /** Stops polling and waits for accepted updates to finish. */
  async stop(): Promise<void> {
    this.abort?.abort();
    this.outbox.stop();
    await this.loop;
    this.loop = undefined;
    await this.idle();
  }

  /** Resolves when every accepted update has been processed. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const timeout = this.opts.pollTimeoutSeconds ?? 30;
    while (!signal.aborted) {
      const r = await this.opts.api.call(
        'getUpdates',
        { timeout: String(timeout) },
        { timeoutMs: (timeout + 5) * 1000, signal },
      );
      if (signal.aborted) break;
      recordSendHealth(this.tracker, r.ok || r.errorCode === 408 ? { ok: true } : r);
      if (r.ok) {
        const parsed = parseBotUpdates(r.result);
        if (parsed.ok) for (const u of parsed.updates) this.accept(u);
        else this.opts.log.warn({ channel: this.name }, 'unreadable update from getUpdates');
        continue;
      }
      if (r.errorCode === 408) continue; // no update within the poll timeout
      await sleep(r.kind === 'auth' ? 60_000 : (this.opts.pollErrorBackoffMs ?? 5000), signal);
    }
  }

  /** Parses a webhook body and accepts its updates; false when it is not an update. */
  acceptBody(body: unknown): { ok: boolean; duplicates: number } {
    const parsed = parseBotUpdates(body);
    if (!parsed.ok) return { ok: false, duplicates: 0 };
    const oldest = Date.now() - (this.opts.maxAgeMs ?? 180 * 60_000);
    const fresh = parsed.updates.filter((u) => u.date === undefined || u.date >= oldest);
    if (fresh.length < parsed.updates.length) {
      this.opts.log.warn(
        { channel: this.name, dropped: parsed.updates.length - fresh.length },
        'webhook update older than ZALO_BOT_EVENT_MAX_AGE_MINUTES dropped',
      );
    }
    return { ok: true, duplicates: fresh.filter((u) => !this.accept(u)).length };
  }

  /** Accepts one update once; processing runs after the current tick, in order per chat. */
  accept(u: BotUpdate): boolean {
    if (!markEventSeen(this.opts.db, this.name, u.eventId)) return false;
    const prev = this.lanes.get(u.chatId) ?? Promise.resolve();
    const next = prev
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => this.process(u))
      .catch((err: unknown) => this.opts.log.error({ channel: this.name, err }, 'Zalo Bot update failed'))
      .finally(() => {
        if (this.lanes.get(u.chatId) === next) this.lanes.delete(u.chatId);
      });
    this.lanes.set(u.chatId, next);
    return true;
  }

  private async process(u: BotUpdate): Promise<void> {
    const { assistant, db, log, api } = this.opts;
    if (u.text === undefined) {
      if (!u.isGroup && u.eventName !== 'message.unsupported.received') await this.send(u.chatId, nonTextReply());
      return;
    }
    let text = u.text;
    if (u.isGroup) {
      const q = stripTrigger(text, this.opts.groupTriggers);
      if (q === undefined) return;
      text = q.length > 0 ? q : '/help';
    }
    void api.call('sendChatAction', { chat_id: u.chatId, action: 'typing' }, { timeoutMs: 5000 });
    const msg: IncomingMessage = {
      channel: this.name,
      userId: u.userId,
      chatId: u.chatId,
      isGroup: u.isGroup,
      text,
      ...(u.userName ? { userName: u.userName } : {}),
    };
    log.debug({ channel: this.name, user: assistant.hashUser(this.name, u.userId) }, 'Zalo Bot message');
    await runTurn({ assistant, db, log, outbox: this.outbox }, msg, (r, parts) =>
      this.send(u.chatId, r, parts ? { parts } : {}),
    );
  }

  /** Sends a reply as one or more `sendMessage` calls. */
  async send(chatId: string, reply: Reply, opts: SendOptions = {}): Promise<SendResult> {
    return sendChunks(
      renderChunks(reply, BOT_TEXT_LIMIT),
      async (text) => {
        const r = await this.opts.api.call('sendMessage', { chat_id: chatId, text });
        if (!r.ok) {
          const { errorCode: _c, ...rest } = r;
          return rest;
        }
        const id = (r.result as { message_id?: unknown } | undefined)?.message_id;
        return { ok: true, ...(typeof id === 'string' || typeof id === 'number' ? { messageId: String(id) } : {}) };
      },
      opts.parts,
    );
  }
}
