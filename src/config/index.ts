/**
 * Configuration from the environment (`.env` via dotenv), validated by zod.
 *
 * Every variable is declared once in {@link VARIABLES} with its schema and an
 * example; a wrong value stops start-up with one line per problem:
 * `PORT: phải là số nguyên từ 1 đến 65535 (ví dụ: PORT=3000)`.
 * `.env.example` documents the same variables.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { parseKey } from '../storage/cipher.js';
import { DEFAULT_WORKING_HOURS, parseWorkingHours, type WorkingHours } from './working-hours.js';
import { approvalRuleSchema } from './approval.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'phải là true hoặc false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `phải là số nguyên từ ${min} đến ${max}` })
    .int(`phải là số nguyên từ ${min} đến ${max}`)
    .min(min, `phải là số nguyên từ ${min} đến ${max}`)
    .max(max, `phải là số nguyên từ ${min} đến ${max}`);
const MB_RANGE = 'phải là số MB từ 0.01 đến 1024 (phần lẻ viết sau dấu chấm, ví dụ 2.5)';
const megabytes = z.coerce.number({ error: MB_RANGE }).min(0.01, MB_RANGE).max(1024, MB_RANGE);
const url = z.url({ protocol: /^https?$/, error: 'phải là một URL http:// hoặc https://' });
const httpsUrl = z.url({ protocol: /^https$/, error: 'phải là một URL https://' });
const KEY_MESSAGE = 'phải là khoá 32 byte dạng base64 (openssl rand -base64 32) hoặc 64 chữ số hex';
const encryptionKey = z.string().transform((v, ctx) => {
  const k = parseKey(v);
  if (!k) ctx.addIssue({ code: 'custom', message: KEY_MESSAGE });
  return k ?? Buffer.alloc(0);
});
const encryptionKeys = z.string().transform((v, ctx) => {
  const keys = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseKey);
  if (keys.some((k) => !k)) ctx.addIssue({ code: 'custom', message: `mỗi khoá ${KEY_MESSAGE}` });
  return keys.filter((k): k is Buffer => k !== undefined);
});
/** A commune's id in a city installation: its folder's name. */
export const TENANT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TENANT_ID_MESSAGE = 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ an-bien';
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
const secretToken = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'phải gồm 16–256 ký tự A-Z, a-z, 0-9, _ hoặc -');

/** Working hours (`HANDOFF_HOURS`), parsed strictly: a wrong value names the part that is wrong. */
const workingHours = z.string().transform((s, ctx): WorkingHours => {
  const r = parseWorkingHours(s);
  if (r.ok) return r.hours;
  ctx.addIssue({ code: 'custom', message: r.error, input: s });
  return z.NEVER;
});

/** A comma-separated list of web origins (`https://xa.gov.vn`), without paths. */
const originList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^https?:\/\/[^\s/,]+$/, 'mỗi mục là một địa chỉ trang dạng https://ten-mien (không có đường dẫn)'),
    ),
  );
/** A comma-separated list of https URLs. */
const httpsUrlList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(httpsUrl));

/**
 * A list of `channel:id` pairs, e.g. `telegram:12345,zalo-oa:678`.
 * Used for admins, staff and the staff chat.
 */
const principalList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(telegram|zalo-oa|zalo-bot|zalo-personal|console):[^\s,]+$/,
          'mỗi mục có dạng kênh:id, kênh là telegram, zalo-oa, zalo-bot, zalo-personal hoặc console',
        ),
    ),
  );

function parseOrThrow(spec: string): WorkingHours {
  const r = parseWorkingHours(spec);
  if (!r.ok) throw new Error(`default working hours invalid: ${r.error}`);
  return r.hours;
}

