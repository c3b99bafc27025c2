/**
 * What the OA channel remembers about each follower for broadcasts: when
 * they last wrote (the 7-day `cs` window), whether Zalo said the window was
 * closed, whether they unfollowed the OA (`user_unfollow`, until they follow
 * again), and the promotion messages they got (per-person day and month
 * limits). Stored in the database, so it survives restarts.
 */
import type { Db } from '../../storage/db.js';

/** Zalo accepts `cs` messages up to 7 days after the follower's last interaction. */
export const CS_WINDOW_MS = 7 * 24 * 3600_000;
/** Replies within 48 hours of the follower's last message are free (8 of them). */
export const FREE_REPLY_MS = 48 * 3600_000;
/** Vietnam is UTC+7 all year (no daylight saving time). */
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The window of one follower. */
export type WindowState = { state: 'open'; since: number } | { state: 'closed' } | { state: 'unknown' };

/** Start of the Vietnam-time day and month containing `t` (epoch ms). */
export function vnPeriods(t: number): { dayStart: number; monthStart: number } {
  const local = t + VN_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS - VN_OFFSET_MS;
  const d = new Date(local);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - VN_OFFSET_MS;
  return { dayStart, monthStart };
}

/** Follower records of the OA channel. */
export class OaFollowers {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The follower wrote, followed or pressed a button: the window opens again. */
  recordInbound(userId: string, at = this.now()): void {
    this.db
      .prepare(
        `INSERT INTO zalo_oa_followers (user_id, last_inbound_at, window_closed_at, updated_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (user_id) DO UPDATE SET last_inbound_at = MAX(COALESCE(zalo_oa_followers.last_inbound_at, 0), excluded.last_inbound_at),
           window_closed_at = NULL, updated_at = excluded.updated_at`,
      )
      .run(userId, at, this.now());
  }

  /** A `follow` event: the window opens again and a former unfollow is forgotten (announcements reach them again). */
  recordFollow(userId: string, at = this.now()): void {
    this.recordInbound(userId, at);
    this.db.prepare('UPDATE zalo_oa_followers SET unfollowed_at = NULL WHERE user_id = ?').run(userId);
  }

  /** A `user_unfollow` event: announcements skip the follower until they follow again. */
  recordUnfollow(userId: string): void {
    const t = this.now();
    this.db
      .prepare(
        `INSERT INTO zalo_oa_followers (user_id, last_inbound_at, window_closed_at, updated_at, unfollowed_at)
         VALUES (?, NULL, NULL, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET unfollowed_at = excluded.unfollowed_at, updated_at = excluded.updated_at`,
      )
      .run(userId, t, t);
  }

  /** True when the follower's last follow event is older than an unfollow. */
  unfollowed(userId: string): boolean {
    const r = this.db.prepare('SELECT unfollowed_at FROM zalo_oa_followers WHERE user_id = ?').get(userId) as
      | { unfollowed_at: number | null }
      | undefined;
    return r?.unfollowed_at != null;
  }

  /** Zalo refused a `cs` message (-230/-232): remember it until the follower writes again. */
  recordWindowClosed(userId: string): void {
    const t = this.now();
    this.db
      .prepare(
        `INSERT INTO zalo_oa_followers (user_id, last_inbound_at, window_closed_at, updated_at) VALUES (?, NULL, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET window_closed_at = excluded.window_closed_at, updated_at = excluded.updated_at`,
      )
      .run(userId, t, t);
  }

  /** The follower's `cs` window now. Unknown: no record (e.g. subscribed before tracking began). */
  window(userId: string, now = this.now()): WindowState {
    const r = this.db
      .prepare('SELECT last_inbound_at, window_closed_at FROM zalo_oa_followers WHERE user_id = ?')
      .get(userId) as { last_inbound_at: number | null; window_closed_at: number | null } | undefined;
    if (!r) return { state: 'unknown' };
    if (r.window_closed_at !== null) return { state: 'closed' };
    if (r.last_inbound_at === null) return { state: 'unknown' };
    return now - r.last_inbound_at < CS_WINDOW_MS ? { state: 'open', since: r.last_inbound_at } : { state: 'closed' };
  }

  /** Promotion messages the follower got today and this month (Vietnam time). */
  promotions(userId: string, now = this.now()): { today: number; month: number } {
    const { dayStart, monthStart } = vnPeriods(now);
    const r = this.db
      .prepare(
        `SELECT SUM(CASE WHEN sent_at >= ? THEN 1 ELSE 0 END) AS today, COUNT(*) AS month
         FROM zalo_oa_promotions WHERE user_id = ? AND sent_at >= ?`,
      )
      .get(dayStart, userId, monthStart) as { today: number | null; month: number };
    return { today: r.today ?? 0, month: r.month };
  }

  /** Records a promotion message sent to the follower; forgets those older than two months. */
  recordPromotion(userId: string, at = this.now()): void {
    this.db.prepare('INSERT INTO zalo_oa_promotions (user_id, sent_at) VALUES (?, ?)').run(userId, at);
    this.db.prepare('DELETE FROM zalo_oa_promotions WHERE user_id = ? AND sent_at < ?').run(userId, at - 62 * DAY_MS);
  }
}
