/**
 * The channel-neutral assistant: a chain of middleware, grammY-style.
 *
 * Each incoming message runs through the middleware in the order they were
 * added with {@link Assistant.use}; a middleware either answers (calls
 * `ctx.reply`) or passes on with `next()`. The built-in question answering
 * (greetings, help, procedures, hotlines, articles, suggestions, fallback)
 * runs last, after the registered commands ({@link Assistant.commands}).
 * Plugins such as announcements and feedback tickets register their
 * commands there, and their multi-step flows as middleware, without the core
 * knowing about them.
 */
import type { Logger } from 'pino';
import type { Db } from '../storage/db.js';
import { hashUserId } from '../log/index.js';
import type { KnowledgeStore } from '../knowledge/store.js';
import type { IncomingMessage, Reply } from './types.js';
import { Sessions, type Session } from './session.js';
import { answerQuestion } from './answer.js';
import { sanitizeInput } from './input.js';
import { errorReply } from './replies.js';
import { atMoment, DEFAULT_STALE_DAYS } from './freshness.js';
import { CommandRegistry } from './commands/registry.js';
import { commandDispatch } from './commands/dispatch.js';
import { registerCoreCommands } from './core-commands.js';
import { questionAskedBy, questionExists, recordAnswerFeedback } from '../storage/core.js';

/**
 * Who a person is to the assistant. An `approver` (leadership) can do all a
 * staff member can and also approve announcements before they are published.
 */
export type Role = 'admin' | 'approver' | 'staff' | 'resident';

/** Decides roles; the default reads the ADMIN_IDS / STAFF_IDS lists. */
export interface RoleResolver {
  roleOf(channel: string, userId: string): Role;
  /** Everyone holding a role above resident now (for "who can approve"); optional. */
  holders?(): readonly { channel: string; userId: string; role: Role }[];
}

/** Everything a middleware sees about one incoming message. */
export interface TurnContext {
  readonly message: IncomingMessage;
  /** The message text after input sanitising (NFC, control characters removed, length cut). */
  readonly text: string;
  readonly userHash: string;
  readonly role: Role;
  readonly knowledge: KnowledgeStore;
  readonly db: Db;
  readonly log: Logger;
  /** Per chat and user conversation state, persisted in the database. */
  readonly session: Session;
  readonly replies: Reply[];
  /** Adds a reply to send back. */
  reply(r: Reply): void;
  /** The assistant itself, for plugins that need its services. */
  readonly assistant: Assistant;
  /**
   * Set by the built-in answering when a question went to a referral or to
   * the commune's people instead of the search's answer; middleware read it
   * after `await next()` (a request for a person can then start a handoff).
   */
  route?: { kind: 'referral' | 'person'; entryId?: string };
}

/**
 * A step in the chain. Call `next()` to let later middleware handle the message.
 *
 * @example
 * ```ts
 * const timing: Middleware = async (ctx, next) => {
 *   const started = Date.now();
 *   await next(); // later middleware, then the built-in answering
 *   ctx.log.debug({ ms: Date.now() - started, replies: ctx.replies.length }, 'turn');
 * };
 * assistant.useFirst(timing);
 * ```
 */
export type Middleware = (ctx: TurnContext, next: () => Promise<void>) => Promise<void> | void;

/** A 👍/👎 on an answer, for {@link Assistant.recordFeedback}. */
export interface FeedbackVote {
  channel: IncomingMessage['channel'];
  /** Platform user id (hashed before it is stored). */
  userId: string;
  questionId: number;
  helpful: boolean;
  /** Only the person who asked may vote. */
  onlyAsker?: boolean;
}

/** Dependencies of the {@link Assistant}. */
export interface AssistantOptions {
  knowledge: KnowledgeStore;
  db: Db;
  logger: Logger;
  salt: string;
  roles: RoleResolver;
  /** Clock, injectable for tests. */
  now?: () => number;
  /** Answers of entries checked longer ago than this many days say the facts may have changed (`KNOWLEDGE_STALE_DAYS`). */
  staleDays?: number;
}

/**
 * The assistant core. One instance serves every channel.
 *
 * @example
 * ```ts
 * const assistant = new Assistant({ knowledge, db, logger, salt, roles });
 * assistant.use(async (ctx, next) => {
 *   if (ctx.text === 'ping') return ctx.reply({ kind: 'answer', sections: [{ text: 'pong' }] });
 *   await next();
 * });
 * const replies = await assistant.handle({ channel: 'console', userId: 'u1', chatId: 'u1', text: 'Làm giấy khai sinh' });
 * ```
 */
export class Assistant {
  readonly knowledge: KnowledgeStore;
  readonly db: Db;
  readonly log: Logger;
  readonly roles: RoleResolver;
  readonly sessions: Sessions;
  readonly now: () => number;
  readonly staleDays: number;
  /** Every chat command of every part (core/commands/registry.ts); dispatched in front of question answering. */
  readonly commands = new CommandRegistry();
  private readonly dispatch = commandDispatch(this.commands);
  private readonly salt: string;
  private readonly chain: Middleware[] = [];
  private readonly liveChecks: ((channel: string, chatId: string) => boolean)[] = [];

