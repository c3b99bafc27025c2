/**
 * Channel-neutral message and reply types.
 *
 * A channel adapter turns a platform update into an {@link IncomingMessage},
 * hands it to the assistant, and renders the {@link Reply} values it gets back.
 * Nothing in here knows about Telegram or Zalo.
 */

/** Names of the channels the assistant can speak on. */
export type ChannelName = 'console' | 'telegram' | 'zalo-oa' | 'zalo-bot' | 'zalo-personal' | 'web' | 'cli';

/** One message from a person, as the core sees it. */
export interface IncomingMessage {
  channel: ChannelName;
  /** Platform user id (raw; hashed before it is logged or stored with questions). */
  userId: string;
  /** Platform chat id: equal to userId in private chats, the group id in groups. */
  chatId: string;
  /** Whether the chat is a group (village group, Telegram group). */
  isGroup?: boolean;
  /** Display name, if the platform gives one. Personal data: never logged. */
  userName?: string;
  /** The text the person typed, or the payload of a button they pressed. */
  text: string;
  /** True when the text comes from a pressed button rather than typed input. */
  fromButton?: boolean;
}

/** A block of a reply: an optional heading, a paragraph and/or a list. */
export interface ReplySection {
  heading?: string;
  text?: string;
  items?: string[];
  ordered?: boolean;
}

/** A link shown under a reply. */
export interface ReplyLink {
  label: string;
  url: string;
}

/**
 * A button under a reply. Pressing it sends `payload` back to the assistant as
 * if the person had typed it (for example `/xem khai-sinh`).
 */
export interface ReplyButton {
  label: string;
  payload: string;
}

/** What kind of reply this is; channels and statistics use it. */
export type ReplyKind =
  | 'answer'
  | 'suggestions'
  | 'fallback'
  /** The topic is handled elsewhere: where to go instead. */
  | 'referral'
  | 'greeting'
  | 'help'
  | 'list'
  | 'info'
  | 'error'
  | 'refusal';

/** A structured reply that each channel renders in its own format. */
export interface Reply {
  kind: ReplyKind;
  title?: string;
  sections: ReplySection[];
  links?: ReplyLink[];
  buttons?: ReplyButton[];
  /** Small print: source and date of the facts. */
  footer?: string;
  /** The knowledge entry this reply answers with, if any. */
  entryId?: string;
  /** Row id of the recorded question, so channels can attach 👍/👎 feedback to it. */
  questionId?: number;
}

/** Why a send failed, in terms every channel can map its errors to. */
export type SendErrorKind =
  | 'auth'
  | 'window_closed'
  | 'quota'
  | 'rate_limited'
  | 'blocked'
  | 'unreachable'
  | 'network'
  | 'invalid';

/** Result of sending one message: errors are values, not exceptions. */
export type SendResult =
  | { ok: true; messageId?: string }
  | {
      ok: false;
      kind: SendErrorKind;
      description: string;
      /** `rate_limited`: pause the channel; `window_closed`: this recipient can be tried again after this long. */
      retryAfterMs?: number;
      /** A finer outcome code for reports (e.g. `promo_limit`); the kind when absent. */
      reason?: string;
    };

/** Hints for {@link Channel.send}; a channel may ignore them. */
export interface SendOptions {
  /** `announcement` for broadcasts (Zalo OA may choose another message type than for a reply). */
  purpose?: 'reply' | 'announcement';
  /** A promotional announcement: sent only in the channel's promotion hours (Zalo OA: 08:00–21:30). */
  promotional?: boolean;
  /** Part-by-part progress of a reply kept in the outbox (channels/shared/outbox.ts). */
  parts?: PartProgress;
}

/**
 * A reply sent part by part: the first `skip` parts went out before (a
 * restart resumes there); `sent(i)` is called once part `i` is delivered.
 */
export interface PartProgress {
  skip: number;
  sent(index: number): void;
}

/** A file sent to a chat (the loudspeaker audio a staff member asked for). */
export interface OutgoingFile {
  /** Path of the file on this machine. */
  path: string;
  /** The name the recipient sees, e.g. `loa-khai-sinh.wav`. */
  filename: string;
  /** One line under the file (at most 1,024 characters). */
  caption?: string;
}

/**
 * How a channel would deliver a broadcast to some of its chats, for the
 * staff preview (Zalo OA: which message type reaches whom, and the quota).
 */
export interface ReachEstimate {
  /** Recipients by message type, e.g. `{ cs: 10, promotion: 4, group: 1 }`. */
  byType: Record<string, number>;
  /** Recipients no allowed message type reaches now: they wait until they write. */
  waiting: number;
  /** Recipients left out because they reached the per-person limit (day or month). */
  overLimit: number;
  /** Messages that count against the channel's paid quota. */
  quotaCost: number;
  /** Remaining quota reported by the service (null: unknown). */
  quotaRemaining: number | null;
  /** The per-person monthly limit, when the channel has one. */
  monthlyLimit?: number;
  /** Recipients for whom this broadcast would be the last one allowed this month. */
  atLastOfMonth?: number;
  /** Recipients who left the channel (Zalo OA: unfollowed); skipped without trying until they come back. */
  unfollowed?: number;
}

/**
 * What every channel adapter offers the rest of the application (the port the
 * core and the announcement engine talk to; adapters implement it).
 */
export interface Channel {
  readonly name: ChannelName;
  /** True when it receives over the app's HTTP server (a webhook, the web chat), so the server must listen. */
  readonly usesHttp?: boolean;
  /** Connects (polling, listener) or registers webhooks. Resolves once running. */
  start(): Promise<void>;
  /** Sends one reply to a chat, outside of a conversation (broadcasts, ticket answers). */
  send(chatId: string, reply: Reply, opts?: SendOptions): Promise<SendResult>;
  /**
   * Optional: replaces the content of a message this channel sent earlier
   * (`messageId` from {@link SendResult}), e.g. a progress message updated in
   * place. Channels that cannot edit leave it out; callers then send anew.
   */
  edit?(chatId: string, messageId: string, reply: Reply): Promise<SendResult>;
  /**
   * Optional: sends a file (a document the recipient can download and play).
   * Channels whose platform cannot take the file leave it out; callers then
   * say where the file is instead.
   */
  sendFile?(chatId: string, file: OutgoingFile): Promise<SendResult>;
  /** Optional: how a broadcast to these chats would be delivered (staff preview). */
  estimateReach?(chats: readonly { chatId: string; isGroup: boolean }[], opts?: SendOptions): Promise<ReachEstimate>;
  /** Stops receiving and lets in-flight work finish. */
  stop(): Promise<void>;
  /**
   * Optional: whether the channel can talk to its platform right now (for
   * `/healthz`). Channels without it (web chat, console) are always up.
   */
  health?(): ChannelHealth;
}

/**
 * A channel's connection state: `connected`; `starting` (first attempt under
 * way); `reconnecting` (the platform cannot be reached, retrying); `refused`
 * (the platform refused the token: an operator must fix the configuration).
 */
export type ChannelState = 'starting' | 'connected' | 'reconnecting' | 'refused';

/** What {@link Channel.health} reports. */
export interface ChannelHealth {
  state: ChannelState;
  /** Epoch ms of the last change of state. */
  since: number;
  /** Why it is not connected, in a few words (`connection refused`, `DNS lookup failed`, `HTTP 401`). */
  cause?: string;
}
