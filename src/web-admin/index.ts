/**
 * The staff console (`/admin`): a Fastify plugin on the assistant's HTTP
 * server with server-rendered pages, and the `/dangnhap` command that gives
 * a staff member or admin a one-time sign-in link. Enabled by
 * `ADMIN_WEB_ENABLED`.
 *
 * @example
 * ```sh
 * ADMIN_WEB_ENABLED=true npm start
 * npm run admin:link -- --user telegram:123456789   # first sign-in of an admin
 * ```
 */
import { definePlugin } from '../app/plugin.js';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { infoReply, registerStaffCommands, type StaffCommand } from '../admin/commands.js';
import { DbRoleResolver } from '../admin/roles.js';
import { assetsFolder } from '../http/html.js';
import { cookieSecret } from '../http/secret.js';
import { registerSignIn, type AuthEnv } from './auth.js';
import { issueLoginLink, LINK_TTL_MS } from './links.js';
import { registerHandoff } from './pages/handoff.js';
import { registerOverview } from './pages/overview.js';
import { registerReport } from './pages/report.js';
import { registerTickets } from './pages/tickets.js';
import { registerUnanswered } from './pages/unanswered.js';
import { registerUsers } from './pages/users.js';
import { registerAnnouncements } from './pages/announcements.js';
import { registerAnnouncement } from './pages/announcement.js';
import { registerKnowledge } from './pages/knowledge.js';
import { registerKnowledgeImport } from './pages/knowledge-import.js';

import { webAdminMigrations } from './migrations.js';

export { webAdminMigrations };

/** The console's base URL for sign-in links. */
export function consoleBase(app: Pick<AppContext, 'config'>): string {
  return (app.config.PUBLIC_URL ?? `http://localhost:${app.config.PORT}`).replace(/\/+$/, '');
}

/** Options of the console plugin. */
export interface WebAdminOptions {
  env: AuthEnv;
  roles: DbRoleResolver;
  secret: string;
  /** The app, for pages built on other parts (announcements, knowledge). */
  app: AppContext;
}

/**
 * The console as an encapsulated Fastify plugin.
 *
 * @example
 * ```ts
 * void app.http.register(webAdminRoutes, { app, env: authEnv, roles, secret: cookieSecret(app.db, config.WEB_SESSION_SECRET) });
 * ```
 */
export async function webAdminRoutes(f: FastifyInstance, o: WebAdminOptions): Promise<void> {
  await f.register(fastifyCookie, { secret: o.secret });
  await f.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await f.register(fastifyHelmet, {
    global: true,
    // Not no-referrer: browsers then send "Origin: null" with form posts, and the origin check needs the real one.
    referrerPolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
  });
  await f.register(fastifyStatic, { root: assetsFolder(import.meta.url, 'admin.css'), serve: false });
  f.get('/admin/admin.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').sendFile('admin.css'),
  );
  registerSignIn(f, o.env);
  registerOverview(f, o.env);
  registerUsers(f, o.env, o.roles);
  registerUnanswered(f, o.env, o.app.knowledge);
  registerTickets(f, o.env, o.app, o.roles);
  registerReport(f, o.env, o.app);
  registerHandoff(f, o.env, o.app);
  registerAnnouncements(f, o.env, o.app);
  registerAnnouncement(f, o.env, o.app);
  registerKnowledge(f, o.env, o.app);
  registerKnowledgeImport(f, o.env, o.app);
}

/** `/dangnhap`: a one-time link to the console, in a private chat. */
export function loginCommand(app: Pick<AppContext, 'config' | 'db'>): StaffCommand {
  return {
    name: 'dangnhap',
    role: 'staff',
    help: 'liên kết đăng nhập trang quản trị (dùng một lần, trong 10 phút)',
    run(ctx, _args, env) {
      if (ctx.message.isGroup) {
        ctx.reply(infoReply('Vì an toàn, bạn nhắn /dangnhap trong tin nhắn riêng với trợ lý, không trong nhóm.'));
        return { outcome: 'failed', detail: 'group' };
      }
      const r = issueLoginLink(app.db, `${ctx.message.channel}:${ctx.message.userId}`, env.now());
      if (!r.ok) {
        ctx.reply(infoReply('Bạn đã xin nhiều liên kết đăng nhập trong một giờ qua. Bạn vui lòng thử lại sau.'));
        return { outcome: 'failed', detail: 'rate limited' };
      }
      ctx.reply({
        kind: 'info',
        title: 'Đăng nhập trang quản trị',
        sections: [
          {
            text: `Liên kết dùng được một lần, trong ${LINK_TTL_MS / 60_000} phút. Đừng chuyển liên kết này cho người khác.`,
          },
        ],
        links: [{ label: 'Mở trang quản trị', url: `${consoleBase(app)}/admin/login?token=${r.token}` }],
      });
      return { outcome: 'ok' };
    },
  };
}

/**
 * The staff web console (`/admin`), when `ADMIN_WEB_ENABLED` is set; it shows the other parts' data.
 *
 * @example
 * ```ts
 * // Needs admin, handoff and announcements: DEFAULT_PLUGINS lists all four.
 * const app = await createApp({ ...config, ADMIN_WEB_ENABLED: true }, logger);
 * await app.start(); // console at /admin; staff sign in with the link /dangnhap sends
 * ```
 */
export const webConsolePlugin = definePlugin({
  name: 'web-console',
  dependencies: ['admin', 'handoff', 'announcements'],
  migrations: webAdminMigrations,
  usesHttp: (ctx) => ctx.config.ADMIN_WEB_ENABLED === true,
  install: (ctx) => installWebAdmin(ctx),
});

/** Installs the console when `ADMIN_WEB_ENABLED` is set (its `/dangnhap` is a registered staff command). */
export function installWebAdmin(app: AppContext): void {
  if (!app.config.ADMIN_WEB_ENABLED) return;
  if (!(app.assistant.roles instanceof DbRoleResolver)) {
    app.logger.warn('the staff console needs DbRoleResolver; not started');
    return;
  }
  const roles = app.assistant.roles;
  const now = () => app.assistant.now();
  registerStaffCommands(app.assistant.commands, [loginCommand(app)], { app, roles, now });
  const env: AuthEnv = {
    db: app.db,
    roleOf: (c, u) => roles.roleOf(c, u),
    hashUser: (c, u) => app.assistant.hashUser(c, u),
    now,
    secureCookies: app.config.PUBLIC_URL?.startsWith('https://') ?? false,
  };
  void app.http.register(webAdminRoutes, {
    app,
    env,
    roles,
    secret: cookieSecret(app.db, app.config.WEB_SESSION_SECRET),
  });
}
