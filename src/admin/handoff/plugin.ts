/**
 * Installs the live handoff ("gặp cán bộ") on an app: the desk (the module
 * API, see desk.ts), its middleware in front of every other middleware, the
 * background sweep and retention, and its commands (registered with the
 * core's registry, so `/lenh` lists them). Needs
 * the admin part (roles, audit, tickets, the staff chat): install it first.
 */
import type { App } from '../../app/app.js';
import { adminHandles } from '../plugin.js';
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

const installed = new WeakMap<App, HandoffHandles>();

/** The handoff part installed on an app, if any (the web console, tests). */
export function handoffHandles(app: App): HandoffHandles | undefined {
  return installed.get(app);
}

/** Sets up the handoff part (after {@link installAdmin}). */
export function installHandoff(app: App, opts: HandoffServiceOptions = {}): HandoffHandles {
  const admin = adminHandles(app);
  if (!admin) throw new Error('installHandoff needs the admin part: call installAdmin first');
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
  app.services.push(service);
  // `/gapcanbo` starts a handoff instead of the core's numbers; the staff commands are listed by `/lenh`.
  const [request, ...others] = handoffCommands(desk, admin.env.now);
  app.assistant.commands.replace(request!).register(...others);
  const handles: HandoffHandles = { desk, service };
  installed.set(app, handles);
  return handles;
}
