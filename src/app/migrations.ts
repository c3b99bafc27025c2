/**
 * Every migration of the application, in order. Each part owns its list;
 * this is the one place that knows them all.
 */
import type { Migration } from '../storage/db.js';
import { coreMigrations } from '../storage/core.js';
import { zaloMigrations } from '../channels/shared/migrations.js';
import { zaloOaMigrations } from '../channels/zalo-oa/migrations.js';
import { outboxMigrations } from '../channels/shared/outbox.js';
import { adminMigrations } from '../admin/migrations.js';
import { handoffMigrations } from '../admin/handoff/migrations.js';
import { announcementMigrations } from '../announcements/migrations.js';
import { webMigrations } from '../channels/web/inbox.js';
import { webAdminMigrations } from '../web-admin/migrations.js';

/** All migrations, applied by {@link openDatabase} at start. */
export const ALL_MIGRATIONS: Migration[] = [
  ...coreMigrations,
  ...zaloMigrations,
  ...zaloOaMigrations,
  ...adminMigrations,
  ...handoffMigrations,
  ...announcementMigrations,
  ...webMigrations,
  ...webAdminMigrations,
  ...outboxMigrations,
];
