/**
 * The personal-account channel through zca-js (unofficial; opt-in, for staff).
 * A supervisor logs in with the saved session, listens, and restarts the
 * listener with backoff when the connection drops; on "kicked" or "duplicate
 * login" it stops and alerts admins. Outgoing messages go through a throttled
 * queue with a daily cap.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import type { Channel, ChannelHealth, OutgoingFile, Reply, SendOptions, SendResult } from '../../core/types.js';
import type { Db } from '../../storage/db.js';
import { HealthTracker } from '../shared/health.js';
import { ReplyOutbox } from '../shared/outbox.js';
import { nonTextReply, renderChunks, runTurn, sendChunks } from '../shared/turn.js';
import { credentialsFromApi, loadCredentials, saveCredentials } from './credentials.js';
import { classifyInbound, PERSONAL_GROUP_PREFIX } from './inbound.js';
import { ThrottledSendQueue } from './send-queue.js';
import {
  CLOSE,
  THREAD_GROUP,
  THREAD_USER,
  type ZcaCredentials,
  type ZcaMessage,
  type ZcaSurface,
} from './zca-types.js';
import { classifyZcaError } from './errors.js';

/** Text limit per message (zca-js has none; long texts are split like the Bot API's). */
export const PERSONAL_TEXT_LIMIT = 2000;

/** Options of {@link ZaloPersonalChannel}. */
export interface ZaloPersonalOptions {
  assistant: Assistant;
  db: Db;
  log: Logger;
  /** Logs in with a saved session (the real one wraps `new Zalo().login`). */
  createApi: (creds: ZcaCredentials) => Promise<ZcaSurface>;
  /** Tells admins about a state that needs a person (re-login by QR). */
  alert: (text: string) => Promise<void>;
  minIntervalMs: number;
  dailyCap: number;
  jitterMs?: number;
  /** First restart delay (default 2 s), doubled up to `backoffMaxMs` (default 5 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
}

/** State of the supervised session. */
export type PersonalState = 'idle' | 'running' | 'restarting' | 'stopped';

/**
 * zca-js personal account channel. Chat ids: user id, or `group:<groupId>`.
 *
 * @example
 * ```ts
 * const personal = new ZaloPersonalChannel({
 *   assistant, db, log, createApi: loginWithZcaJs, alert: async (text) => log.warn(text),
 *   minIntervalMs: 3000, dailyCap: 500,
 * });
 * await personal.start(); // uses the session saved by `npm run zalo:login`
 * ```
 */
export class ZaloPersonalChannel implements Channel {
  readonly name = 'zalo-personal' as const;
  readonly queue: ThrottledSendQueue;
  state: PersonalState = 'idle';
  /** How many times the listener was (re)started. */
  starts = 0;
  private api?: ZcaSurface;
  private ownId = '';
  private failures = 0;
  private restartTimer?: NodeJS.Timeout;
  private readonly blockedThreads = new Set<string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly tracker: HealthTracker;
  private readonly outbox: ReplyOutbox;

