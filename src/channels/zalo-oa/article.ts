/**
 * An OA-wide notice as Zalo's broadcast of an OA article to followers
 * (research §1.5: `POST /v2.0/oa/message`, template `media` with one element
 * `{ media_type: 'article', attachment_id }`; Zalo broadcasts articles only).
 *
 * The article itself is written and published in the OA manager (its id is
 * the `attachment_id`); the assistant only broadcasts it. Zalo's limits for
 * a verified OA (research §1.6): at most 1 broadcast a day and 4 a month per
 * follower. Every broadcast goes to all followers, so the OA-wide count is
 * the per-follower count: a second one on the same Vietnam day, or one past
 * `ZALO_OA_PROMOTION_MONTHLY` in the month, is not sent (`promo_limit`). The
 * worker sends it only between 08:00 and 21:30 (the job is promotional).
 *
 * Not verified with Zalo: sending `recipient.target` empty to mean "all
 * followers" (the SDK example only shows filters: ages, gender, cities), and
 * which error a broadcast over the limit gets.
 */
import type { Db, Migration } from '../../storage/db.js';
import { vnPeriods } from './followers.js';

/** Chat id of the one outbox row of an article broadcast: `article:<attachment id>`. */
export const OA_ARTICLE_PREFIX = 'article:';

/** Migration of the broadcast log (registered with the other OA migrations). */
export const articleMigration: Migration = {
  id: 'zalo-oa/003-article-broadcasts',
  up: `CREATE TABLE zalo_oa_article_broadcasts (
    article_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL
  );
  CREATE INDEX zalo_oa_article_broadcasts_sent ON zalo_oa_article_broadcasts (sent_at);`,
};

/** The request body of the broadcast of one article to every follower. */
export function articleBroadcastBody(articleId: string): unknown {
  return {
    recipient: { target: {} },
    message: {
      attachment: {
        type: 'template',
        payload: { template_type: 'media', elements: [{ media_type: 'article', attachment_id: articleId }] },
      },
    },
  };
}

/** The OA's article broadcasts: how many today and this month (Vietnam time), and recording one. */
export class ArticleBroadcasts {
  constructor(private readonly db: Db) {}

  count(now: number): { today: number; month: number } {
    const { dayStart, monthStart } = vnPeriods(now);
    const r = this.db
      .prepare(
        `SELECT SUM(CASE WHEN sent_at >= ? THEN 1 ELSE 0 END) AS today, COUNT(*) AS month
         FROM zalo_oa_article_broadcasts WHERE sent_at >= ?`,
      )
      .get(dayStart, monthStart) as { today: number | null; month: number };
    return { today: r.today ?? 0, month: r.month };
  }

  record(articleId: string, at: number): void {
    this.db.prepare('INSERT INTO zalo_oa_article_broadcasts (article_id, sent_at) VALUES (?, ?)').run(articleId, at);
  }
}
