/**
 * Which channels run: each is enabled by its own variables in `.env`.
 */
import type { Channel } from '../core/types.js';
import { ConsoleChannel } from '../channels/console/console.js';
import { createTelegramChannel } from '../channels/telegram/index.js';
import { createZaloOaChannel } from '../channels/zalo-oa/index.js';
import { createZaloBotChannel } from '../channels/zalo-bot/index.js';
import { createZaloPersonalChannel } from '../channels/zalo-personal/index.js';
import type { App } from './app.js';

/** Creates the channels the configuration enables. */
export async function createChannels(app: App, opts: { console: boolean }): Promise<Channel[]> {
  const out: Channel[] = [];
  if (opts.console) out.push(new ConsoleChannel(app.assistant, app.logger));
  const telegram = createTelegramChannel(app);
  if (telegram) out.push(telegram);
  const zaloOa = createZaloOaChannel(app);
  if (zaloOa) out.push(zaloOa);
  const zaloBot = createZaloBotChannel(app);
  if (zaloBot) out.push(zaloBot);
  const zaloPersonal = createZaloPersonalChannel(app);
  if (zaloPersonal) out.push(zaloPersonal);
  return out;
}

/** True when at least one non-console channel has its tokens configured. */
export function anyRemoteChannelConfigured(app: Pick<App, 'config'>): boolean {
  const c = app.config;
  return Boolean(c.TELEGRAM_BOT_TOKEN || c.ZALO_OA_APP_ID || c.ZALO_BOT_TOKEN || c.ZALO_PERSONAL_ENABLED);
}
