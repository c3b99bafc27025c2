/**
 * Announcements on the OA: which message type reaches a follower.
 *
 * - Inside the 7-day window (or when the window is not known yet): `cs`.
 * - Outside it (or when Zalo answers -230/-232): a promotion message ("tin
 *   truyền thông") when `ZALO_OA_PROMOTION` is on, only 08:00–21:30 Vietnam
 *   time, within the OA's quota and Zalo's per-person limits (1 a day, 4 a
 *   month by default); else a transaction message when `ZALO_OA_TRANSACTION`
 *   is on; else nothing: the item is skipped as `window_closed` ("chờ người
 *   dân nhắn tin"), never retried in a loop.
 * - A follower who unfollowed the OA (`user_unfollow`) is not tried: skipped
 *   as `unfollowed` ("đã bỏ quan tâm OA") until they follow again.
 */
import type { Logger } from 'pino';
import type { ReachEstimate, Reply, SendResult } from '../../core/types.js';
import { renderChunks } from '../shared/turn.js';
import type { OaApi } from './api.js';
import { promotionWaitMs } from './errors.js';
import { type ArticleBroadcasts, articleBroadcastBody, OA_ARTICLE_PREFIX } from './article.js';
import { FREE_REPLY_MS, vnPeriods, type OaFollowers } from './followers.js';

/** Which message types announcements may use outside the window, and the per-person limits. */
export interface OaBroadcastPolicy {
  promotion: boolean;
  transaction: boolean;
  promotionDaily: number;
  promotionMonthly: number;
}

/** Longest text element of a promotion or transaction template (not documented precisely). */
export const TEMPLATE_TEXT_LIMIT = 1000;
const QUOTA_MAX_AGE_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

