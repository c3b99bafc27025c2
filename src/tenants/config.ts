/**
 * Which settings belong to the city and which to each commune, in a city
 * installation (many communes in one process, see `city.ts`).
 *
 * - The city's `.env` holds the server (port, proxy, logs, metrics) and the
 *   shared knowledge folder; a commune's `tenant.env` may not set them.
 * - A commune's identity, people and channels (its bot tokens, staff ids,
 *   web address, database) come only from its own `tenant.env`: the city's
 *   values of these are never inherited, so one commune's bot or staff list
 *   can never leak into another's.
 * - Everything else (retention, rates, report targets, the encryption key)
 *   is the city's default, which a commune's `tenant.env` may override.
 * - The city's administrators (`CITY_ADMIN_IDS`) are administrators of
 *   every commune, besides the commune's own (`ADMIN_IDS`).
 */
import { join } from 'node:path';
import { type Config, parseConfig } from '../config/index.js';

/** Set for the whole installation, once, in the city's `.env`. */
export const CITY_VARIABLES: ReadonlySet<string> = new Set([
  'NODE_ENV',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'PORT',
  'HOST',
  'HTTP_ENABLED',
  'HTTP_TRUST_PROXY',
  'HEALTH_PROBE_SECONDS',
  'METRICS_TOKEN',
  'APP_PROCESSES',
  'TENANTS_DIR',
  'TENANT',
  'CITY_ADMIN_IDS',
  'KNOWLEDGE_SHARED_DIR',
  'KNOWLEDGE_MAX_FILE_MB',
  'KNOWLEDGE_WATCH',
  'TZ_NAME',
]);

/** A commune's own: never taken from the city's environment. */
export const COMMUNE_VARIABLES: ReadonlySet<string> = new Set([
  'TENANT_HOST',
  'DATA_DIR',
  'DATABASE_PATH',
  'DATABASE_SCHEMA',
  'KNOWLEDGE_DIR',
  'REPORTS_DIR',
  'ADMIN_IMPORT_DIR',
  'USER_ID_SALT',
  'ADMIN_IDS',
  'STAFF_IDS',
  'APPROVER_IDS',
  'STAFF_CHAT',
  'PUBLIC_URL',
  'WEB_CHAT_ORIGINS',
  'WEB_CHAT_TITLE',
  'WEB_SESSION_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_URL',
  'TELEGRAM_WEBHOOK_SECRET',
  'ZALO_OA_APP_ID',
  'ZALO_OA_APP_SECRET',
  'ZALO_OA_SECRET_KEY',
  'ZALO_OA_ACCESS_TOKEN',
  'ZALO_OA_REFRESH_TOKEN',
  'ZALO_BOT_TOKEN',
  'ZALO_BOT_WEBHOOK_URL',
  'ZALO_BOT_WEBHOOK_SECRET',
  'ZALO_PERSONAL_ENABLED',
]);

/** Where a commune lives in a city installation. */
export interface TenantPlace {
  id: string;
  /** Its folder (`tenants/an-bien`), holding `tenant.env` and `knowledge/`. */
  dir: string;
  /** Its settings, from `tenant.env`. */
  env: Readonly<Record<string, string>>;
}

/**
 * The configuration of one commune: the city's environment without the
 * communes' own variables, then the commune's `tenant.env`, then its places
 * (its knowledge folder over the city's, its database and reports under the
 * city's data folder). Throws `ConfigError` like {@link parseConfig}.
 *
 * @example
 * ```ts
 * const city = parseConfig(process.env);
 * const config = tenantConfig(process.env, city, { id: 'an-bien', dir: 'tenants/an-bien', env: { TENANT_HOST: 'an-bien.example' } });
 * config.KNOWLEDGE_DIR; // 'tenants/an-bien/knowledge', over KNOWLEDGE_SHARED_DIR 'knowledge'
 * config.databasePath; // 'data/tenants/an-bien/tro-ly-xa.db'
 * ```
 */
export function tenantConfig(cityEnv: NodeJS.ProcessEnv, city: Config, t: TenantPlace): Config {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(cityEnv)) if (!COMMUNE_VARIABLES.has(k)) env[k] = v;
  const dataDir = t.env.DATA_DIR ?? join(city.DATA_DIR, 'tenants', t.id);
  Object.assign(env, {
    DATA_DIR: dataDir,
    // On PostgreSQL each commune has a schema of its own in the city's database.
    DATABASE_SCHEMA: `xa_${t.id.replace(/-/g, '_')}`.slice(0, 63),
    REPORTS_DIR: join(dataDir, 'reports'),
    ADMIN_IMPORT_DIR: join(t.dir, 'imports'),
    ...t.env,
    KNOWLEDGE_DIR: join(t.dir, 'knowledge'),
    KNOWLEDGE_SHARED_DIR: city.KNOWLEDGE_DIR,
    TENANT: t.id,
  });
  delete env.TENANTS_DIR;
  // The city's administrators administer every commune, besides the commune's own.
  const admins = [...new Set([...(t.env.ADMIN_IDS ?? '').split(','), ...city.CITY_ADMIN_IDS].map((p) => p.trim()))];
  env.ADMIN_IDS = admins.filter(Boolean).join(',');
  return parseConfig(env);
}
