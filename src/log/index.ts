/**
 * Logging with pino: pretty in a terminal, JSON otherwise (or as LOG_FORMAT says).
 *
 * Secrets are redacted by key, and log lines about messages carry only the
 * channel and a hashed user id (see {@link hashUserId}); never the text of a
 * personal-data field.
 */
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they appear. */
const REDACT = [
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'secret',
  'secretKey',
  'password',
  'cookie',
  'phone',
  'userName',
  'name',
  'text',
  'content',
  'authorization',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'headers["x-bot-api-secret-token"]',
  'headers["x-zevent-signature"]',
];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  format?: 'auto' | 'pretty' | 'json';
  /** Where to write; defaults to stderr so stdout stays clean for CLI output. */
  destination?: number;
}

/**
 * Creates the application logger.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info', format: 'json' });
 * logger.info({ entries: 568 }, 'knowledge loaded');
 * ```
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const fd = opts.destination ?? 2;
  const pretty =
    opts.format === 'pretty' || ((opts.format ?? 'auto') === 'auto' && fd === 2 && process.stderr.isTTY === true);
  const base = {
    level: opts.level ?? 'info',
    redact: { paths: REDACT.flatMap((k) => [k, `*.${k}`]), censor: '[ẩn]' },
    base: { app: 'tro-ly-xa' },
  };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: true, ignore: 'pid,hostname,app' } },
    });
  }
  return pino(base, pino.destination({ fd, sync: true }));
}

/** A logger that writes nothing (tests, CLI JSON mode). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Hashes a platform user id for logs and statistics: stable for one salt,
 * not reversible, short enough to read. The channel is part of the input, so
 * the same numeric id on two platforms gives two hashes.
 *
 * @example
 * ```ts
 * logger.info({ user: hashUserId(salt, 'telegram', '42') }, 'question'); // 16 hex characters
 * ```
 */
export function hashUserId(salt: string, channel: string, userId: string): string {
  return createHash('sha256').update(`${salt}\u0000${channel}\u0000${userId}`).digest('hex').slice(0, 16);
}
