/**
 * Builds the Telegram channel from the configuration and, in webhook mode,
 * registers `POST /webhooks/telegram` on the assistant's HTTP server.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from '../../app/context.js';
import { DbCounters, floodClient } from '../../storage/counters.js';
import type { Db } from '../../storage/db.js';
import { type RejectionCounter, RejectionLog } from '../../http/rejections.js';
import { markEventSeen, pruneSeenEvents } from '../shared/seen-events.js';
import { DEFAULT_FLOOD_WINDOW_MS } from './options.js';
import { TelegramChannel } from './channel.js';
import { describeError } from './errors.js';

export { TelegramChannel } from './channel.js';

/** Where Telegram posts updates in webhook mode, on the app's HTTP server. */
export const WEBHOOK_PATH = '/webhooks/telegram';

/** Constant-time comparison of a received secret with the configured one. */
export function secretMatches(received: unknown, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /webhooks/telegram`: 401 without the right `X-Telegram-Bot-Api-Secret-Token`
 * (nothing processed; one warning line at first, then at most one a minute
 * with the count), 400 for a body that is not an update, 503 while the bot
 * is not connected yet (Telegram delivers the update again later), 200 and
 * nothing done for an `update_id` already received (Telegram redelivers
 * when an answer came late), otherwise 200 at once while the update is
 * handled in the background.
 *
 * Telegram never switches a webhook off for errors: it keeps retrying and
 * shows the last error in getWebhookInfo, so 401 is safe here.
 */
export function registerTelegramWebhook(
  http: FastifyInstance,
  channel: TelegramChannel,
  secret: string,
  log: Logger,
  db: Db,
  rejected?: RejectionCounter,
): void {
  const rejections = new RejectionLog(log, 'telegram', 60_000, Date.now, rejected);
  http.post(WEBHOOK_PATH, async (req, reply) => {
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      rejections.note('wrong or missing X-Telegram-Bot-Api-Secret-Token');
      return reply.status(401).send({ ok: false });
    }
    const update = req.body as { update_id?: unknown } | undefined;
    if (!update || typeof update !== 'object' || typeof update.update_id !== 'number') {
      return reply.status(400).send({ ok: false });
    }
    if (!channel.ready) return reply.status(503).send({ ok: false });
    // update_id counts per bot: the bot id keeps ids of another token apart.
    if (!markEventSeen(db, 'telegram', `${channel.bot.botInfo.id}:${update.update_id}`)) {
      return reply.status(200).send({ ok: true, duplicate: true });
    }
    void channel.handleUpdate(update as Parameters<TelegramChannel['handleUpdate']>[0]).catch((err: unknown) => {
      // Handler errors are logged by the channel; this is a failure before any handler ran.
      log.error({ channel: 'telegram', error: describeError(err) }, 'webhook update failed');
    });
    return reply.status(200).send({ ok: true });
  });
}

/**
 * Creates the channel when `TELEGRAM_BOT_TOKEN` is set; undefined otherwise.
 *
 * @example
 * ```ts
 * const telegram = createTelegramChannel(app); // undefined without TELEGRAM_BOT_TOKEN
 * if (telegram) {
 *   app.channels.set(telegram.name, telegram);
 *   await telegram.start(); // long polling, or setWebhook with TELEGRAM_WEBHOOK_URL
 * }
 * ```
 */
export function createTelegramChannel(
  app: Pick<AppContext, 'config' | 'db' | 'logger' | 'assistant' | 'http' | 'metrics'>,
): TelegramChannel | undefined {
  const c = app.config;
  if (!c.TELEGRAM_BOT_TOKEN) return undefined;
  const log = app.logger.child({ part: 'telegram' });
  const webhook =
    c.TELEGRAM_WEBHOOK_URL && c.TELEGRAM_WEBHOOK_SECRET
      ? { url: c.TELEGRAM_WEBHOOK_URL, secret: c.TELEGRAM_WEBHOOK_SECRET }
      : undefined;
  const channel = new TelegramChannel({
    token: c.TELEGRAM_BOT_TOKEN,
    apiRoot: c.TELEGRAM_API_ROOT,
    assistant: app.assistant,
    log,
    floodLimit: c.TELEGRAM_FLOOD_LIMIT,
    // Several processes behind a load balancer count a resident's messages together, in the database.
    ...(c.APP_PROCESSES > 1
      ? {
          floodStore: floodClient(
            new DbCounters(app.db, (k) => app.assistant.hashUser('telegram', k)),
            DEFAULT_FLOOD_WINDOW_MS,
          ),
        }
      : {}),
    healthProbeMs: c.HEALTH_PROBE_SECONDS * 1000,
    ...(webhook ? { webhook } : {}),
  });
  if (webhook) {
    if (!new URL(webhook.url).pathname.endsWith(WEBHOOK_PATH)) {
      // A reverse proxy may rewrite the path, so this is a hint, not an error.
      log.warn(
        { channel: 'telegram', path: WEBHOOK_PATH },
        'TELEGRAM_WEBHOOK_URL does not end with the webhook path; make sure the proxy forwards to it',
      );
    }
    pruneSeenEvents(app.db);
    registerTelegramWebhook(app.http, channel, webhook.secret, log, app.db, app.metrics.webhookRejected);
  }
  return channel;
}