  constructor(opts: AssistantOptions) {
    this.knowledge = opts.knowledge;
    this.db = opts.db;
    this.log = opts.logger;
    this.salt = opts.salt;
    this.roles = opts.roles;
    this.now = opts.now ?? Date.now;
    this.staleDays = opts.staleDays ?? DEFAULT_STALE_DAYS;
    this.sessions = new Sessions(opts.db, this.now);
    registerCoreCommands(this.commands);
  }

  /**
   * Records a person's 👍/👎 on an answer (the `questionId` of its reply),
   * once per person and answer, for every channel. `onlyAsker`: only the
   * person who asked may vote (the web chat, where ids come from the page).
   *
   * @example
   * ```ts
   * const r = assistant.recordFeedback({ channel: 'telegram', userId: '42', questionId: 7, helpful: true });
   * // 'recorded', 'repeated' (voted before) or 'refused' (unknown question, or not theirs with onlyAsker)
   * ```
   */
  recordFeedback(vote: FeedbackVote): 'recorded' | 'repeated' | 'refused' {
    const user = this.hashUser(vote.channel, vote.userId);
    if (vote.onlyAsker && !questionAskedBy(this.db, vote.questionId, user)) return 'refused';
    if (!questionExists(this.db, vote.questionId)) return 'refused';
    const fresh = recordAnswerFeedback(this.db, vote.questionId, user, vote.helpful, this.now());
    this.log.info({ channel: vote.channel, user, helpful: vote.helpful, fresh }, 'answer feedback');
    return fresh ? 'recorded' : 'repeated';
  }

  /**
   * Registers a check that tells whether a person (a staff member) is in a
   * conversation right now. Parts that hand conversations to people register
   * one; channels that cannot push (the web) ask {@link Assistant.isLive} to
   * fetch waiting messages more often.
   */
  onLive(check: (channel: string, chatId: string) => boolean): this {
    this.liveChecks.push(check);
    return this;
  }

  /** Whether a registered check says a person is in this conversation. */
  isLive(channel: string, chatId: string): boolean {
    return this.liveChecks.some((c) => c(channel, chatId));
  }

  /** Adds middleware in front of the built-in question answering. */
  use(...mw: Middleware[]): this {
    this.chain.push(...mw);
    return this;
  }

  /**
   * Adds middleware in front of every other middleware: for a part that can
   * take over a whole conversation (a live handoff to staff), so no command
   * or intake of another part answers in its place.
   */
  useFirst(...mw: Middleware[]): this {
    this.chain.unshift(...mw);
    return this;
  }

  /** Hashes a platform user id the way logs and statistics store it. */
  hashUser(channel: string, userId: string): string {
    return hashUserId(this.salt, channel, userId);
  }

  /**
   * Handles one message and returns the replies to send, in order.
   * Never throws: an internal error becomes a short apology, logged with its stack.
   */
  async handle(message: IncomingMessage): Promise<Reply[]> {
    const started = performance.now();
    const userHash = this.hashUser(message.channel, message.userId);
    const log = this.log.child({ channel: message.channel, user: userHash });
    const replies: Reply[] = [];
    try {
      const session = this.sessions.open(message.channel, message.chatId, message.userId);
      const ctx: TurnContext = {
        message,
        text: sanitizeInput(message.text),
        userHash,
        role: this.roles.roleOf(message.channel, message.userId),
        knowledge: this.knowledge,
        db: this.db,
        log,
        session,
        replies,
        reply: (r) => void replies.push(r),
        assistant: this,
      };
      const stack = [...this.chain, this.dispatch, answerQuestion];
      const run = async (i: number): Promise<void> => {
        const mw = stack[i];
        if (mw) await mw(ctx, () => run(i + 1));
      };
      // Answers are given as of this turn's clock (see freshness.ts).
      await atMoment({ now: this.now(), staleDays: this.staleDays }, () => run(0));
      session.save();
    } catch (err) {
      log.error({ err }, 'error while handling a message');
      replies.length = 0;
      replies.push(errorReply());
    }
    log.debug({ ms: Math.round((performance.now() - started) * 100) / 100, replies: replies.length }, 'handled');
    return replies;
  }
}

/** Role resolver over fixed `channel:id` lists (from ADMIN_IDS, STAFF_IDS and APPROVER_IDS). */
export function staticRoles(
  admins: readonly string[],
  staff: readonly string[],
  approvers: readonly string[] = [],
): RoleResolver {
  const a = new Set(admins);
  const s = new Set(staff);
  const d = new Set(approvers);
  return {
    roleOf(channel, userId) {
      const key = `${channel}:${userId}`;
      if (a.has(key)) return 'admin';
      if (d.has(key)) return 'approver';
      if (s.has(key)) return 'staff';
      return 'resident';
    },
  };
}