/** Variable name → schema and an example value shown in error messages. */
export const VARIABLES = {
  NODE_ENV: { schema: z.enum(['development', 'production', 'test']).default('development'), example: 'production' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    example: 'info',
  },
  LOG_FORMAT: { schema: z.enum(['auto', 'pretty', 'json']).default('auto'), example: 'json' },
  DATA_DIR: { schema: z.string().min(1).default('data'), example: 'data' },
  DATABASE_PATH: { schema: z.string().min(1).optional(), example: 'data/tro-ly-xa.db' },
  /** PostgreSQL instead of SQLite (a city on several machines, see docs/city.md). */
  DATABASE_URL: {
    schema: z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        'phải là địa chỉ PostgreSQL postgres://người-dùng:mật-khẩu@máy:cổng/cơ-sở-dữ-liệu',
      )
      .optional(),
    example: 'postgres://tro_ly_xa:mat-khau@127.0.0.1:5432/tro_ly_xa',
  },
  /** The PostgreSQL schema of this commune's tables (in a city: xa_<mã xã>, set for each commune). */
  DATABASE_SCHEMA: {
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'chữ thường không dấu, số và _, ví dụ xa_an_bien')
      .default('public'),
    example: 'public',
  },
  KNOWLEDGE_DIR: { schema: z.string().min(1).default('knowledge'), example: 'knowledge' },
  /** A city's shared knowledge folder under a commune's own (set per commune by `src/tenants/`, not by hand). */
  KNOWLEDGE_SHARED_DIR: { schema: z.string().min(1).optional(), example: 'knowledge' },
  /** Many communes in one installation: one folder per commune (see docs/city.md). */
  TENANTS_DIR: { schema: z.string().min(1).optional(), example: 'tenants' },
  /** The commune a command works on, in a city installation (`TENANT=an-bien npm run report`). */
  TENANT: { schema: z.string().regex(TENANT_ID, TENANT_ID_MESSAGE).optional(), example: 'an-bien' },
  /** The host name a commune is reached at in a city installation (its `tenant.env`). */
  TENANT_HOST: {
    schema: z
      .string()
      .toLowerCase()
      .regex(HOST_NAME, 'phải là tên máy, ví dụ an-bien.troly.haiphong.gov.vn')
      .optional(),
    example: 'an-bien.troly.haiphong.gov.vn',
  },
  KNOWLEDGE_MAX_FILE_MB: { schema: megabytes.default(5), example: '5' },
  KNOWLEDGE_STALE_DAYS: { schema: int(1, 3650).default(180), example: '180' },
  USER_ID_SALT: {
    schema: z.string().min(16, 'phải dài ít nhất 16 ký tự').optional(),
    example: 'một-chuỗi-ngẫu-nhiên-dài',
  },
  TZ_NAME: { schema: z.string().default('Asia/Ho_Chi_Minh'), example: 'Asia/Ho_Chi_Minh' },

  // HTTP server (webhooks, health check)
  PORT: { schema: int(1, 65535).default(3000), example: '3000' },
  HOST: { schema: z.string().default('0.0.0.0'), example: '0.0.0.0' },
  HTTP_ENABLED: { schema: bool.optional(), example: 'true' },
  HTTP_TRUST_PROXY: { schema: bool.default(false), example: 'false' },
  HEALTH_PROBE_SECONDS: { schema: int(1, 300).default(5), example: '5' },
  METRICS_TOKEN: { schema: secretToken.optional(), example: 'm3tr1cs-t0ken-abcdef' },

  // Staff console (/admin)
  ADMIN_WEB_ENABLED: { schema: bool.default(false), example: 'true' },
  ADMIN_IMPORT_DIR: { schema: z.string().min(1).default('imports'), example: 'imports' },

  // Web chat (widget on the commune's portal, /chat page)
  WEB_CHAT_ENABLED: { schema: bool.default(false), example: 'true' },
  WEB_CHAT_ORIGINS: {
    schema: originList.default([]),
    example: 'https://xa-mau.gov.vn,https://dichvucong.xa-mau.gov.vn',
  },
  PUBLIC_URL: { schema: url.optional(), example: 'https://tro-ly.xa-mau.gov.vn' },
  WEB_CHAT_TITLE: { schema: z.string().min(1).max(80).default('Trợ lý xã'), example: 'Trợ lý xã Mẫu' },
  WEB_SESSION_SECRET: {
    schema: z.string().min(32, 'phải dài ít nhất 32 ký tự').optional(),
    example: 'một-chuỗi-ngẫu-nhiên-dài-ít-nhất-32-ký-tự',
  },
  WEB_CHAT_RATE_PER_MINUTE: { schema: int(1, 1000).default(20), example: '20' },
  WEB_CHAT_IP_RATE_PER_MINUTE: { schema: int(1, 100_000).default(300), example: '300' },
  WEB_CHAT_SUBSCRIBE_LINKS: {
    schema: httpsUrlList.default([]),
    example: 'https://zalo.me/1234567890123456789,https://t.me/tro_ly_xa_bot',
  },

  // Roles
  ADMIN_IDS: { schema: principalList.default([]), example: 'telegram:123456789,zalo-oa:8123456789' },
  /** In a city installation: administrators of every commune (the city's .env). */
  CITY_ADMIN_IDS: { schema: principalList.default([]), example: 'telegram:111222333' },
  STAFF_IDS: { schema: principalList.default([]), example: 'telegram:987654321' },
  APPROVER_IDS: { schema: principalList.default([]), example: 'telegram:555666777' },
  STAFF_CHAT: { schema: principalList.default([]), example: 'telegram:-1001234567890' },

  // Telegram
  TELEGRAM_BOT_TOKEN: {
    schema: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'không đúng dạng token của BotFather')
      .optional(),
    example: '123456789:AAE...',
  },
  TELEGRAM_API_ROOT: { schema: url.default('https://api.telegram.org'), example: 'https://api.telegram.org' },
  TELEGRAM_WEBHOOK_URL: { schema: httpsUrl.optional(), example: 'https://bot.example.vn/webhooks/telegram' },
  TELEGRAM_WEBHOOK_SECRET: { schema: secretToken.optional(), example: 'a1b2c3d4e5f6g7h8i9j0' },
  TELEGRAM_FLOOD_LIMIT: { schema: int(0, 100).default(6), example: '6' },

  // Zalo Official Account
  ZALO_OA_APP_ID: { schema: z.string().regex(/^\d+$/, 'chỉ gồm chữ số').optional(), example: '1234567890123456789' },
  ZALO_OA_APP_SECRET: { schema: z.string().min(8).optional(), example: 'app-secret-từ-developers.zalo.me' },
  ZALO_OA_SECRET_KEY: { schema: z.string().min(8).optional(), example: 'oa-secret-key-để-kiểm-chữ-ký-webhook' },
  ZALO_OA_ACCESS_TOKEN: { schema: z.string().min(8).optional(), example: 'access-token-ban-đầu' },
  ZALO_OA_REFRESH_TOKEN: { schema: z.string().min(8).optional(), example: 'refresh-token-ban-đầu' },
  ZALO_OA_API_BASE: { schema: url.default('https://openapi.zalo.me'), example: 'https://openapi.zalo.me' },
  ZALO_OAUTH_BASE: { schema: url.default('https://oauth.zaloapp.com'), example: 'https://oauth.zaloapp.com' },
  ZALO_OA_PROMOTION: { schema: bool.default(false), example: 'false' },
  ZALO_OA_TRANSACTION: { schema: bool.default(false), example: 'false' },
  ZALO_OA_PROMOTION_DAILY: { schema: int(1, 10).default(1), example: '1' },
  ZALO_OA_PROMOTION_MONTHLY: { schema: int(1, 31).default(4), example: '4' },
  // Replays: older events are refused; event ids are remembered for 7 days, longer than the largest window.
  ZALO_OA_EVENT_MAX_AGE_MINUTES: { schema: int(5, 7 * 24 * 60).default(180), example: '180' },
  ZALO_BOT_EVENT_MAX_AGE_MINUTES: { schema: int(5, 7 * 24 * 60).default(180), example: '180' },
  ZALO_GROUP_TRIGGERS: {
    schema: z
      .string()
      .default('@trợ lý,trợ lý ơi,/hỏi')
      .transform((s) =>
        s
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    example: '@trợ lý,trợ lý ơi,/hỏi',
  },

  // Zalo Bot Platform
  ZALO_BOT_TOKEN: { schema: z.string().min(8).optional(), example: '1234567890:abcdef...' },
  ZALO_BOT_API_BASE: {
    schema: url.default('https://bot-api.zaloplatforms.com'),
    example: 'https://bot-api.zaloplatforms.com',
  },
  ZALO_BOT_WEBHOOK_URL: { schema: httpsUrl.optional(), example: 'https://bot.example.vn/webhooks/zalo-bot' },
  ZALO_BOT_WEBHOOK_SECRET: { schema: secretToken.optional(), example: 'a1b2c3d4e5f6g7h8i9j0' },

  // Zalo personal account (zca-js, unofficial, opt-in)
  ZALO_PERSONAL_ENABLED: { schema: bool.default(false), example: 'false' },
  ZALO_PERSONAL_MIN_INTERVAL_MS: { schema: int(500, 600_000).default(4000), example: '4000' },
  ZALO_PERSONAL_DAILY_CAP: { schema: int(1, 10_000).default(200), example: '200' },

  // Announcements
  SCHEDULE_GRACE_MINUTES: { schema: int(0, 10_080).default(60), example: '60' },
  SCHEDULE_MIN_INTERVAL_HOURS: { schema: int(1, 8_760).default(24), example: '24' },
  ANNOUNCE_APPROVAL: { schema: approvalRuleSchema, example: 'all,topic:cchc,recurring' },
  BROADCAST_CONCURRENCY: { schema: int(1, 100).default(8), example: '8' },
  BROADCAST_TELEGRAM_RATE: { schema: int(1, 5000).default(25), example: '25' },
  BROADCAST_TELEGRAM_GROUP_PER_MINUTE: { schema: int(1, 60).default(20), example: '20' },
  BROADCAST_ZALO_OA_RATE: { schema: int(1, 100).default(5), example: '5' },
  APP_PROCESSES: { schema: int(1, 64).default(1), example: '1' },

  // Feedback (personal data)
  FEEDBACK_RETENTION_DAYS: { schema: int(1, 3650).default(365), example: '365' },

  // Residents' personal data (docs/privacy.md)
  DATA_ENCRYPTION_KEY: { schema: encryptionKey.optional(), example: 'kết quả của openssl rand -base64 32' },
  DATA_ENCRYPTION_KEYS_OLD: { schema: encryptionKeys.optional(), example: 'khoá-cũ-1,khoá-cũ-2' },
  PRIVACY_NOTICE: { schema: bool.default(true), example: 'true' },
  QUESTION_RETENTION_DAYS: { schema: int(1, 3650).default(365), example: '365' },

  // Live handoff to a staff member ("gặp cán bộ")
  HANDOFF_HOURS: { schema: workingHours.default(parseOrThrow(DEFAULT_WORKING_HOURS)), example: DEFAULT_WORKING_HOURS },
  HANDOFF_WAIT_MINUTES: { schema: int(1, 240).default(10), example: '10' },
  HANDOFF_IDLE_MINUTES: { schema: int(5, 1440).default(30), example: '30' },
  HANDOFF_RETENTION_DAYS: { schema: int(1, 3650).optional(), example: '90' },
  QUIZ_RETENTION_DAYS: { schema: int(1, 3650).default(90), example: '90' },

  // Administration: live knowledge, reports and plan targets
  KNOWLEDGE_WATCH: { schema: bool.default(true), example: 'true' },
  /** Speech program for loudspeaker audio (espeak-ng, or a compatible one taking -v, -s, -w and --stdin). */
  TTS_COMMAND: { schema: z.string().min(1).default('espeak-ng'), example: 'espeak-ng' },
  REPORTS_DIR: { schema: z.string().min(1).default('reports'), example: 'reports' },
  REPORT_TARGET_CCHC_NEWS_PER_MONTH: { schema: int(0, 100).default(2), example: '2' },
  REPORT_TARGET_ANSWERED_PCT: { schema: int(0, 100).optional(), example: '80' },
  REPORT_TARGET_TICKET_HOURS: { schema: int(1, 10_000).optional(), example: '72' },
  REPORT_TARGET_SATISFACTION: {
    schema: z.coerce
      .number({ error: 'phải là số từ 1 đến 5' })
      .min(1, 'phải là số từ 1 đến 5')
      .max(5, 'phải là số từ 1 đến 5')
      .optional(),
    example: '4',
  },
} as const;

