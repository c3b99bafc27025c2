/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the real wire format
 * (`POST /bot<token>/<method>` with JSON or form data, answers `{ok:true,result}`
 * or `{ok:false,error_code,description,parameters}` with the matching HTTP
 * status), so the real grammY bot runs against it unchanged through `apiRoot`.
 *
 * - Updates are queued for `getUpdates` (offset confirms, `limit`, long-poll
 *   `timeout`; 409 when a webhook is set or another poll takes over), or,
 *   after setWebhook, POSTed to the webhook with its secret header until 2xx.
 * - Every call is recorded with its parameters, time, status and result.
 * - Sent messages are stored per chat, so edits return the real message and
 *   fail like Telegram's ("message to edit not found", "message is not modified").
 * - Texts are checked like Telegram does (HTML tags, 4,096 characters after
 *   parsing, callback data of 1–64 bytes).
 * - Faults can be scripted per method and optionally per chat: an error such as
 *   429 with `retry_after`, 403 "bot was blocked by the user", 5xx, and slow
 *   answers; plus an optional global cap of messages per second (429 above it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageStore, type FakeMessage, type UploadedFile } from './telegram-messages.js';
import { parseMultipart } from './multipart.js';
import { BadRequest, checkMarkup, checkText } from './telegram-validate.js';
import { UpdateQueue, type Update } from './telegram-updates.js';
import { WebhookPusher } from './telegram-webhook.js';

/** One recorded call. */
export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** HTTP status of the answer (200 for success). */
  status?: number;
  /** `result` of a successful answer. */
  result?: unknown;
}

/** A scripted failure for the next `times` matching calls of a method (`Infinity` for all). */
export interface Fault {
  times: number;
  /** Only calls for this chat match. */
  chatId?: number | string;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
  /** Answer after this delay (with the error, or normally when no errorCode). */
  delayMs?: number;
}

/** Options of the fake server. */
export interface FakeTelegramOptions {
  token?: string;
  botId?: number;
  botUsername?: string;
  /** Global cap on sent messages per second; above it, 429 with retry_after 1. */
  messagesPerSecond?: number;
  /** Longest a getUpdates call waits for updates, whatever timeout it asks (ms, default 500). */
  maxLongPollMs?: number;
}

export type { FakeMessage } from './telegram-messages.js';
type User = { id: number; first_name?: string };
type Chat = { id: number; type: string; title?: string };

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'copyMessage', 'forwardMessage']);

/** The fake server. */
export class FakeTelegramServer {
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;
  readonly calls: FakeCall[] = [];
  /** Base URL to use as grammY's apiRoot / TELEGRAM_API_ROOT (set by start()). */
  apiRoot = '';
  /** Webhook delivery: `webhook.target` redirects it, `webhook.deliveries` records it. */
  readonly webhook: WebhookPusher;
  /** Number of 429 answers given because of `messagesPerSecond`. */
  rateLimited = 0;
  /** Successful sendMessage calls, and when the first and the last arrived. */
  sentOk = 0;
  firstOkAt = 0;
  lastOkAt = 0;
  private readonly updateQueue: UpdateQueue;
  private readonly faults = new Map<string, Fault[]>();
  private readonly messages: MessageStore;
  private readonly server: Server;
  private windowStart = 0;
  private windowCount = 0;

