/**
 * Database tables of the Zalo OA channel's broadcast path: each follower's
 * last inbound time (the 7-day consultation window), whether they unfollowed
 * the OA, and the promotion messages sent to each follower (Zalo's
 * per-person day and month limits).
 */
import type { Migration } from '../../storage/db.js';
import { articleMigration } from './article.js';

/** Migrations of the Zalo OA channel, registered in src/app/migrations.ts. */
export const zaloOaMigrations: Migration[] = [
  {
    id: 'zalo-oa/001-followers',
    up: `CREATE TABLE zalo_oa_followers (
      user_id TEXT PRIMARY KEY,
      last_inbound_at INTEGER,
      window_closed_at INTEGER,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE zalo_oa_promotions (
      user_id TEXT NOT NULL,
      sent_at INTEGER NOT NULL
    );
    CREATE INDEX zalo_oa_promotions_user ON zalo_oa_promotions (user_id, sent_at);`,
  },
  {
    // Set by a `user_unfollow` event, cleared by the next `follow`: announcements skip the follower meanwhile.
    id: 'zalo-oa/002-unfollowed',
    up: 'ALTER TABLE zalo_oa_followers ADD COLUMN unfollowed_at INTEGER',
  },
  articleMigration,
  {
    // Several processes share the OA's tokens: the one that refreshes holds this lease (the refresh token works once).
    id: 'zalo-oa/004-refresh-lease',
    up: 'ALTER TABLE zalo_oa_tokens ADD COLUMN refresh_lease_until INTEGER',
  },
];