type Vars = typeof VARIABLES;
/** The validated configuration. */
export type Config = { [K in keyof Vars]: z.output<Vars[K]['schema']> } & { databasePath: string };

/** A configuration problem, one per variable. */
export interface ConfigProblem {
  name: string;
  message: string;
  example: string;
}

/** Thrown by {@link loadConfig}; `problems` lists every wrong variable. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.name}: ${p.message} (ví dụ: ${p.name}=${p.example})`).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Validates an environment. Empty strings count as "not set", so a copied
 * `.env.example` with blank values works.
 *
 * @example
 * ```ts
 * const config = parseConfig({ DATA_DIR: '/tmp/xa', LOG_LEVEL: 'debug' });
 * config.databasePath; // '/tmp/xa/tro-ly-xa.db'
 * ```
 */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const out: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [name, def] of Object.entries(VARIABLES)) {
    const raw = env[name];
    const value = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
    const r = (def.schema as z.ZodType).safeParse(value);
    if (r.success) out[name] = r.data;
    else problems.push({ name, message: r.error.issues[0]?.message ?? 'giá trị không hợp lệ', example: def.example });
  }
  if (out.TELEGRAM_WEBHOOK_URL && !out.TELEGRAM_WEBHOOK_SECRET) {
    problems.push({
      name: 'TELEGRAM_WEBHOOK_SECRET',
      message: 'bắt buộc khi đặt TELEGRAM_WEBHOOK_URL',
      example: VARIABLES.TELEGRAM_WEBHOOK_SECRET.example,
    });
  }
  if (out.ZALO_OA_APP_ID && !out.ZALO_OA_SECRET_KEY) {
    problems.push({
      name: 'ZALO_OA_SECRET_KEY',
      message: 'bắt buộc khi đặt ZALO_OA_APP_ID (dùng để kiểm chữ ký webhook)',
      example: VARIABLES.ZALO_OA_SECRET_KEY.example,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const cfg = out as Config;
  cfg.databasePath = cfg.DATABASE_URL
    ? withSchema(cfg.DATABASE_URL, cfg.DATABASE_SCHEMA)
    : (cfg.DATABASE_PATH ?? `${cfg.DATA_DIR}/tro-ly-xa.db`);
  return cfg;
}

/** A PostgreSQL address naming the schema of the application's tables (`?schema=`, read by `storage/pg/db.ts`). */
function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/**
 * Loads `.env` (if present, never overriding the real environment) and validates it.
 *
 * @example
 * ```ts
 * try {
 *   const config = loadConfig();
 *   console.log(config.KNOWLEDGE_DIR, config.databasePath);
 * } catch (err) {
 *   if (err instanceof ConfigError) for (const p of err.problems) console.error(p.name, p.message, p.example);
 * }
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  loadDotenv({ quiet: true });
  return parseConfig(env);
}

/** Names of variables whose values are secrets: never logged. */
export const SECRET_VARIABLES = [
  'USER_ID_SALT',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'ZALO_OA_APP_SECRET',
  'ZALO_OA_SECRET_KEY',
  'ZALO_OA_ACCESS_TOKEN',
  'ZALO_OA_REFRESH_TOKEN',
  'ZALO_BOT_TOKEN',
  'ZALO_BOT_WEBHOOK_SECRET',
  'METRICS_TOKEN',
  'DATA_ENCRYPTION_KEY',
  'DATA_ENCRYPTION_KEYS_OLD',
  'DATABASE_URL',
] as const;
