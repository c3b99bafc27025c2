/**
 * Builds the personal-account channel (zca-js) when `ZALO_PERSONAL_ENABLED`
 * is true. Alerts go to the admins (ADMIN_IDS) on the other running channels.
 */
import type { AppContext } from '../../app/context.js';
import { sendToAll } from '../../core/deliver.js';
import { ZaloPersonalChannel } from './channel.js';
import { loadZcaJs, type ZcaCredentials, type ZcaSurface } from './zca-types.js';

export { ZaloPersonalChannel } from './channel.js';

/** Logs in to Zalo with a saved session through the real zca-js library. */
export async function loginWithZcaJs(creds: ZcaCredentials): Promise<ZcaSurface> {
  const { Zalo } = await loadZcaJs();
  const zalo = new Zalo({ selfListen: false, logging: false, checkUpdate: false });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('login timed out')), 20_000).unref(),
  );
  return (await Promise.race([zalo.login(creds), timeout])) as unknown as ZcaSurface;
}

/**
 * Creates the channel when enabled; undefined otherwise.
 *
 * @example
 * ```ts
 * const personal = createZaloPersonalChannel(app); // undefined unless ZALO_PERSONAL_ENABLED=true
 * if (personal) app.channels.set(personal.name, personal); // log in first with `npm run zalo:login`
 * ```
 */
export function createZaloPersonalChannel(
  app: Pick<AppContext, 'config' | 'db' | 'logger' | 'assistant' | 'channels'>,
  createApi: (creds: ZcaCredentials) => Promise<ZcaSurface> = loginWithZcaJs,
): ZaloPersonalChannel | undefined {
  const c = app.config;
  if (!c.ZALO_PERSONAL_ENABLED) return undefined;
  const log = app.logger.child({ part: 'zalo-personal' });
  return new ZaloPersonalChannel({
    assistant: app.assistant,
    db: app.db,
    log,
    createApi,
    minIntervalMs: c.ZALO_PERSONAL_MIN_INTERVAL_MS,
    dailyCap: c.ZALO_PERSONAL_DAILY_CAP,
    alert: async (text) => {
      const admins = c.ADMIN_IDS.filter((p) => !p.startsWith('zalo-personal:'));
      const n = await sendToAll(app, admins, { kind: 'info', title: 'Kênh Zalo cá nhân', sections: [{ text }] });
      if (n === 0)
        log.error({ channel: 'zalo-personal' }, 'no admin could be alerted: set ADMIN_IDS on another channel');
    },
  });
}
