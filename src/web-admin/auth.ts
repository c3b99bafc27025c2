/**
 * Signing in and out of the staff console, and the checks every console
 * request goes through: a valid session cookie, a role that is still held
 * (read again on every request), a CSRF token on every state-changing
 * request, and a line in the audit log for every action.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Role } from '../core/assistant.js';
import { writeAudit } from '../admin/audit.js';
import type { Db } from '../storage/db.js';
import { html, page, type Viewer } from './layout.js';
import { consumeLoginLink } from './links.js';
import {
  ADMIN_COOKIE,
  ADMIN_SESSION_TTL_MS,
  createAdminSession,
  csrfMatches,
  endAdminSession,
  readAdminSession,
} from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member or admin (set by the console's session check). */
    viewer?: Viewer & { sessionId: string; channel: string; userId: string; userHash: string };
  }
}

/** What the console's checks need from the app. */
export interface AuthEnv {
  db: Db;
  roleOf(channel: string, userId: string): Role;
  hashUser(channel: string, userId: string): string;
  now(): number;
  secureCookies: boolean;
}

function split(principal: string): { channel: string; userId: string } {
  const i = principal.indexOf(':');
  return { channel: principal.slice(0, i), userId: principal.slice(i + 1) };
}

/** Writes an audit line for a console action by the request's viewer (or by `principal`). */
export function audit(
  env: AuthEnv,
  req: FastifyRequest,
  action: string,
  outcome: 'ok' | 'refused' | 'failed',
  detail?: string,
  principal?: string,
): void {
  const who = req.viewer ?? (principal ? { ...split(principal), role: 'resident' as Role } : undefined);
  if (!who) return;
  const role = req.viewer?.role ?? env.roleOf(who.channel, who.userId);
  writeAudit(env.db, {
    ts: env.now(),
    channel: who.channel,
    userHash: env.hashUser(who.channel, who.userId),
    role,
    action: `web ${action}`,
    outcome,
    ...(detail ? { detail } : {}),
  });
}

const SIGN_IN_HELP = html`<p>Để đăng nhập, bạn nhắn <strong>/dangnhap</strong> cho trợ lý trên Telegram hoặc Zalo (tài khoản đã được cấp quyền cán bộ) và mở liên kết nhận được trong 10 phút. Mỗi liên kết chỉ dùng được một lần.</p>`;

function signInPage(reply: FastifyReply, status: number, message?: string): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(page('Đăng nhập', SIGN_IN_HELP, message ? { error: message } : {}));
}

/**
 * The session check of console pages: redirects to the sign-in help without
 * a session, refuses (and signs out) a person whose role was revoked, and
 * refuses staff on admin pages.
 */
export function requireRole(env: AuthEnv, needed: 'staff' | 'admin'): preHandlerHookHandler {
  return async (req, reply) => {
    const raw = req.cookies[ADMIN_COOKIE];
    const u = raw ? req.unsignCookie(raw) : undefined;
    const session = u?.valid && u.value ? readAdminSession(env.db, u.value, env.now()) : undefined;
    if (!session || !u?.value)
      return signInPage(reply, 401, raw ? 'Phiên đăng nhập đã hết hạn. Bạn vui lòng đăng nhập lại.' : undefined);
    const { channel, userId } = split(session.principal);
    const role = env.roleOf(channel, userId);
    if (role === 'resident') {
      endAdminSession(env.db, u.value);
      return signInPage(reply, 403, 'Tài khoản này không còn quyền cán bộ.');
    }
    req.viewer = {
      principal: session.principal,
      role,
      csrf: session.csrf,
      sessionId: u.value,
      channel,
      userId,
      userHash: env.hashUser(channel, userId),
    };
    if (needed === 'admin' && role !== 'admin') {
      audit(env, req, `${req.method} ${req.routeOptions.url}`, 'refused');
      return reply
        .status(403)
        .type('text/html; charset=utf-8')
        .send(page('Không có quyền', html`<p>Trang này chỉ dành cho quản trị viên.</p>`, { viewer: req.viewer }));
    }
    if (req.method === 'POST') {
      const body = req.body as Record<string, unknown> | undefined;
      const origin = req.headers.origin;
      const sameOrigin = !origin || origin === `${req.protocol}://${req.host}`;
      if (!sameOrigin || !csrfMatches(session, body?._csrf)) {
        audit(env, req, `${req.method} ${req.routeOptions.url}`, 'refused', 'csrf');
        return reply
          .status(403)
          .type('text/html; charset=utf-8')
          .send(
            page(
              'Yêu cầu bị từ chối',
              html`<p>Biểu mẫu đã cũ hoặc không gửi từ trang quản trị. Bạn vui lòng tải lại trang và thử lại.</p>`,
              { viewer: req.viewer },
            ),
          );
      }
    }
  };
}

const LINK_PROBLEM = {
  unknown: 'Liên kết đăng nhập không đúng. Bạn vui lòng nhắn /dangnhap để nhận liên kết mới.',
  used: 'Liên kết này đã được dùng. Mỗi liên kết chỉ dùng được một lần; bạn nhắn /dangnhap để nhận liên kết mới.',
  expired: 'Liên kết đã hết hạn (sau 10 phút). Bạn nhắn /dangnhap để nhận liên kết mới.',
} as const;

/**
 * `GET /admin/login?token=…` shows a button (link previews of chat apps
 * fetch the URL and must not use the link up); `POST /admin/login` uses the
 * link, starts the session and sets its cookie; `POST /admin/logout` ends it.
 */
export function registerSignIn(f: FastifyInstance, env: AuthEnv): void {
  f.get<{ Querystring: { token?: string; out?: string } }>('/admin/login', async (req, reply) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token) return signInPage(reply, 200, undefined).header('cache-control', 'no-store');
    const form = html`<form method="post" action="/admin/login"><input type="hidden" name="token" value="${token}"><button type="submit">Đăng nhập</button></form>${SIGN_IN_HELP}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page('Đăng nhập', form));
  });
  f.post<{ Body: { token?: unknown } }>('/admin/login', async (req, reply) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const r = consumeLoginLink(env.db, token, env.now());
    if (!r.ok) return signInPage(reply, 400, LINK_PROBLEM[r.reason]);
    const { channel, userId } = split(r.principal);
    if (env.roleOf(channel, userId) === 'resident') {
      audit(env, req, 'dangnhap', 'refused', undefined, r.principal);
      return signInPage(reply, 403, 'Tài khoản này không có quyền cán bộ.');
    }
    const { id } = createAdminSession(env.db, r.principal, env.now());
    audit(env, req, 'dangnhap', 'ok', undefined, r.principal);
    return reply
      .setCookie(ADMIN_COOKIE, id, {
        signed: true,
        httpOnly: true,
        sameSite: 'strict',
        path: '/admin',
        maxAge: ADMIN_SESSION_TTL_MS / 1000,
        secure: env.secureCookies,
      })
      .redirect('/admin', 303);
  });
  f.post('/admin/logout', { preHandler: requireRole(env, 'staff') }, async (req, reply) => {
    audit(env, req, 'dangxuat', 'ok');
    endAdminSession(env.db, req.viewer!.sessionId);
    return reply
      .clearCookie(ADMIN_COOKIE, { path: '/admin' })
      .type('text/html; charset=utf-8')
      .send(page('Đã đăng xuất', html`<p>Bạn đã đăng xuất khỏi trang quản trị.</p>${SIGN_IN_HELP}`));
  });
}
