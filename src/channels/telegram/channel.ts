/**
 * The Telegram channel: a thin translator between grammY and the assistant.
 *
 * Long polling with @grammyjs/runner (updates of one chat handled in order),
 * or webhook updates handed over by the HTTP server. Interactive replies go
 * through auto-retry; `send()` (broadcasts, ticket answers) does not sleep on
 * 429 but reports `rate_limited` so the caller can pause the whole job.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Api, type ApiClientOptions, Bot, BotError, type Context } from 'grammy';
import type {
  Channel,
  ChannelHealth,
  OutgoingFile,
  PartProgress,
  Reply,
  SendOptions,
  SendResult,
} from '../../core/types.js';
import { ReplyOutbox } from '../shared/outbox.js';
import { describeError, sendFailure } from './errors.js';
import { TelegramHealth } from './health.js';
import { botApiFetch } from './http-fetch.js';
import { FloodStore } from './flood-store.js';
import { CallbackCodec } from './keyboard.js';
import { removeFeedback } from './feedback.js';
import { ignoreMalformed } from './malformed.js';
import { EDITED, isUserContent, TEXT_ONLY, TOO_FAST } from './messages.js';
import { renderHtml, wantsFeedback } from './render.js';
import { addressedText, isGroup } from './addressing.js';
import { deliverFile, deliverReply } from './deliver.js';
import { DEFAULT_FLOOD_WINDOW_MS, type TelegramChannelOptions } from './options.js';

export { describeError } from './errors.js';
export type { TelegramChannelOptions } from './options.js';

/**
 * Telegram through grammY.
 *
 * @example
 * ```ts
 * const telegram = new TelegramChannel({ token, apiRoot: 'https://api.telegram.org', assistant, log });
 * await telegram.start();
 * const r = await telegram.send('123456789', { kind: 'info', sections: [{ text: 'Xin chào' }] });
 * if (!r.ok) log.warn({ kind: r.kind }, 'send failed');
 * ```
 */