  constructor(private readonly o: FakeTelegramOptions = {}) {
    this.token = o.token ?? '123456:TEST-token-abcdefghijklmnopqrstuvwxyz';
    this.botId = o.botId ?? 123456;
    this.botUsername = o.botUsername ?? 'tro_ly_xa_bot';
    this.updateQueue = new UpdateQueue(o.maxLongPollMs ?? 500);
    this.webhook = new WebhookPusher(this.updateQueue);
    this.messages = new MessageStore({ id: this.botId, username: this.botUsername });
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening on 127.0.0.1 (ephemeral port, or `port` to come back where it was after stop()). */
  async start(port = 0): Promise<this> {
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server and releases pending long polls. */
  async stop(): Promise<void> {
    this.updateQueue.releaseAll();
    this.webhook.stop();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Fails the next `fault.times` matching calls of `method`. */
  fail(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push({ ...fault });
    this.faults.set(method, list);
  }

  /** From now on, sending to this chat answers 403 "bot was blocked by the user". */
  block(chatId: number | string): void {
    for (const m of SENDS)
      this.fail(m, { times: Infinity, chatId, errorCode: 403, description: 'Forbidden: bot was blocked by the user' });
  }

  /** Removes all scripted faults. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  push(update: Omit<Update, 'update_id'>): Update {
    const u = this.updateQueue.push(update);
    this.webhook.kick();
    return u;
  }

  /** Builds (without queueing) a text message update; commands get their bot_command entity. */
  textUpdate(text: string, from: User, chat?: Chat, extra: Record<string, unknown> = {}): Omit<Update, 'update_id'> {
    const c = chat ?? { id: from.id, type: 'private', first_name: from.first_name ?? 'Dân' };
    const cmd = /^\/\w+(@\w+)?/.exec(text);
    return {
      message: {
        message_id: this.messages.nextId(),
        date: Math.floor(Date.now() / 1000),
        chat: c,
        from: { id: from.id, is_bot: false, first_name: from.first_name ?? 'Dân', language_code: 'vi' },
        text,
        ...(cmd ? { entities: [{ type: 'bot_command', offset: 0, length: cmd[0].length }] } : {}),
        ...extra,
      },
    };
  }

  /** Queues a text message from a user. */
  sendText(text: string, from: User, chat?: Chat, extra: Record<string, unknown> = {}): Update {
    return this.push(this.textUpdate(text, from, chat, extra));
  }

  /** Queues a button press on a message; a stored message is looked up by chat and id. */
  press(
    data: string,
    from: User,
    message: { message_id: number; chat: { id: number; type: string }; reply_markup?: unknown },
  ): Update {
    const stored = this.message(message.chat.id, message.message_id);
    const msg = stored ?? {
      ...message,
      date: Math.floor(Date.now() / 1000),
      from: { id: this.botId, is_bot: true, first_name: 'Bot' },
    };
    return this.push({
      callback_query: {
        id: String(this.updateQueue.nextUpdateId * 1000),
        from: { id: from.id, is_bot: false, first_name: from.first_name ?? 'Dân' },
        chat_instance: String(message.chat.id),
        data,
        message: msg,
      },
    });
  }

  /** A message the bot sent (as last edited), if any. */
  message(chatId: number | string, messageId: number): FakeMessage | undefined {
    return this.messages.get(chatId, messageId);
  }

  /** Messages the bot sent to a chat, oldest first, as last edited. */
  sentTo(chatId: number | string): FakeMessage[] {
    return this.messages.inChat(chatId);
  }

  /** Files the bot uploaded (sendDocument), oldest first, optionally to one chat. */
  uploads(chatId?: number | string): ReturnType<MessageStore['uploads']> {
    return this.messages.uploads(chatId);
  }

  /** Successful sendMessage calls per chat id. */
  deliveries(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.calls) {
      if (c.method === 'sendMessage' && c.status === 200)
        m.set(String(c.params.chat_id), (m.get(String(c.params.chat_id)) ?? 0) + 1);
    }
    return m;
  }

  /** Calls of one method. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `predicate` holds (checked every 10 ms), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting for the fake Telegram server');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async body(req: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const type = req.headers['content-type'] ?? '';
    if (raw.length === 0) return {};
    if (type.includes('multipart/form-data')) return multipartParams(raw, type);
    const text = raw.toString('utf8');
    if (type.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
    return jsonFields(Object.fromEntries(new URLSearchParams(text)));
  }

  private takeFault(method: string, params: Record<string, unknown>): Fault | undefined {
    const list = this.faults.get(method);
    const i = list?.findIndex((f) => f.chatId === undefined || String(f.chatId) === String(params.chat_id)) ?? -1;
    if (!list || i < 0) return undefined;
    const fault = list[i]!;
    if (--fault.times <= 0) list.splice(i, 1);
    return fault;
  }

  private overRate(method: string): boolean {
    if (!SENDS.has(method) || !this.o.messagesPerSecond) return false;
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    return ++this.windowCount > this.o.messagesPerSecond;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, payload: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const m = /^\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0]!);
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    let params: Record<string, unknown>;
    try {
      params = await this.body(req);
    } catch {
      return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
    }
    const call: FakeCall = { method, params, at: Date.now() };
    this.calls.push(call);
    const fail = (code: number, description: string, retryAfter?: number) => {
      call.status = code;
      reply(code, {
        ok: false,
        error_code: code,
        description,
        ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
      });
    };
    const fault = this.takeFault(method, params);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.errorCode) return fail(fault.errorCode, fault.description ?? 'Error', fault.retryAfter);
    if (this.overRate(method)) {
      this.rateLimited++;
      return fail(429, 'Too Many Requests: retry after 1', 1);
    }
    let result: unknown;
    try {
      result = await this.result(method, params, req);
    } catch (err) {
      if (err instanceof BadRequest) return fail(err.description.startsWith('Conflict') ? 409 : 400, err.description);
      throw err;
    }
    if (result === undefined) return fail(404, 'Not Found');
    call.status = 200;
    call.result = result;
    if (method === 'sendMessage') {
      this.sentOk++;
      this.lastOkAt = call.at;
      this.firstOkAt ||= call.at;
    }
    reply(200, { ok: true, result });
  }

  private async updates(params: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    if (this.webhook.active)
      throw new BadRequest(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    return this.updateQueue.take(
      Number(params.offset ?? 0),
      Number(params.limit ?? 100),
      Number(params.timeout ?? 0),
      (fn) => req.once('close', fn),
    );
  }

  private async result(method: string, params: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return {
          id: this.botId,
          is_bot: true,
          first_name: 'Trợ lý xã',
          username: this.botUsername,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'getUpdates':
        return this.updates(params, req);
      case 'sendMessage': {
        const text = checkText(params);
        checkMarkup(params.reply_markup);
        return this.messages.add(params, text);
      }
      case 'sendDocument':
        return this.messages.addDocument(params);
      case 'editMessageText': {
        const text = checkText(params);
        checkMarkup(params.reply_markup);
        return this.messages.edit(params, text);
      }
      case 'editMessageReplyMarkup':
        checkMarkup(params.reply_markup);
        return this.messages.edit(params);
      case 'answerCallbackQuery':
        if (typeof params.text === 'string' && Array.from(params.text).length > 200)
          throw new BadRequest('Bad Request: MESSAGE_TOO_LONG');
        return true;
      case 'setWebhook':
        if (params.url)
          this.webhook.set(
            String(params.url),
            params.secret_token === undefined ? undefined : String(params.secret_token),
          );
        else this.webhook.clear();
        return true;
      case 'deleteWebhook':
        this.webhook.clear();
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook.url, has_custom_certificate: false, pending_update_count: this.updateQueue.pending };
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return true;
      default:
        return undefined;
    }
  }
}

/** Form fields whose value is JSON (reply_markup, entities) parsed, as the Bot API does. */
function jsonFields(form: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && /^[[{]/.test(v)) form[k] = JSON.parse(v);
  return form;
}

/**
 * A multipart upload (grammY's InputFile) as parameters: text fields as
 * strings, files as {@link UploadedFile}, and an `attach://<name>` field
 * replaced by the file it names, as the Bot API resolves it.
 */
function multipartParams(raw: Buffer, type: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const part of parseMultipart(raw, type)) {
    if (part.filename === undefined) params[part.name] = part.data.toString('utf8');
    else files.set(part.name, { filename: part.filename, bytes: Buffer.from(part.data) });
  }
  for (const [k, v] of Object.entries(params))
    if (typeof v === 'string' && v.startsWith('attach://')) params[k] = files.get(v.slice(9)) ?? v;
  for (const [name, file] of files) if (!(name in params)) params[name] = file;
  return jsonFields(params);
}

/**
 * Starts a fake server for a benchmark or a script; `stop()` it when done.
 * Example: `const tg = await startFakeTelegram({ messagesPerSecond: 30 }); … TELEGRAM_API_ROOT=tg.apiRoot`.
 */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegramServer> {
  return new FakeTelegramServer(options).start();
}
