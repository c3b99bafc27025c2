/**
 * A fake Zalo Bot Platform API on 127.0.0.1 (ephemeral port): every call is
 * `POST /bot<TOKEN>/<method>` with a JSON body, answered with
 * `{ok, result?, error_code?, description?}`. `getUpdates` holds the request
 * up to `timeout` seconds and returns one Update (or an array when asked),
 * or `error_code 408` when none arrived. Reusable: records calls, failures
 * can be scripted per method.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted failure. */
export type BotFailure = { errorCode: number; description?: string; http?: number } | { nonJson: true; http?: number };

/** One recorded call. */
export interface BotCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
  outcome: string;
}

/** The running fake. */
export interface FakeBotServer {
  url: string;
  token: string;
  calls: BotCall[];
  /** Successful sendMessage bodies. */
  sent(): { chat_id: string; text: string }[];
  /** Queues an update for the next getUpdates. */
  pushUpdate(update: unknown): void;
  /** Queues failures for the next calls of a method. */
  script(method: string, ...failures: BotFailure[]): void;
  /** Return getUpdates results as arrays (the disputed shape). */
  updatesAsArray: boolean;
  webhook: { url?: string; secret?: string };
  /** While true, sendMessage calls are recorded (outcome `held`) and never answered, like a process killed mid-send. */
  holdSends: boolean;
  /** Called right after each successful sendMessage answer. */
  onSent?: (body: { chat_id: string; text: string }) => void;
  close(): Promise<void>;
}

/** Builds a text Update as the platform sends it. */
export function botTextUpdate(p: {
  chatId?: string;
  userId?: string;
  text: string;
  messageId?: string;
  group?: boolean;
  name?: string;
}): Record<string, unknown> {
  const userId = p.userId ?? 'u-1001';
  return {
    event_name: 'message.text.received',
    message: {
      message_id: p.messageId ?? `m-${Math.random().toString(36).slice(2)}`,
      date: Date.now(),
      from: { id: userId, display_name: p.name ?? 'Người dân', is_bot: false },
      chat: { id: p.chatId ?? userId, chat_type: p.group ? 'GROUP' : 'PRIVATE' },
      text: p.text,
    },
  };
}

/** Starts the fake. */
export async function startFakeBotServer(opts: { token?: string } = {}): Promise<FakeBotServer> {
  const updates: unknown[] = [];
  const waiters: (() => void)[] = [];
  const scripts: { method: string; failure: BotFailure }[] = [];
  let seq = 0;
  const fake: FakeBotServer = {
    url: '',
    token: opts.token ?? '123456789:fake-bot-token',
    calls: [],
    sent: () =>
      fake.calls
        .filter((c) => c.method === 'sendMessage' && c.outcome === 'ok')
        .map((c) => c.body as { chat_id: string; text: string }),
    pushUpdate: (u) => {
      updates.push(u);
      for (const w of waiters.splice(0)) w();
    },
    script: (method, ...failures) => {
      for (const failure of failures) scripts.push({ method, failure });
    },
    updatesAsArray: false,
    webhook: {},
    holdSends: false,
    close: () =>
      new Promise((r) => {
        for (const w of waiters.splice(0)) w();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, call: BotCall, code: number, description: string, http = 200) => {
    call.outcome = `error-${code}`;
    send(res, http, { ok: false, error_code: code, description });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> = {};
    try {
      const raw = Buffer.concat(chunks).toString('utf8');
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    if (!m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const call: BotCall = { token: m[1]!, method: m[2]!, body, outcome: 'ok' };
    fake.calls.push(call);
    if (call.token !== fake.token) return fail(res, call, 401, 'Unauthorized', 401);
    const i = scripts.findIndex((s) => s.method === call.method);
    if (i >= 0) {
      const { failure } = scripts.splice(i, 1)[0]!;
      if ('nonJson' in failure) {
        call.outcome = 'non-json';
        res.writeHead(failure.http ?? 502, { 'content-type': 'text/html' });
        return void res.end('<html>Bad Gateway</html>');
      }
      return fail(res, call, failure.errorCode, failure.description ?? 'error', failure.http ?? 200);
    }
    switch (call.method) {
      case 'getMe':
        return send(res, 200, {
          ok: true,
          result: { id: '42', account_name: 'bot.TroLyXa', account_type: 'BASIC', can_join_groups: false },
        });
      case 'getUpdates': {
        if (fake.webhook.url) return fail(res, call, 409, 'Conflict: webhook is active');
        const timeoutS = Number(body.timeout ?? 30);
        if (updates.length === 0) {
          await new Promise<void>((r) => {
            const t = setTimeout(r, Math.max(0, timeoutS) * 1000);
            waiters.push(() => {
              clearTimeout(t);
              r();
            });
            req.socket.once('close', () => {
              clearTimeout(t);
              r();
            });
          });
        }
        const u = updates.shift();
        if (u === undefined) return fail(res, call, 408, 'Request timeout');
        return send(res, 200, { ok: true, result: fake.updatesAsArray ? [u] : u });
      }
      case 'sendMessage': {
        const text = body.text;
        if (body.chat_id === undefined || typeof text !== 'string' || text.length === 0)
          return fail(res, call, 400, 'Bad Request: chat_id and text are required');
        if (text.length > 2000) return fail(res, call, 400, 'Bad Request: text is too long');
        if (fake.holdSends) {
          call.outcome = 'held';
          return;
        }
        send(res, 200, {
          ok: true,
          result: { message_id: `sent-${++seq}`, date: Date.now(), chat: { id: body.chat_id } },
        });
        return fake.onSent?.(body as { chat_id: string; text: string });
      }
      case 'sendChatAction':
        return send(res, 200, { ok: true, result: true });
      case 'setWebhook': {
        const url = String(body.url ?? '');
        const secret = String(body.secret_token ?? '');
        if (!url.startsWith('https://')) return fail(res, call, 400, 'Bad Request: webhook url must be https');
        if (secret.length < 8 || secret.length > 256)
          return fail(res, call, 400, 'Bad Request: secret_token must be 8-256 characters');
        fake.webhook = { url, secret };
        return send(res, 200, { ok: true, result: { url, updated_at: Date.now() } });
      }
      case 'deleteWebhook':
        fake.webhook = {};
        return send(res, 200, { ok: true, result: { url: '', updated_at: Date.now() } });
      case 'getWebhookInfo':
        return send(res, 200, { ok: true, result: { url: fake.webhook.url ?? '', updated_at: Date.now() } });
      default:
        return fail(res, call, 404, 'Method not found');
    }
  }
  const server = createServer(
    (req, res) =>
      void handle(req, res).catch(() => send(res, 500, { ok: false, error_code: 500, description: 'fake failed' })),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
