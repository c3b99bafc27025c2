/**
 * Installs the admin part on an app: role-checked staff and admin commands,
 * feedback intake and the satisfaction survey (middleware), the knowledge
 * watcher and the daily retention service, and the admin migrations' users.
 */
import type { App } from '../app/app.js';
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
import { commandMiddleware, type AdminEnv, type StaffCommand, type StaffHelp } from './commands.js';
import { intakeMiddleware } from './intake.js';
import { KnowledgeWatcher } from './knowledge-watcher.js';
import { sendToAll } from './notify.js';
import { RetentionService } from './retention.js';
import { DbRoleResolver } from './roles.js';
import { surveyMiddleware } from './survey.js';
import { ticketCommands } from './ticket-commands.js';

/** Options of {@link installAdmin} (tests shorten the timings). */
export interface InstallAdminOptions {
  /** Debounce of the knowledge watcher (ms). */
  watchDebounceMs?: number;
  /** Interval of the retention run (ms). */
  retentionIntervalMs?: number;
}

/** What {@link installAdmin} set up, for tests and other parts. */
export interface AdminHandles {
  env: AdminEnv;
  roles: DbRoleResolver;
  watcher: KnowledgeWatcher;
  retention: RetentionService;
  commands: StaffCommand[];
  /** Help lines of staff commands other parts handle themselves; `/lenh` lists them. */
  extraHelp: StaffHelp[];
  /** Sends a reply to every admin on every running channel (and logs that it did). */
  notifyAdmins(reply: Reply): Promise<number>;
}

const installed = new WeakMap<App, AdminHandles>();

/** The admin part installed on an app, if any (tests, other parts). */
export function adminHandles(app: App): AdminHandles | undefined {
  return installed.get(app);
}

/** Sets up the admin part. */
export function installAdmin(app: App, opts: InstallAdminOptions = {}): AdminHandles {
  let roles: DbRoleResolver;
  if (app.assistant.roles instanceof DbRoleResolver) roles = app.assistant.roles;
  else {
    app.logger.warn('assistant does not use DbRoleResolver; role grants made in chat will not take effect');
    roles = new DbRoleResolver(app.db, app.config.ADMIN_IDS, app.config.STAFF_IDS, app.assistant.now);
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
  const retention = new RetentionService({
    db: app.db,
    log: app.logger,
    days: app.config.FEEDBACK_RETENTION_DAYS,
    now,
    ...(opts.retentionIntervalMs !== undefined ? { intervalMs: opts.retentionIntervalMs } : {}),
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
  const extraHelp: StaffHelp[] = [];
  app.assistant.use(commandMiddleware(commands, env, extraHelp), surveyMiddleware(env), intakeMiddleware(env));
  if (app.config.KNOWLEDGE_WATCH && app.knowledge.dir) app.services.push(watcher);
  app.services.push(retention);
  const handles: AdminHandles = { env, roles, watcher, retention, commands, extraHelp, notifyAdmins };
  installed.set(app, handles);
  return handles;
}