type Fail = Extract<SendResult, { ok: false }>;
const fail = (kind: Fail['kind'], reason: string, description: string, retryAfterMs?: number): Fail => ({
  ok: false,
  kind,
  reason,
  description,
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

/** The template message of an announcement: header (title) and text elements. */
export function templateBody(userId: string, reply: Reply, templateType: 'promotion' | 'transaction_event'): unknown {
  const { title, ...rest } = reply;
  const texts = renderChunks(rest, TEMPLATE_TEXT_LIMIT, { buttons: false });
  const elements = [
    ...(title ? [{ type: 'header', content: title.slice(0, 100), align: 'left' }] : []),
    ...texts.map((content) => ({ type: 'text', align: 'left', content })),
  ];
  return {
    recipient: { user_id: userId },
    message: { attachment: { type: 'template', payload: { template_type: templateType, language: 'VI', elements } } },
  };
}

/** Chooses the message type of each announcement and keeps the quota. */
export class OaBroadcaster {
  private quota: { remain: number; at: number } | null = null;
  private exhaustedUntil = 0;

  constructor(
    private readonly o: {
      api: OaApi;
      followers: OaFollowers;
      articles: ArticleBroadcasts;
      log: Logger;
      policy: OaBroadcastPolicy;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Sends an announcement to one follower; `sendCs` sends it as `cs` messages. */
  async send(userId: string, reply: Reply, sendCs: () => Promise<SendResult>): Promise<SendResult> {
    if (userId.startsWith(OA_ARTICLE_PREFIX)) return this.article(userId.slice(OA_ARTICLE_PREFIX.length));
    // Not tried at all: Zalo would refuse (-213), and the follower may follow again (then they get announcements).
    if (this.o.followers.unfollowed(userId)) return fail('unreachable', 'unfollowed', 'the follower unfollowed the OA');
    const w = this.o.followers.window(userId, this.now());
    if (w.state !== 'closed') {
      const r = await sendCs();
      if (r.ok || r.kind !== 'window_closed') return r;
      this.o.followers.recordWindowClosed(userId);
    }
    return this.outside(userId, reply);
  }

  /** Broadcasts an OA article to every follower (see article.ts), within Zalo's daily and monthly limits. */
  private async article(articleId: string): Promise<SendResult> {
    const now = this.now();
    const wait = promotionWaitMs(now);
    if (wait > 0) return fail('window_closed', 'night', 'broadcasts wait until 08:00', wait);
    const got = this.o.articles.count(now);
    if (got.today >= 1 || got.month >= this.o.policy.promotionMonthly)
      return fail('quota', 'promo_limit', 'OA broadcast limit reached (1 a day, the monthly limit)');
    const r = await this.post('/v2.0/oa/message', articleBroadcastBody(articleId));
    if (r.ok) this.o.articles.record(articleId, now);
    return r;
  }

  private async outside(userId: string, reply: Reply): Promise<SendResult> {
    const p = this.o.policy;
    if (p.promotion) {
      const r = await this.promotion(userId, reply);
      if (r.ok || !p.transaction || r.reason === 'night') return r;
    }
    if (p.transaction)
      return this.post('/v3.0/oa/message/transaction', templateBody(userId, reply, 'transaction_event'));
    return fail('window_closed', 'window_closed', 'outside the 7-day window and no other message type is allowed');
  }

  private async promotion(userId: string, reply: Reply): Promise<SendResult> {
    const { policy, followers } = this.o;
    const now = this.now();
    const got = followers.promotions(userId, now);
    if (got.today >= policy.promotionDaily || got.month >= policy.promotionMonthly) {
      return fail('quota', 'promo_limit', 'per-person promotion limit reached');
    }
    const wait = promotionWaitMs(now);
    if (wait > 0) return fail('window_closed', 'night', 'promotion messages wait until 08:00', wait);
    if (now < this.exhaustedUntil) return fail('quota', 'quota', 'OA quota exhausted');
    const remain = await this.remainingQuota();
    if (remain !== null && remain <= 0) {
      this.exhaustedUntil = vnPeriods(now).dayStart + DAY_MS;
      return fail('quota', 'quota', 'OA quota exhausted');
    }
    const r = await this.post('/v3.0/oa/message/promotion', templateBody(userId, reply, 'promotion'));
    if (r.ok) {
      followers.recordPromotion(userId, now);
      if (this.quota) this.quota.remain--;
    } else if (r.kind === 'quota') {
      this.exhaustedUntil = vnPeriods(now).dayStart + DAY_MS;
      return { ...r, reason: 'quota' };
    } else if (r.kind === 'window_closed' && r.retryAfterMs !== undefined) {
      return { ...r, reason: 'night' };
    }
    return r;
  }

  /** The OA's remaining quota, read at most every 10 minutes (null: unknown). */
  async remainingQuota(): Promise<number | null> {
    const now = this.now();
    if (this.quota && now - this.quota.at < QUOTA_MAX_AGE_MS) return this.quota.remain;
    const q = await this.o.api.quota();
    if (!q.ok) {
      this.o.log.warn({ channel: 'zalo-oa', kind: q.kind }, 'could not read the OA message quota');
      return null;
    }
    this.quota = { remain: q.remain, at: now };
    return q.remain;
  }

  private async post(path: string, body: unknown): Promise<SendResult> {
    const r = await this.o.api.post(path, body);
    if (!r.ok) return r;
    const id = r.data.message_id;
    return { ok: true, ...(typeof id === 'string' || typeof id === 'number' ? { messageId: String(id) } : {}) };
  }

  /** How a broadcast to these chats would go out now (staff preview). Reads the quota when needed. */
  async estimate(chats: readonly { chatId: string; isGroup: boolean }[]): Promise<ReachEstimate> {
    const { policy, followers } = this.o;
    const now = this.now();
    const est: ReachEstimate = {
      byType: {},
      waiting: 0,
      overLimit: 0,
      quotaCost: 0,
      quotaRemaining: null,
      monthlyLimit: policy.promotionMonthly,
      atLastOfMonth: 0,
    };
    const add = (t: string) => (est.byType[t] = (est.byType[t] ?? 0) + 1);
    const outside: string[] = [];
    for (const c of chats) {
      if (c.chatId.startsWith(OA_ARTICLE_PREFIX)) this.estimateArticle(est, now);
      else if (c.isGroup) add('group');
      else if (followers.unfollowed(c.chatId)) est.unfollowed = (est.unfollowed ?? 0) + 1;
      else {
        const w = followers.window(c.chatId, now);
        if (w.state === 'closed') outside.push(c.chatId);
        else {
          add('cs');
          if (w.state === 'open' && now - w.since >= FREE_REPLY_MS) est.quotaCost++;
        }
      }
    }
    if (outside.length === 0) return est;
    if (policy.promotion || policy.transaction) est.quotaRemaining = await this.remainingQuota();
    let budget = est.quotaRemaining ?? Number.POSITIVE_INFINITY;
    for (const id of outside) {
      const got = policy.promotion ? followers.promotions(id, now) : { today: 0, month: 0 };
      const limited = got.today >= policy.promotionDaily || got.month >= policy.promotionMonthly;
      if (policy.promotion && !limited && budget > 0) {
        add('promotion');
        if (got.month === policy.promotionMonthly - 1) est.atLastOfMonth!++;
      } else if (policy.transaction && budget > 0) add('transaction');
      else {
        if (policy.promotion && limited) est.overLimit++;
        else est.waiting++;
        continue;
      }
      est.quotaCost++;
      budget--;
    }
    return est;
  }

  /** The preview of an article broadcast: one broadcast, or none when Zalo's limit is reached; the last of the month is flagged. */
  private estimateArticle(est: ReachEstimate, now: number): void {
    const got = this.o.articles.count(now);
    const monthly = this.o.policy.promotionMonthly;
    if (got.today >= 1 || got.month >= monthly) {
      est.overLimit++;
      return;
    }
    est.byType.article = (est.byType.article ?? 0) + 1;
    if (got.month === monthly - 1) est.atLastOfMonth = (est.atLastOfMonth ?? 0) + 1;
  }
}
