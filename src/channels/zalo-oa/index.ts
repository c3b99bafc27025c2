/**
 * Builds the Zalo OA channel from the configuration and registers its
 * webhook on the app's HTTP server.
 */
import type { AppContext } from '../../app/context.js';
import { OaApi } from './api.js';
import { ZaloOaChannel } from './channel.js';
import { OaTokenStore } from './token-store.js';
import { registerOaWebhook } from './webhook.js';

export { ZaloOaChannel } from './channel.js';
export { OaApi } from './api.js';
export { OaTokenStore } from './token-store.js';

/**
 * Creates the OA channel when `ZALO_OA_APP_ID` is set; undefined otherwise.
 *
 * @example
 * ```ts
 * const oa = createZaloOaChannel(app); // undefined without ZALO_OA_APP_ID and ZALO_OA_SECRET_KEY
 * if (oa) app.channels.set(oa.name, oa); // webhook on /webhooks/zalo-oa
 * ```
 */
export function createZaloOaChannel(
  app: Pick<AppContext, 'config' | 'db' | 'logger' | 'assistant' | 'http' | 'metrics'>,
): ZaloOaChannel | undefined {
  const c = app.config;
  if (!c.ZALO_OA_APP_ID || !c.ZALO_OA_SECRET_KEY) return undefined;
  const log = app.logger.child({ part: 'zalo-oa' });
  const tokens = new OaTokenStore({
    db: app.db,
    log,
    appId: c.ZALO_OA_APP_ID,
    appSecret: c.ZALO_OA_APP_SECRET,
    oauthBase: c.ZALO_OAUTH_BASE,
    initial: { accessToken: c.ZALO_OA_ACCESS_TOKEN, refreshToken: c.ZALO_OA_REFRESH_TOKEN },
  });
  if (!tokens.read())
    log.warn(
      { channel: 'zalo-oa' },
      'no OA access token: replies cannot be sent until ZALO_OA_ACCESS_TOKEN / ZALO_OA_REFRESH_TOKEN are set',
    );
  const api = new OaApi({ apiBase: c.ZALO_OA_API_BASE, tokens });
  const broadcast = {
    promotion: c.ZALO_OA_PROMOTION,
    transaction: c.ZALO_OA_TRANSACTION,
    promotionDaily: c.ZALO_OA_PROMOTION_DAILY,
    promotionMonthly: c.ZALO_OA_PROMOTION_MONTHLY,
  };
  const channel = new ZaloOaChannel({
    assistant: app.assistant,
    db: app.db,
    log,
    api,
    tokens,
    groupTriggers: c.ZALO_GROUP_TRIGGERS,
    broadcast,
  });
  registerOaWebhook(app.http, {
    channel,
    oaSecretKey: c.ZALO_OA_SECRET_KEY,
    log,
    maxAgeMs: c.ZALO_OA_EVENT_MAX_AGE_MINUTES * 60_000,
    rejected: app.metrics.webhookRejected,
  });
  return channel;
}
