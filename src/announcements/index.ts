/**
 * Announcements plugin: subscriptions, staff commands, the scheduler, the
 * broadcast worker and progress reports, installed on the app.
 */
import type { AppContext, Service } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import { declaredScheduleCheck } from './declared-check.js';
import { announcementsPersonalData } from './personal-data.js';
import { announcementMigrations } from './migrations.js';
import type { ChatRef } from './model.js';
import { readDeclared, syncDeclared } from './declared.js';
import { Announcements, type AnnouncementsOptions } from './service.js';
import { announcementCommand, draftMiddleware } from './staff.js';
import { approveCommand, returnCommentMiddleware } from './approve-chat.js';
import { canApprove, type ApproverRef } from './approval.js';
import { audienceLabel } from './compose.js';
import { subscriptionCommands, subscriptionMiddleware } from './subscribe.js';
import type { ChannelName } from '../core/types.js';
import type { RoleResolver } from '../core/assistant.js';

export { announcementMigrations } from './migrations.js';
export { Announcements } from './service.js';

/**
 * Announcements: subscriptions, staff commands, the scheduler, the broadcast worker and progress reports.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger, { plugins: [adminPlugin, announcementsPlugin] });
 * announcementsOf(app)?.subscriptions.subscribe('telegram', '42', false, ['cchc']);
 * ```
 */
export const announcementsPlugin = definePlugin({
  name: 'announcements',
  migrations: announcementMigrations,
  personalData: announcementsPersonalData,
  knowledgeChecks: (config) => [declaredScheduleCheck(config.TZ_NAME, config.SCHEDULE_MIN_INTERVAL_HOURS)],
  install: (ctx) => installAnnouncements(ctx),
  services: (ann, ctx) => [engineService(ctx, ann)],
});

/** The announcement engine installed on an app, if any (the staff console, tests). */
export function announcementsOf(app: AppContext): Announcements | undefined {
  return app.plugins.get(announcementsPlugin);
}

/** Who can approve on this app: approvers and admins, when the role resolver can list them. */
export function approversOf(roles: Pick<RoleResolver, 'holders'>): ApproverRef[] {
  const all = roles.holders?.() ?? [];
  return all.filter((h) => canApprove(h.role)).map((h) => ({ channel: h.channel, userId: h.userId, role: h.role }));
}

/** Parses STAFF_CHAT entries (`channel:id`). */
export function staffChatRefs(list: readonly string[]): ChatRef[] {
  return list.map((p) => {
    const i = p.indexOf(':');
    return { channel: p.slice(0, i) as ChannelName, chatId: p.slice(i + 1) };
  });
}

/**
 * Installs the announcements part: resident and staff middleware, and a
 * service that syncs declared announcements and runs the engine.
 *
 * @example
 * ```ts
 * // What announcementsPlugin does; the engine starts with app.start().
 * const ann = installAnnouncements(app, { concurrency: 2 });
 * ann.runNow(7); // send announcement 7 once more, now
 * ```
 */
export function installAnnouncements(app: AppContext, extra: Partial<AnnouncementsOptions> = {}): Announcements {
  const c = app.config;
  const ann = new Announcements({
    db: app.db,
    log: app.logger.child({ part: 'announcements' }),
    channels: app.channels,
    hashUser: (ch, id) => app.assistant.hashUser(ch, id),
    tz: c.TZ_NAME,
    graceMinutes: c.SCHEDULE_GRACE_MINUTES,
    minCronIntervalHours: c.SCHEDULE_MIN_INTERVAL_HOURS,
    concurrency: c.BROADCAST_CONCURRENCY,
    staffChats: staffChatRefs(c.STAFF_CHAT),
    approval: c.ANNOUNCE_APPROVAL,
    approvers: () => approversOf(app.assistant.roles),
    describeAudience: (a) => audienceLabel(app, a),
    policyOptions: {
      telegramRate: c.BROADCAST_TELEGRAM_RATE,
      telegramGroupPerMinute: c.BROADCAST_TELEGRAM_GROUP_PER_MINUTE,
      zaloOaRate: c.BROADCAST_ZALO_OA_RATE,
      processes: c.APP_PROCESSES,
    },
    ...extra,
  });
  app.assistant.commands.register(
    ...subscriptionCommands(ann.subscriptions),
    announcementCommand(ann),
    approveCommand(ann),
  );
  app.assistant.use(subscriptionMiddleware(ann.subscriptions), returnCommentMiddleware(ann), draftMiddleware(ann));
  return ann;
}

/** The engine as a service: it syncs declared announcements at start and on every knowledge reload, then runs. */
export function engineService(app: AppContext, ann: Announcements): Service {
  const sync = () => {
    try {
      syncDeclared(ann, readDeclared(app.knowledge.dir), app.knowledge.kb, ann.opts.log);
    } catch (err) {
      ann.opts.log.error({ err }, 'could not synchronise declared announcements');
    }
  };
  app.knowledge.onReload(sync);
  return {
    name: 'announcements',
    start: () => {
      if (app.knowledge.dir) sync();
      ann.start();
    },
    stop: () => ann.stop(),
  };
}
