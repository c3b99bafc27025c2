/**
 * The privacy part (Decree 13/2023/NĐ-CP, docs/privacy.md): the first-contact
 * notice, the residents' `/quyenriengtu`, `/dulieucuatoi` and `/xoadulieu`,
 * the daily retention purge of every table, and the encryption at rest of
 * ticket contact details kept on the current key.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger); // privacyPlugin is in DEFAULT_PLUGINS
 * const privacy = app.plugins.get(privacyPlugin)!;
 * privacy.data.erase({ channel: 'telegram', userId: '42', userHash: app.assistant.hashUser('telegram', '42') }, 'desk');
 * ```
 */
import type { Config } from '../config/index.js';
import { definePlugin } from '../app/plugin.js';
import type { PluginContext, Service } from '../app/context.js';
import type { Middleware } from '../core/assistant.js';
import { cipherOf } from '../storage/cipher.js';
import type { Db } from '../storage/db.js';
import { baseData } from './base-data.js';
import { erasedTurns, privacyCommands } from './commands.js';
import { clearValues, reencryptAll } from './keys.js';
import { privacyMigrations } from './migrations.js';
import { markNoticeShown, type NoticeDays, noticeReply, noticePersonalData } from './notice.js';
import { retentionDays } from './retention.js';
import { PersonalDataService } from './service.js';

/** What the privacy part offers. */
export interface PrivacyHandles {
  data: PersonalDataService;
  /** The daily purge of every table. */
  purge: Service & { runOnce(): void };
}

/** Shows the notice after the answer to a resident's first message in a private chat on a channel. */
function noticeMiddleware(enabled: boolean, days: NoticeDays): Middleware {
  return async (ctx, next) => {
    await next();
    if (!enabled || ctx.message.isGroup || ctx.role !== 'resident' || ctx.replies.length === 0) return;
    if (erasedTurns.has(ctx)) return;
    if (markNoticeShown(ctx.db, ctx.message.channel, ctx.userHash, ctx.assistant.now())) ctx.reply(noticeReply(days));
  };
}

/**
 * The privacy part: notice, residents' commands, the daily purge of every table, contact details on the current key.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger, { plugins: [adminPlugin, privacyPlugin] });
 * app.plugins.get(privacyPlugin)!.purge.runOnce(); // what the daily run does
 * ```
 */
export const privacyPlugin = definePlugin<PrivacyHandles>({
  name: 'privacy',
  migrations: privacyMigrations,
  personalData: noticePersonalData,
  commands: (ctx) => privacyCommands(serviceOf(ctx), noticeDays(ctx.config)),
  install(ctx) {
    const data = serviceOf(ctx);
    // In front of every other middleware, so the notice follows whichever part answered.
    ctx.assistant.useFirst(noticeMiddleware(ctx.config.PRIVACY_NOTICE, noticeDays(ctx.config)));
    sealContactDetails(ctx);
    let timer: NodeJS.Timeout | undefined;
    const runOnce = () => {
      const counts = data.purge(retentionDays(ctx.config));
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      if (rows > 0) ctx.logger.info({ counts }, 'retention: old personal data erased');
    };
    const purge = {
      name: 'privacy-retention',
      runOnce,
      start() {
        runOnce();
        timer = setInterval(() => {
          try {
            runOnce();
          } catch (err) {
            ctx.logger.error({ err }, 'privacy retention failed');
          }
        }, 86_400_000);
        timer.unref();
      },
      stop() {
        if (timer) clearInterval(timer);
        timer = undefined;
      },
    };
    return { data, purge };
  },
  services: (h) => [h.purge],
});

const services = new WeakMap<Db, PersonalDataService>();

/** The app's one service over the core's part and every plugin's. */
function serviceOf(ctx: PluginContext): PersonalDataService {
  let s = services.get(ctx.db);
  if (!s) {
    s = new PersonalDataService(ctx.db, [baseData, ...ctx.plugins.personalData()], () => ctx.assistant.now());
    services.set(ctx.db, s);
  }
  return s;
}

function noticeDays(c: Config): NoticeDays {
  return { feedbackDays: c.FEEDBACK_RETENTION_DAYS, questionDays: c.QUESTION_RETENTION_DAYS };
}

/** At start: contact details written in clear or with an old key go on the current key; without a key, a warning. */
function sealContactDetails(ctx: PluginContext): void {
  if (!cipherOf(ctx.db).hasKey) {
    const clear = clearValues(ctx.db);
    ctx.logger.warn(
      { clearValues: clear },
      'DATA_ENCRYPTION_KEY is not set: new feedback tickets and handoffs keep no name or phone number (see docs/privacy.md)',
    );
    return;
  }
  const r = reencryptAll(ctx.db);
  if (r.updated > 0)
    ctx.logger.info({ values: r.updated }, 'contact details (tickets, handoffs) encrypted with the current key');
  if (r.unreadable > 0)
    ctx.logger.warn(
      { values: r.unreadable },
      'contact details (tickets, handoffs) no configured key can read (DATA_ENCRYPTION_KEYS_OLD?)',
    );
}
