/**
 * Every migration of the application: the core's and the channels' (which
 * are not plugins), then those the plugins declare, in install order.
 *
 * `createApp` takes the plugins' migrations from the plugins themselves.
 * `ALL_MIGRATIONS` is for the command-line tools, which open the database
 * without installing the plugins: it imports each part's light
 * `migrations.ts` instead of the plugin modules, which load the whole part
 * (about 0.8 s against 30 ms). tests/app/plugin.test.ts checks that it
 * lists exactly what the standard plugins declare, in the same order.
 */
import { outboxMigrations } from '../channels/shared/outbox.js';
import { zaloMigrations } from '../channels/shared/migrations.js';
import { webMigrations } from '../channels/web/inbox.js';
import { zaloOaMigrations } from '../channels/zalo-oa/migrations.js';
import { coreMigrations } from '../storage/core.js';
import { counterMigrations } from '../storage/counters.js';
import type { Migration } from '../storage/db.js';
import { handoffMigrations } from '../admin/handoff/migrations.js';
import { adminMigrations } from '../admin/migrations.js';
import { announcementMigrations } from '../announcements/migrations.js';
import { webAdminMigrations } from '../web-admin/migrations.js';
import { privacyMigrations } from '../privacy/migrations.js';
import { quizMigrations } from '../quiz/migrations.js';

/** Migrations of the core and the channels. */
export const BASE_MIGRATIONS: readonly Migration[] = [
  ...coreMigrations,
  ...counterMigrations,
  ...zaloMigrations,
  ...zaloOaMigrations,
  ...webMigrations,
  ...outboxMigrations,
];

/** All migrations of a standard installation (the base, then the standard plugins' in install order). */
export const ALL_MIGRATIONS: Migration[] = [
  ...BASE_MIGRATIONS,
  ...adminMigrations,
  ...handoffMigrations,
  ...announcementMigrations,
  ...webAdminMigrations,
  ...privacyMigrations,
  ...quizMigrations,
];
