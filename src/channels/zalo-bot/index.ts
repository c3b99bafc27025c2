/**
 * Builds the Zalo Bot Platform channel from the configuration (webhook when
 * `ZALO_BOT_WEBHOOK_URL` is set, long polling otherwise).
 */
import type { AppContext } from '../../app/context.js';
import { ZaloBotApi } from './api.js';
import { ZaloBotChannel } from './channel.js';
import { registerBotWebhook } from './webhook.js';

export { ZaloBotChannel } from './channel.js';
export { ZaloBotApi } from './api.js';

/**
 * Creates the channel when `ZALO_BOT_TOKEN` is set; undefined otherwise.
 *
 * @example
 * ```ts
 * const bot = createZaloBotChannel(app); // undefined without ZALO_BOT_TOKEN
 * if (bot) app.channels.set(bot.name, bot); // webhook with ZALO_BOT_WEBHOOK_URL, long polling otherwise
 * ```
 */
export function createZaloBotChannel(
  app: Pick<AppContext, 'config' | 'db' | 'logger' | 'assistant' | 'http' | 'metrics'>,
): ZaloBotChannel | undefined {
  const c = app.config;
  if (!c.ZALO_BOT_TOKEN) return undefined;
  const log = app.logger.child({ part: 'zalo-bot' });
  const api = new ZaloBotApi({ apiBase: c.ZALO_BOT_API_BASE, token: c.ZALO_BOT_TOKEN });
  const webhook =
    c.ZALO_BOT_WEBHOOK_URL && c.ZALO_BOT_WEBHOOK_SECRET
      ? { url: c.ZALO_BOT_WEBHOOK_URL, secret: c.ZALO_BOT_WEBHOOK_SECRET }
      : undefined;
  if (c.ZALO_BOT_WEBHOOK_URL && !webhook)
    log.warn(
      { channel: 'zalo-bot' },
      'ZALO_BOT_WEBHOOK_URL is set without ZALO_BOT_WEBHOOK_SECRET: using long polling',
    );
  const channel = new ZaloBotChannel({
    assistant: app.assistant,
    db: app.db,
    log,
    api,
    groupTriggers: c.ZALO_GROUP_TRIGGERS,
    maxAgeMs: c.ZALO_BOT_EVENT_MAX_AGE_MINUTES * 60_000,
    ...(webhook ? { webhook } : {}),
  });
  if (webhook) {
    registerBotWebhook(app.http, { channel, secret: webhook.secret, log, rejected: app.metrics.webhookRejected });
  }
  return channel;
}