export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  /** Webhook mode receives over the app's HTTP server; long polling does not. */
  get usesHttp(): boolean {
    return this.o.webhook !== undefined;
  }
  readonly bot: Bot;
  /** For `send()`: the same server, without auto-retry, so 429 reaches the caller. */
  private readonly plainApi: Api;
  private readonly codec = new CallbackCodec();
  private runner?: RunnerHandle;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Updates being handled, and who waits for them to finish (stop()). */
  private inFlight = 0;
  private onIdle?: () => void;
  private readonly tracker: TelegramHealth;
  private readonly outbox: ReplyOutbox;

  constructor(private readonly o: TelegramChannelOptions) {
    this.outbox = new ReplyOutbox(o.assistant.db, this.name);
    const client: ApiClientOptions = { apiRoot: o.apiRoot, fetch: botApiFetch as unknown as ApiClientOptions['fetch'] };
    this.bot = new Bot(o.token, { client });
    this.plainApi = new Api(o.token, client);
    this.tracker = new TelegramHealth(this.plainApi, o.log, o.healthProbeMs ?? 5000);
    // auto-retry ignores maxRetryAttempts for network errors (HttpError) and would retry them
    // forever, holding the chat's queue and keeping the process alive after stop: let them surface.
    this.bot.api.config.use(
      autoRetry({ ...(o.retry ?? { maxRetryAttempts: 3, maxDelaySeconds: 30 }), rethrowHttpErrors: true }),
    );
    this.setup();
  }

  private userId(ctx: Context): string {
    return String(ctx.from?.id ?? ctx.chat?.id ?? 'unknown');
  }

  private hash(ctx: Context): string {
    return this.o.assistant.hashUser('telegram', this.userId(ctx));
  }

  private setup(): void {
    const bot = this.bot;
    bot.use(ignoreMalformed(this.o.log));
    bot.use(async (_ctx, next) => {
      this.inFlight++;
      try {
        await next();
      } finally {
        if (--this.inFlight === 0) this.onIdle?.();
      }
    });
    bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
    if (this.o.floodLimit !== 0) {
      bot.use(
        limit({
          timeFrame: this.o.floodWindowMs ?? DEFAULT_FLOOD_WINDOW_MS,
          limit: this.o.floodLimit ?? 6,
          keyGenerator: (ctx) => ctx.from?.id.toString(),
          storageClient: this.o.floodStore ?? new FloodStore(),
          onLimitExceeded: async (ctx) => {
            if (ctx.chat?.type === 'private') await ctx.reply(TOO_FAST).catch(() => undefined);
          },
        }),
      );
    }
    bot.on('callback_query:data', (ctx) => this.onButton(ctx));
    bot.on('message:text', async (ctx) => {
      const text = addressedText(ctx, this.bot.botInfo);
      if (text === undefined) return;
      await this.turn(ctx, text, false);
    });
    bot.on(['message', 'edited_message'], async (ctx) => {
      if (isGroup(ctx) && addressedText(ctx, this.bot.botInfo) === undefined) return;
      // Service messages (member joined, pinned…) carry no question and get no answer.
      if (ctx.message && !isUserContent(ctx.message)) return;
      await ctx.reply(ctx.editedMessage ? EDITED : TEXT_ONLY);
    });
    bot.catch((err) => {
      this.o.log.error(
        { channel: 'telegram', user: this.hash(err.ctx), error: describeError(err.error) },
        'telegram update failed',
      );
    });
  }

  /** True while long polling runs. */
  get polling(): boolean {
    return this.runner?.isRunning() ?? false;
  }

  /** True once the bot knows who it is (getMe succeeded) and until stop(), so updates can be handled. */
  get ready(): boolean {
    return this.bot.isInited() && !this.stopped;
  }

  private async turn(ctx: Context, text: string, fromButton: boolean): Promise<void> {
    const chat = ctx.chat!;
    const replies = await this.o.assistant.handle({
      channel: 'telegram',
      userId: String(ctx.from?.id ?? chat.id),
      chatId: String(chat.id),
      isGroup: isGroup(ctx),
      ...(ctx.from?.first_name ? { userName: ctx.from.first_name } : {}),
      text,
      fromButton,
    });
    const chatId = String(chat.id);
    const rendered = replies.map((r) => renderHtml(r, undefined, wantsFeedback(r)));
    // One reply in one message cannot be left half sent: only longer turns go through the outbox.
    const ids = rendered.length > 1 || (rendered[0]?.length ?? 0) > 1 ? this.outbox.open(chatId, replies) : [];
    try {
      for (const [i, r] of replies.entries()) {
        const id = ids[i];
        await deliverReply(
          this.bot.api,
          this.codec,
          chatId,
          r,
          id === undefined ? undefined : this.outbox.progress(id),
          rendered[i],
        );
      }
    } finally {
      // Sent whole, or failed (the error handler logs it): nothing to resume either way.
      for (const id of ids) this.outbox.close(id);
    }
  }

  private async onButton(ctx: Context): Promise<void> {
    const action = this.codec.decode(ctx.callbackQuery?.data ?? '');
    if (action.kind === 'feedback') {
      const r = this.o.assistant.recordFeedback({
        channel: 'telegram',
        userId: this.userId(ctx),
        questionId: action.questionId,
        helpful: action.helpful,
      });
      await ctx.answerCallbackQuery({
        text: r === 'recorded' ? 'Cảm ơn bạn đã góp ý!' : 'Bạn đã góp ý cho câu trả lời này rồi.',
      });
      await removeFeedback(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    if (action.kind === 'expired') {
      await ctx.reply('Nút này đã cũ. Bạn vui lòng gõ lại câu hỏi nhé.');
      return;
    }
    if (ctx.chat) await this.turn(ctx, action.payload, true);
  }

  /** Completes replies a crash left half sent (once, after the first connection). */
  private resume(): void {
    const send = async (chatId: string, reply: Reply, parts: PartProgress): Promise<SendResult> => {
      try {
        await deliverReply(this.bot.api, this.codec, chatId, reply, parts);
        return { ok: true };
      } catch (err) {
        return sendFailure(err);
      }
    };
    void this.outbox
      .resume(send, this.o.log)
      .catch((err: unknown) =>
        this.o.log.warn({ channel: 'telegram', error: describeError(err) }, 'resuming replies failed'),
      );
  }

  /** One attempt to connect: getMe, the command menu, then long polling or the webhook. */
  private async connect(): Promise<void> {
    // getMe goes through the plain API: a start-up failure should be reported, not retried silently.
    this.bot.botInfo = await this.plainApi.getMe();
    // The menu comes from the command registry: the commands with a menu description.
    await this.bot.api.setMyCommands(this.o.assistant.commands.menu()).catch((err: unknown) => {
      this.o.log.warn({ channel: 'telegram', error: describeError(err) }, 'setMyCommands failed');
    });
    if (this.o.webhook) {
      await this.bot.api.setWebhook(this.o.webhook.url, { secret_token: this.o.webhook.secret });
    } else {
      await this.bot.api.deleteWebhook();
      if (this.stopped) return;
      this.runner = run(this.bot, { runner: { fetch: { timeout: this.o.pollTimeoutSeconds ?? 30 }, silent: true } });
    }
    this.o.log.info(
      { channel: 'telegram', mode: this.o.webhook ? 'webhook' : 'polling', bot: this.bot.botInfo.username },
      'telegram started',
    );
    this.resume();
    this.tracker.connected();
  }

  /** Connection state for `/healthz`. */
  health(): ChannelHealth {
    return this.tracker.get();
  }

  /**
   * Connects. When Telegram cannot be reached (network down, wrong API root),
   * it logs one line with the cause and keeps trying in the background with
   * growing pauses (up to a minute), so the other channels start anyway. A
   * wrong token stops trying.
   */
  async start(): Promise<void> {
    this.stopped = false;
    let delay = 5_000;
    const attempt = async (): Promise<void> => {
      try {
        await this.connect();
      } catch (err) {
        if (this.tracker.failed(err) === 'refused' || this.stopped) return;
        this.retryTimer = setTimeout(() => void attempt(), delay);
        delay = Math.min(delay * 2, 60_000);
      }
    };
    await attempt();
  }

  /**
   * Handles one update received by the webhook. Errors of the handlers go to
   * the same handler as in polling mode (logged, never thrown).
   */
  async handleUpdate(update: Parameters<Bot['handleUpdate']>[0]): Promise<void> {
    try {
      await this.bot.handleUpdate(update);
    } catch (err) {
      if (!(err instanceof BotError)) throw err;
      await this.bot.errorHandler(err);
    }
  }

  /** Sends outside a conversation. Errors are values; 429 is not slept on. */
  async send(chatId: string, reply: Reply, opts: SendOptions = {}): Promise<SendResult> {
    try {
      const messageId = await deliverReply(this.plainApi, this.codec, chatId, reply, opts.parts);
      return messageId ? { ok: true, messageId } : { ok: true };
    } catch (err) {
      return sendFailure(err);
    }
  }

  /** Sends a file (the loudspeaker audio) as a document. */
  async sendFile(chatId: string, file: OutgoingFile): Promise<SendResult> {
    try {
      return { ok: true, messageId: await deliverFile(this.plainApi, chatId, file) };
    } catch (err) {
      return sendFailure(err);
    }
  }

  /** Replaces the text of a sent message (broadcast progress). */
  async edit(chatId: string, messageId: string, reply: Reply): Promise<SendResult> {
    try {
      const [first] = renderHtml(reply);
      await this.plainApi.editMessageText(chatId, Number(messageId), first!, { parse_mode: 'HTML' });
      return { ok: true, messageId };
    } catch (err) {
      const f = sendFailure(err);
      // Telegram refuses an edit that changes nothing; that is not a failure.
      if (f.kind === 'invalid' && /not modified/i.test(f.description)) return { ok: true, messageId };
      return f;
    }
  }

  /**
   * Stops polling, then waits (up to `stopTimeoutMs`) for the updates being
   * handled, so a reply under way is still sent before the app closes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.outbox.stop();
    this.tracker.stop();
    if (this.runner?.isRunning()) await this.runner.stop();
    if (this.inFlight === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.onIdle = resolve;
      timer = setTimeout(() => {
        this.o.log.warn({ channel: 'telegram', inFlight: this.inFlight }, 'stopped with updates still being handled');
        resolve();
      }, this.o.stopTimeoutMs ?? 10_000);
    });
    clearTimeout(timer);
    this.onIdle = undefined;
  }
}
