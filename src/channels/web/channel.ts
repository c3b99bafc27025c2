/**
 * The web channel: conversations from the widget on the commune's portal and
 * the `/chat` page. Replies to a question go back in the HTTP response (see
 * routes.ts); {@link WebChannel.send}, used for what staff send later, puts
 * the message in the session's inbox, which the widget reads when it is open.
 */
import type { Channel, Reply, SendResult } from '../../core/types.js';
import type { WebInbox } from './inbox.js';

/**
 * Web chat through the assistant's HTTP server.
 *
 * @example
 * ```ts
 * const web = new WebChannel(new WebInbox(db));
 * await web.send(sessionId, { kind: 'info', sections: [{ text: 'Cán bộ đã trả lời bạn.' }] }); // waits for GET /api/chat/inbox
 * ```
 */
export class WebChannel implements Channel {
  readonly name = 'web' as const;
  readonly usesHttp = true;
  private sweeper?: NodeJS.Timeout;

  constructor(
    readonly inbox: WebInbox,
    private readonly now: () => number = Date.now,
  ) {}

  /** Routes are registered with the server; start only schedules the hourly sweep of expired messages. */
  async start(): Promise<void> {
    this.inbox.sweep(this.now());
    this.sweeper = setInterval(() => this.inbox.sweep(this.now()), 3600_000);
    this.sweeper.unref();
  }

  /** Queues the reply until the visitor's widget asks for it. */
  async send(chatId: string, reply: Reply): Promise<SendResult> {
    return { ok: true, messageId: String(this.inbox.put(chatId, reply, this.now())) };
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
  }
}
