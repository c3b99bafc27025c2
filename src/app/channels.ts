/**
 * Which channels run: each is enabled by its own variables in `.env`.
 * A channel's module (and its platform library) is loaded only when the
 * channel is enabled, so a commune that uses Zalo alone never loads grammY.
 */
import type { Channel } from '../core/types.js';
import { ConsoleChannel } from '../channels/console/console.js';
import type { AppContext } from './context.js';

/**
 * Creates the channels the configuration enables.
 *
 * @example
 * ```ts
 * for (const ch of await createChannels(app, { console: process.stdin.isTTY === true })) {
 *   app.channels.set(ch.name, ch); // only the channels whose variables are set in .env
 * }
 * ```
 */
export async function createChannels(app: AppContext, opts: { console: boolean }): Promise<Channel[]> {
  const c = app.config;
  const out: (Channel | undefined)[] = [];
  if (opts.console) out.push(new ConsoleChannel(app.assistant, app.logger));
  if (c.TELEGRAM_BOT_TOKEN) out.push((await import('../channels/telegram/index.js')).createTelegramChannel(app));
  if (c.ZALO_OA_APP_ID) out.push((await import('../channels/zalo-oa/index.js')).createZaloOaChannel(app));
  if (c.ZALO_BOT_TOKEN) out.push((await import('../channels/zalo-bot/index.js')).createZaloBotChannel(app));
  if (c.ZALO_PERSONAL_ENABLED)
    out.push((await import('../channels/zalo-personal/index.js')).createZaloPersonalChannel(app));
  if (c.WEB_CHAT_ENABLED)
    out.push((await import('../channels/web/index.js')).createWebChannel(app, () => app.assistant.now()));
  return out.filter((ch): ch is Channel => ch !== undefined);
}

/** True when at least one non-console channel has its tokens configured. */
export function anyRemoteChannelConfigured(app: Pick<AppContext, 'config'>): boolean {
  const c = app.config;
  return Boolean(c.TELEGRAM_BOT_TOKEN || c.ZALO_OA_APP_ID || c.ZALO_BOT_TOKEN || c.ZALO_PERSONAL_ENABLED);
}
