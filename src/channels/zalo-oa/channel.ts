/**
 * The Zalo Official Account channel: webhook events in, customer-service
 * ("cs") messages and GMF group messages out; announcements go as `cs`
 * inside the 7-day window, otherwise as the types allowed (broadcast.ts). Events are accepted once
 * (deduplicated in the database), answered 200 at once by the webhook, and
 * processed afterwards, in order per chat.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import type {
  Channel,
  ChannelHealth,
  IncomingMessage,
  ReachEstimate,
  Reply,
  SendOptions,
  SendResult,
} from '../../core/types.js';
import type { Db } from '../../storage/db.js';
import { HealthTracker, recordSendHealth } from '../shared/health.js';
import { markEventSeen, pruneSeenEvents } from '../shared/seen-events.js';
import { ReplyOutbox } from '../shared/outbox.js';
import { nonTextReply, renderChunks, runTurn, sendChunks } from '../shared/turn.js';
import { stripTrigger } from '../shared/addressing.js';
import type { OaApi } from './api.js';
import { OaBroadcaster, type OaBroadcastPolicy } from './broadcast.js';
import { ArticleBroadcasts } from './article.js';
import { OaFollowers } from './followers.js';
import type { OaTokenStore } from './token-store.js';
import { OA_GROUP_PREFIX, type OaEvent } from './events.js';

/** Text limit used for OA messages (not documented for cs; the Bot API uses 2,000). */
export const OA_TEXT_LIMIT = 2000;
/** At most this many buttons are sent as an OA button template; more become a numbered list. */
export const OA_MAX_BUTTONS = 5;

/** Options of {@link ZaloOaChannel}. */
export interface ZaloOaChannelOptions {
  assistant: Assistant;
  db: Db;
  log: Logger;
  api: OaApi;
  /** Group messages are answered only when they start with one of these. */
  groupTriggers: readonly string[];
  /** Message types announcements may use outside the 7-day window (default: none, only `cs`). */
  broadcast?: Partial<OaBroadcastPolicy>;
  now?: () => number;
  /** Checked every `tokenCheckMs` (default 1 minute): refreshes ahead of expiry, and a refresh that fails shows on `/healthz` at once. */
  tokens?: Pick<OaTokenStore, 'accessToken'>;
  tokenCheckMs?: number;
}

/** Default: outside the window nothing but `cs` is tried; Zalo's limits for a verified OA. */
export const DEFAULT_BROADCAST_POLICY: OaBroadcastPolicy = {
  promotion: false,
  transaction: false,
  promotionDaily: 1,
  promotionMonthly: 4,
};

/**
 * Zalo OA channel. Chat ids: the user id, or `group:<group_id>` for GMF groups.
 *
 * @example
 * ```ts
 * const oa = new ZaloOaChannel({ assistant, db, log, api, groupTriggers: ['@xa'] });
 * const reply = { kind: 'info' as const, sections: [{ text: 'Lịch tiêm chủng tháng này' }] };
 * const r = await oa.send('group:abc123', reply, { purpose: 'announcement' });
 * ```
 */
export class ZaloOaChannel implements Channel {
  readonly name = 'zalo-oa' as const;
  /** Zalo OA events arrive only on the webhook. */
  readonly usesHttp = true;
  private readonly lanes = new Map<string, Promise<void>>();
  /** Each follower's last inbound time and promotions received (database). */
  readonly followers: OaFollowers;
  private readonly broadcaster: OaBroadcaster;
  private readonly tracker: HealthTracker;
  private tokenTimer?: NodeJS.Timeout;
  private readonly outbox: ReplyOutbox;

  constructor(private readonly opts: ZaloOaChannelOptions) {
    const now = opts.now ?? Date.now;
    this.followers = new OaFollowers(opts.db, now);
    const policy = { ...DEFAULT_BROADCAST_POLICY, ...opts.broadcast };
    this.broadcaster = new OaBroadcaster({
      api: opts.api,
      followers: this.followers,
      articles: new ArticleBroadcasts(opts.db),
      log: opts.log,
      policy,
      now,
    });
    // Nothing to connect: up until a call fails (token refused or refresh failing, API unreachable).
    this.tracker = new HealthTracker(this.name, opts.log, Date.now, 'connected');
    this.outbox = new ReplyOutbox(opts.db, this.name);
  }

  /** Connection state for `/healthz`, from the outcome of the last API call. */
  health(): ChannelHealth {
    return this.tracker.get();
  }

  /** Nothing to connect (events arrive on the webhook); forgets event ids older than a week, checks the token. */
  async start(): Promise<void> {
    pruneSeenEvents(this.opts.db);
    // Completes replies a crash left half sent.
    await this.outbox.resume((chatId, reply, parts) => this.send(chatId, reply, { parts }), this.opts.log);
    const tokens = this.opts.tokens;
    if (!tokens) return;
    const check = async (): Promise<void> => {
      const t = await tokens.accessToken();
      if (!t.ok) recordSendHealth(this.tracker, { ok: false, kind: 'auth', description: t.description });
    };
    await check();
    this.tokenTimer = setInterval(() => void check(), this.opts.tokenCheckMs ?? 60_000);
    this.tokenTimer.unref();
  }

  /** Waits for accepted events to finish. */
  async stop(): Promise<void> {
    clearInterval(this.tokenTimer);
    this.outbox.stop();
    await this.idle();
  }

