/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the real wire format
 * (`POST /bot<token>/<method>` with JSON, answers `{ok:true,result}` or
 * `{ok:false,error_code,description,parameters}`), so the real grammY bot runs
 * against it unchanged through `apiRoot`.
 *
 * It queues updates for `getUpdates` (offset + long-poll timeout), records
 * every call, and injects faults: errors such as 429 with `retry_after`,
 * 403 "bot was blocked by the user" or 5xx, slow answers, and an optional
 * global limit of messages per second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded call. */
export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** HTTP status of the answer (200 for success). */
  status?: number;
}

/** A scripted failure for the next `times` calls of a method. */
export interface Fault {
  times: number;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
  delayMs?: number;
}

/** Options of the fake server. */
export interface FakeTelegramOptions {
  token?: string;
  botId?: number;
  botUsername?: string;
  /** Global cap on sendMessage calls per second; above it, 429 with retry_after 1. */
  messagesPerSecond?: number;
  /** Longest a getUpdates call waits for updates, whatever timeout it asks (ms). */
  maxLongPollMs?: number;
}

type Update = Record<string, unknown> & { update_id: number };

/** The fake server. */
export class FakeTelegramServer {
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;
  readonly calls: FakeCall[] = [];
  private readonly queue: Update[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly server: Server;
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private windowStart = 0;
  private windowCount = 0;
  /** Number of 429 answers given because of `messagesPerSecond`. */
  rateLimited = 0;
  /** Successful sendMessage calls, and when the first and the last arrived. */
  sentOk = 0;
  firstOkAt = 0;
  lastOkAt = 0;

  constructor(private readonly o: FakeTelegramOptions = {}) {
    this.token = o.token ?? '123456:TEST-token-abcdefghijklmnopqrstuvwxyz';
    this.botId = o.botId ?? 123456;
    this.botUsername = o.botUsername ?? 'tro_ly_xa_bot';
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Base URL to use as grammY's apiRoot / TELEGRAM_API_ROOT. */
  apiRoot = '';

  /** Starts listening on 127.0.0.1 (ephemeral port). */
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server and releases pending long polls. */
  async stop(): Promise<void> {
    for (const w of this.waiters) w();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Fails the next `fault.times` calls of `method`. */
  fail(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push(fault);
    this.faults.set(method, list);
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  push(update: Omit<Update, 'update_id'>): Update {
    const u = { update_id: this.nextUpdateId++, ...update } as Update;
    this.queue.push(u);
    for (const w of this.waiters) w();
    return u;
  }

  /** Builds (without queueing) a text message update. */
  textUpdate(text: string, from: { id: number; first_name?: string }, chat?: { id: number; type: string; title?: string }, extra: Record<string, unknown> = {}): Omit<Update, 'update_id'> {
    const c = chat ?? { id: from.id, type: 'private', first_name: from.first_name ?? 'Dân' };
    const entities: unknown[] = [];
    const cmd = /^\/\w+(@\w+)?/.exec(text);
    if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
    return {
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: c,
        from: { id: from.id, is_bot: false, first_name: from.first_name ?? 'Dân' },
        text,
        ...(entities.length ? { entities } : {}),
        ...extra,
      },
    };
  }

  /** Queues a text message. */
  sendText(text: string, from: { id: number; first_name?: string }, chat?: { id: number; type: string; title?: string }, extra: Record<string, unknown> = {}): Update {
    return this.push(this.textUpdate(text, from, chat, extra));
  }

  /** Queues a button press on a message the bot sent. */
  press(data: string, from: { id: number }, message: { message_id: number; chat: { id: number; type: string }; reply_markup?: unknown }): Update {
    return this.push({
      callback_query: {
        id: String(this.nextUpdateId * 1000),
        from: { id: from.id, is_bot: false, first_name: 'Dân' },
        chat_instance: '1',
        data,
        message: { ...message, date: Math.floor(Date.now() / 1000), from: { id: this.botId, is_bot: true, first_name: 'Bot' } },
      },
    });
  }

  /** Successful sendMessage calls per chat id. */
  deliveries(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.calls) {
      if (c.method === 'sendMessage' && c.status === 200) m.set(String(c.params.chat_id), (m.get(String(c.params.chat_id)) ?? 0) + 1);
    }
    return m;
  }

  /** Calls of one method. */
  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `predicate` holds (checked after every call), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting for the fake Telegram server');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async body(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(text));
  }

  private send(res: ServerResponse, status: number, payload: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!m) return this.send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return this.send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const params = await this.body(req);
    const call: FakeCall = { method, params, at: Date.now() };
    this.calls.push(call);
    const send = (status: number, payload: unknown) => {
      call.status = status;
      if (method === 'sendMessage' && status === 200) {
        this.sentOk++;
        this.lastOkAt = call.at;
        this.firstOkAt ||= call.at;
      }
      this.send(res, status, payload);
    };
    const fault = this.faults.get(method)?.[0];
    if (fault) {
      if (--fault.times <= 0) this.faults.get(method)!.shift();
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.errorCode) {
        return send(fault.errorCode, {
          ok: false,
          error_code: fault.errorCode,
          description: fault.description ?? 'Error',
          ...(fault.retryAfter !== undefined ? { parameters: { retry_after: fault.retryAfter } } : {}),
        });
      }
    }
    if (method === 'sendMessage' && this.o.messagesPerSecond) {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > this.o.messagesPerSecond) {
        this.rateLimited++;
        return send(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      }
    }
    const result = await this.result(method, params, req);
    if (result === undefined) return send(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    send(200, { ok: true, result });
  }

  private message(params: Record<string, unknown>): Record<string, unknown> {
    const chatId = Number(params.chat_id);
    return {
      message_id: params.message_id ?? this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      from: { id: this.botId, is_bot: true, first_name: 'Trợ lý xã', username: this.botUsername },
      text: params.text,
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
    };
  }

  private async result(method: string, params: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: this.botId, is_bot: true, first_name: 'Trợ lý xã', username: this.botUsername, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        while (this.queue.length > 0 && this.queue[0]!.update_id < offset) this.queue.shift();
        const limit = Math.min(100, Number(params.limit ?? 100));
        if (this.queue.length === 0 && Number(params.timeout ?? 0) > 0) {
          const wait = Math.min(Number(params.timeout) * 1000, this.o.maxLongPollMs ?? 500);
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(t);
              this.waiters.delete(done);
              resolve();
            };
            const t = setTimeout(done, wait);
            this.waiters.add(done);
            req.once('close', done);
          });
        }
        return this.queue.filter((u) => u.update_id >= offset).slice(0, limit);
      }
      case 'sendMessage':
      case 'editMessageText':
        return this.message(params);
      case 'editMessageReplyMarkup':
        return this.message({ ...params, text: '' });
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'sendChatAction':
        return true;
      default:
        return undefined;
    }
  }
}
