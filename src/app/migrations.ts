/**
 * Every migration of the application: the core's and the channels' (which
 * are not plugins), then those the plugins declare, in install order.
 */
import { outboxMigrations } from '../channels/shared/outbox.js';
import { zaloMigrations } from '../channels/shared/migrations.js';
import { webMigrations } from '../channels/web/inbox.js';
import { zaloOaMigrations } from '../channels/zalo-oa/migrations.js';
import { coreMigrations } from '../storage/core.js';
import type { Migration } from '../storage/db.js';
import { PluginSet } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins.js';

/** Migrations of the core and the channels. */
export const BASE_MIGRATIONS: readonly Migration[] = [
  ...coreMigrations,
  ...zaloMigrations,
  ...zaloOaMigrations,
  ...webMigrations,
  ...outboxMigrations,
];

/** All migrations of a standard installation, applied by {@link openDatabase} at start. */
export const ALL_MIGRATIONS: Migration[] = [...BASE_MIGRATIONS, ...new PluginSet(DEFAULT_PLUGINS).migrations()];