  /** Resolves when every accepted event has been processed. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  /**
   * Accepts a verified event: returns false for a duplicate (already seen),
   * otherwise schedules its processing after the current tick and returns true.
   */
  accept(event: OaEvent): boolean {
    if (event.type === 'ignored') return true;
    if (!markEventSeen(this.opts.db, this.name, event.eventId)) return false;
    // Unfollowing sends nothing: it only stops announcements until the next follow.
    if (event.type === 'unfollow') {
      this.followers.recordUnfollow(event.userId);
      return true;
    }
    // Any event of the follower in the 1-1 chat opens the 7-day window again (a group message does not).
    if (event.type === 'follow') this.followers.recordFollow(event.userId);
    else if (!event.isGroup) this.followers.recordInbound(event.userId);
    const lane = event.type === 'follow' ? event.userId : event.chatId;
    const prev = this.lanes.get(lane) ?? Promise.resolve();
    const next = prev
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => this.process(event))
      .catch((err: unknown) => this.opts.log.error({ channel: this.name, err }, 'OA event processing failed'))
      .finally(() => {
        if (this.lanes.get(lane) === next) this.lanes.delete(lane);
      });
    this.lanes.set(lane, next);
    return true;
  }

  private async process(event: Exclude<OaEvent, { type: 'ignored' | 'unfollow' }>): Promise<void> {
    const { assistant, db, log } = this.opts;
    const user = assistant.hashUser(this.name, event.userId);
    log.debug({ channel: this.name, user, event: event.type }, 'OA event');
    const deps = { assistant, db, log, outbox: this.outbox };
    if (event.type === 'follow') {
      const msg: IncomingMessage = {
        channel: this.name,
        userId: event.userId,
        chatId: event.userId,
        text: '/start',
        fromButton: true,
      };
      await runTurn(deps, msg, (r, parts) => this.send(event.userId, r, parts ? { parts } : {}));
      return;
    }
    if (event.type === 'non_text') {
      if (!event.isGroup) await this.send(event.chatId, nonTextReply());
      return;
    }
    let text = event.text;
    if (event.isGroup) {
      const q = stripTrigger(text, this.opts.groupTriggers);
      if (q === undefined) return;
      text = q.length > 0 ? q : '/help';
    }
    const msg: IncomingMessage = {
      channel: this.name,
      userId: event.userId,
      chatId: event.chatId,
      isGroup: event.isGroup,
      text,
      ...(event.fromButton ? { fromButton: true } : {}),
    };
    await runTurn(deps, msg, (r, parts) => this.send(event.chatId, r, parts ? { parts } : {}));
  }

  /**
   * Sends a reply to a user (cs message) or a GMF group (`group:<id>`). An
   * announcement to a user picks its message type by the user's window.
   */
  async send(chatId: string, reply: Reply, opts?: SendOptions): Promise<SendResult> {
    if (opts?.purpose === 'announcement' && !chatId.startsWith(OA_GROUP_PREFIX)) {
      return this.broadcaster.send(chatId, reply, () => this.sendCs(chatId, reply));
    }
    return this.sendCs(chatId, reply, opts?.parts);
  }

  /** How a broadcast to these chats would go out: `cs`, promotion, transaction, waiting; and the quota. */
  estimateReach(chats: readonly { chatId: string; isGroup: boolean }[]): Promise<ReachEstimate> {
    return this.broadcaster.estimate(chats);
  }

  private async sendCs(chatId: string, reply: Reply, parts?: SendOptions['parts']): Promise<SendResult> {
    if (chatId.startsWith(OA_GROUP_PREFIX)) {
      const groupId = chatId.slice(OA_GROUP_PREFIX.length);
      return sendChunks(
        renderChunks(reply, OA_TEXT_LIMIT),
        (text) => this.post('/v3.0/oa/group/message', { recipient: { group_id: groupId }, message: { text } }),
        parts,
      );
    }
    const buttons = reply.buttons ?? [];
    if (buttons.length > 0 && buttons.length <= OA_MAX_BUTTONS) {
      const chunks = renderChunks(reply, OA_TEXT_LIMIT, { buttons: false });
      const last = chunks.length - 1;
      const r = await sendChunks(
        chunks,
        (text, i) =>
          this.post('/v3.0/oa/message/cs', {
            recipient: { user_id: chatId },
            message: i === last ? { text, attachment: buttonTemplate(buttons) } : { text },
          }),
        parts,
      );
      if (r.ok || r.kind !== 'invalid') return r;
      // buttons rejected: send the last part again as text with a numbered list
      const plain = renderChunks(reply, OA_TEXT_LIMIT);
      return sendChunks(plain.slice(last), (text) =>
        this.post('/v3.0/oa/message/cs', { recipient: { user_id: chatId }, message: { text } }),
      );
    }
    return sendChunks(
      renderChunks(reply, OA_TEXT_LIMIT),
      (text) => this.post('/v3.0/oa/message/cs', { recipient: { user_id: chatId }, message: { text } }),
      parts,
    );
  }

  private async post(path: string, body: unknown): Promise<SendResult> {
    const r = await this.opts.api.post(path, body);
    recordSendHealth(this.tracker, r);
    if (!r.ok) return r;
    const id = r.data.message_id;
    return { ok: true, ...(typeof id === 'string' || typeof id === 'number' ? { messageId: String(id) } : {}) };
  }
}

/** The OA button template: each button sends its payload back as `user_click_button`. */
function buttonTemplate(buttons: readonly { label: string; payload: string }[]): unknown {
  return {
    type: 'template',
    payload: {
      template_type: 'button',
      buttons: buttons.map((b) => ({
        title: b.label.slice(0, 100),
        type: 'oa.query.hide',
        payload: b.payload.slice(0, 1000),
      })),
    },
  };
}
