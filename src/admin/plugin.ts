/**
 * Installs the admin part on an app: staff and admin commands and the audit
 * of every command (through the core's command registry), feedback intake
 * and the satisfaction survey (commands and middleware), the knowledge
 * watcher, and the admin migrations' users. Old tickets are purged by the
 * privacy part's daily purge of every table (admin/personal-data.ts).
 */
import type { AppContext } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import { adminMigrations } from './migrations.js';
import { adminPersonalData } from './personal-data.js';
import type { Reply } from '../core/types.js';
import { renderPlainText } from '../core/render-text.js';
import {
  addAliasCommand,
  auditCommand,
  grantCommand,
  reloadCommand,
  reportCommand,
  revokeCommand,
  rolesCommand,
  unansweredCommand,
} from './admin-commands.js';
import { writeAudit } from './audit.js';
import { registerStaffCommands, type AdminEnv, type StaffCommand } from './commands.js';
import { intakeCommand, intakeMiddleware } from './intake.js';
import { KnowledgeWatcher } from './knowledge-watcher.js';
import { sendToAll } from '../core/deliver.js';
import { NewsPlanReminder } from './news-reminder.js';
import { DbRoleResolver } from './roles.js';
import { surveyCommands, surveyMiddleware } from './survey.js';
import { ticketCommands } from './ticket-commands.js';

/** Options of {@link installAdmin} (tests shorten the timings). */
export interface InstallAdminOptions {
  /** Debounce of the knowledge watcher (ms). */
  watchDebounceMs?: number;
}

/** What {@link installAdmin} set up, for tests and other parts. */
export interface AdminHandles {
  env: AdminEnv;
  roles: DbRoleResolver;
  watcher: KnowledgeWatcher;
  /** The monthly CCHC news plan reminder. */
  newsReminder: NewsPlanReminder;
  /** The staff and admin commands of this part (registered with `app.assistant.commands`). */
  commands: StaffCommand[];
  /** Sends a reply to every admin on every running channel (and logs that it did). */
  notifyAdmins(reply: Reply): Promise<number>;
}

/**
 * The admin part: roles, staff commands, feedback intake, the survey, the knowledge watcher.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger, { plugins: [adminPlugin] });
 * const admin = adminHandles(app)!;
 * await admin.notifyAdmins({ kind: 'info', title: 'Kho kiến thức', sections: [{ text: 'Đã nạp lại.' }] });
 * ```
 */
export const adminPlugin = definePlugin({
  name: 'admin',
  migrations: adminMigrations,
  personalData: adminPersonalData,
  install: (ctx) => installAdmin(ctx),
  services: (h, ctx) => [...(ctx.config.KNOWLEDGE_WATCH && ctx.knowledge.dir ? [h.watcher] : []), h.newsReminder],
});

/** The admin part installed on an app, if any (tests, other parts). */
export function adminHandles(app: AppContext): AdminHandles | undefined {
  return app.plugins.get(adminPlugin);
}

/**
 * Sets up the admin part.
 *
 * @example
 * ```ts
 * // What adminPlugin does; tests shorten the timings.
 * const admin = installAdmin(app, { watchDebounceMs: 50 });
 * admin.roles.admins(); // ADMIN_IDS plus roles granted in chat
 * ```
 */
export function installAdmin(app: AppContext, opts: InstallAdminOptions = {}): AdminHandles {
  let roles: DbRoleResolver;
  if (app.assistant.roles instanceof DbRoleResolver) roles = app.assistant.roles;
  else {
    app.logger.warn('assistant does not use DbRoleResolver; role grants made in chat will not take effect');
    roles = new DbRoleResolver(
      app.db,
      app.config.ADMIN_IDS,
      app.config.STAFF_IDS,
      app.assistant.now,
      app.config.APPROVER_IDS,
    );
  }
  const now = () => app.assistant.now();
  const env: AdminEnv = { app, roles, now };
  const notifyAdmins = async (reply: Reply): Promise<number> => {
    const n = await sendToAll(app, roles.admins(), reply);
    app.logger.info({ delivered: n, title: reply.title }, 'admins notified');
    if (n === 0 && reply.kind === 'error') app.logger.warn(`no admin reachable:\n${renderPlainText(reply)}`);
    return n;
  };
  const watcher = new KnowledgeWatcher({
    store: app.knowledge,
    log: app.logger,
    notifyAdmins,
    ...(opts.watchDebounceMs !== undefined ? { debounceMs: opts.watchDebounceMs } : {}),
  });
  const commands: StaffCommand[] = [
    reloadCommand(watcher),
    unansweredCommand,
    addAliasCommand,
    grantCommand,
    revokeCommand,
    rolesCommand,
    auditCommand,
    reportCommand,
    ...ticketCommands,
  ];
  const registry = app.assistant.commands;
  // Every command's audit line (run, failed or refused) goes to the audit table.
  registry.auditWith((ctx, e) =>
    writeAudit(ctx.db, { ts: now(), channel: ctx.message.channel, userHash: ctx.userHash, role: ctx.role, ...e }),
  );
  registerStaffCommands(registry, commands, env);
  registry.register(...surveyCommands, intakeCommand(env));
  app.assistant.use(surveyMiddleware(env), intakeMiddleware(env));
  const newsReminder = new NewsPlanReminder({ env, target: app.config.REPORT_TARGET_CCHC_NEWS_PER_MONTH });
  return { env, roles, watcher, newsReminder, commands, notifyAdmins };
}
