/**
 * Installs the live handoff ("gặp cán bộ") on an app: the desk (the module
 * API, see desk.ts), its middleware in front of every other middleware, the
 * background sweep and retention, and its commands (registered with the
 * core's registry, so `/lenh` lists them). Needs
 * the admin part (roles, audit, tickets, the staff chat): install it first.
 */
import type { AppContext } from '../../app/context.js';
import { definePlugin } from '../../app/plugin.js';
import { type AdminHandles, adminPlugin } from '../plugin.js';
import { handoffPersonalData } from './personal-data.js';
import { handoffMigrations } from './migrations.js';
import { HandoffDesk } from './desk.js';
import { handoffCommands, handoffMiddleware } from './middleware.js';
import { HandoffService, type HandoffServiceOptions } from './service.js';

export type { HandoffDesk } from './desk.js';
export type * from './types.js';
export type { Handoff, HandoffMessage, HandoffState } from './store.js';

/** What {@link installHandoff} set up. */
export interface HandoffHandles {
  desk: HandoffDesk;
  service: HandoffService;
}

/**
 * The live handoff to a staff member ("gặp cán bộ"); needs the admin part.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger, { plugins: [adminPlugin, handoffPlugin] }); // admin first
 * const open = handoffHandles(app)?.desk.waitingHandoffs() ?? [];
 * ```
 */
export const handoffPlugin = definePlugin({
  name: 'handoff',
  dependencies: ['admin'],
  migrations: handoffMigrations,
  personalData: handoffPersonalData,
  install: (ctx) => installHandoff(ctx, ctx.use(adminPlugin)),
  services: (h) => [h.service],
});

/** The handoff part installed on an app, if any (the web console, tests). */
export function handoffHandles(app: AppContext): HandoffHandles | undefined {
  return app.plugins.get(handoffPlugin);
}

/** Sets up the handoff part on the admin part's roles, audit and staff chat. */
export function installHandoff(app: AppContext, admin: AdminHandles, opts: HandoffServiceOptions = {}): HandoffHandles {
  const c = app.config;
  const desk = new HandoffDesk(admin.env, {
    hours: c.HANDOFF_HOURS,
    timeZone: c.TZ_NAME,
    waitMinutes: c.HANDOFF_WAIT_MINUTES,
    idleMinutes: c.HANDOFF_IDLE_MINUTES,
    retentionDays: c.HANDOFF_RETENTION_DAYS ?? c.FEEDBACK_RETENTION_DAYS,
  });
  const service = new HandoffService(desk, app.logger, opts);
  app.assistant.useFirst(handoffMiddleware(desk, admin.env.now));
  // A web page cannot be pushed to: the widget polls faster while a handoff is open.
  app.assistant.onLive((channel, chatId) => desk.openFor(channel, chatId) !== undefined);
  // `/gapcanbo` starts a handoff instead of the core's numbers; the staff commands are listed by `/lenh`.
  const [request, ...others] = handoffCommands(desk, admin.env.now);
  app.assistant.commands.replace(request!).register(...others);
  return { desk, service };
}