  constructor(private readonly opts: ZaloPersonalOptions) {
    this.tracker = new HealthTracker(this.name, opts.log);
    this.outbox = new ReplyOutbox(opts.db, this.name);
    this.queue = new ThrottledSendQueue({
      db: opts.db,
      key: this.name,
      minIntervalMs: opts.minIntervalMs,
      dailyCap: opts.dailyCap,
      ...(opts.jitterMs !== undefined ? { jitterMs: opts.jitterMs } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
  }

  /** Connection state for `/healthz`. */
  health(): ChannelHealth {
    return this.tracker.get();
  }

  /** Logs in with the saved session and starts listening. Without a session it logs a hint and stays idle. */
  async start(): Promise<void> {
    if (!loadCredentials(this.opts.db)) {
      this.tracker.down('refused', 'no saved Zalo session (npm run zalo:login)');
      this.opts.log.warn(
        { channel: this.name },
        'no saved Zalo session: run `npm run zalo:login` and scan the QR code',
      );
      return;
    }
    await this.connect();
  }

  /** Stops listening, cancels restarts and waiting sends. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.outbox.stop();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.detach();
    this.queue.close();
    await Promise.allSettled([...this.inflight]);
  }

  private async connect(): Promise<void> {
    const creds = loadCredentials(this.opts.db);
    if (!creds || this.state === 'stopped') return;
    let api: ZcaSurface;
    try {
      api = await this.opts.createApi(creds);
    } catch (err) {
      this.opts.log.error(
        { channel: this.name, err: (err as Error).message },
        'Zalo login with the saved session failed',
      );
      return this.halt(
        'Đăng nhập Zalo cá nhân thất bại (phiên đã hết hạn). Cán bộ chạy `npm run zalo:login` và quét mã QR để đăng nhập lại.',
      );
    }
    this.api = api;
    this.ownId = String(api.getOwnId());
    api.listener.on('message', (m) => this.track(this.onMessage(m)));
    api.listener.on('connected', () => (this.failures = 0));
    api.listener.on('closed', (code) => this.onClosed(code));
    api.listener.on('error', (err) =>
      this.opts.log.warn({ channel: this.name, err: String((err as Error)?.message ?? err) }, 'listener error'),
    );
    api.listener.start({ retryOnClose: false });
    this.starts++;
    this.state = 'running';
    this.tracker.up();
    this.persist();
    this.opts.log.info({ channel: this.name }, 'Zalo personal listener started');
    // Replies a crash left half sent (once, at the first connection).
    this.track(this.outbox.resume((chatId, reply, parts) => this.send(chatId, reply, { parts }), this.opts.log));
  }

  private detach(): void {
    const api = this.api;
    this.api = undefined;
    if (!api) return;
    api.listener.removeAllListeners();
    try {
      api.listener.stop();
    } catch {
      // already stopped
    }
  }

  private onClosed(code: number): void {
    if (this.state === 'stopped') return;
    this.detach();
    if (code === CLOSE.kicked || code === CLOSE.duplicate) {
      this.opts.log.error({ channel: this.name, code }, 'Zalo session taken over elsewhere: stopped');
      void this.halt(
        code === CLOSE.kicked
          ? 'Tài khoản Zalo của trợ lý vừa đăng nhập ở nơi khác nên kênh Zalo cá nhân đã dừng. Hãy đóng Zalo Web/PC trên tài khoản này rồi chạy `npm run zalo:login` để đăng nhập lại.'
          : 'Tài khoản Zalo của trợ lý đang có một kết nối khác nên kênh Zalo cá nhân đã dừng. Hãy tắt phiên kia rồi khởi động lại trợ lý.',
      );
      return;
    }
    const base = this.opts.backoffBaseMs ?? 2000;
    const delay = Math.min(this.opts.backoffMaxMs ?? 300_000, base * 2 ** this.failures);
    this.failures++;
    this.state = 'restarting';
    this.tracker.down('reconnecting', `listener closed (code ${code})`);
    this.opts.log.warn({ channel: this.name, code, delayMs: delay }, 'Zalo listener closed: restarting');
    this.restartTimer = setTimeout(() => void this.track(this.connect()), delay);
  }

  private async halt(text: string): Promise<void> {
    this.state = 'stopped';
    this.tracker.down('refused', 'Zalo session ended: log in again (npm run zalo:login)');
    this.detach();
    try {
      await this.opts.alert(text);
    } catch (err) {
      this.opts.log.error({ channel: this.name, err: (err as Error).message }, 'admin alert failed');
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves when messages being handled are done (tests). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async onMessage(m: ZcaMessage): Promise<void> {
    const { assistant, db, log } = this.opts;
    const r = classifyInbound(m, this.ownId);
    if (r.action === 'skip') return;
    if (r.action === 'non_text') {
      await this.send(r.chatId, nonTextReply());
      return;
    }
    log.debug(
      { channel: this.name, user: assistant.hashUser(this.name, r.message.userId), group: r.message.isGroup },
      'Zalo personal message',
    );
    await runTurn({ assistant, db, log, outbox: this.outbox }, r.message, (reply, parts) =>
      this.send(r.message.chatId, reply, parts ? { parts } : {}),
    );
  }

  /** Sends a reply through the throttled queue (one queue slot per text part). */
  async send(chatId: string, reply: Reply, opts: SendOptions = {}): Promise<SendResult> {
    const isGroup = chatId.startsWith(PERSONAL_GROUP_PREFIX);
    const threadId = isGroup ? chatId.slice(PERSONAL_GROUP_PREFIX.length) : chatId;
    return sendChunks(
      renderChunks(reply, PERSONAL_TEXT_LIMIT),
      (text) =>
        this.queue.enqueue(async () => {
          if (this.blockedThreads.has(threadId))
            return { ok: false, kind: 'blocked', description: 'Zalo refused earlier messages to this chat' };
          const api = this.api;
          if (!api) return { ok: false, kind: 'unreachable', description: 'Zalo personal session is not connected' };
          try {
            const res = await api.sendMessage({ msg: text }, threadId, (isGroup ? THREAD_GROUP : THREAD_USER) as never);
            this.persist();
            return { ok: true, ...(res.message ? { messageId: String(res.message.msgId) } : {}) };
          } catch (err) {
            const r = classifyZcaError(err);
            if (r.blockThread) this.blockedThreads.add(threadId);
            this.opts.log.warn({ channel: this.name, kind: r.result.kind, code: r.code }, 'zca-js send failed');
            return r.result;
          }
        }),
      opts.parts,
    );
  }

  /** Sends a file as a Zalo attachment (zca-js uploads it), with the caption as its message. */
  async sendFile(chatId: string, file: OutgoingFile): Promise<SendResult> {
    const isGroup = chatId.startsWith(PERSONAL_GROUP_PREFIX);
    const threadId = isGroup ? chatId.slice(PERSONAL_GROUP_PREFIX.length) : chatId;
    return this.queue.enqueue(async () => {
      const api = this.api;
      if (!api) return { ok: false, kind: 'unreachable', description: 'Zalo personal session is not connected' };
      try {
        const res = await api.sendMessage(
          { msg: file.caption ?? file.filename, attachments: [file.path] },
          threadId,
          (isGroup ? THREAD_GROUP : THREAD_USER) as never,
        );
        return { ok: true, ...(res.message ? { messageId: String(res.message.msgId) } : {}) };
      } catch (err) {
        const r = classifyZcaError(err);
        this.opts.log.warn({ channel: this.name, kind: r.result.kind, code: r.code }, 'zca-js file send failed');
        return r.result;
      }
    });
  }

  /** Saves the session again when Zalo rotated its cookies. */
  private persist(): void {
    if (!this.api) return;
    const creds = credentialsFromApi(this.api);
    if (creds) saveCredentials(this.opts.db, creds);
  }
}
