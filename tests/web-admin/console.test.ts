/**
 * The staff console's sign-in and checks (src/web-admin): one-time links
 * from /dangnhap, signed HttpOnly session cookies that expire, roles read on
 * every request, CSRF on every state-changing request, and audit lines for
 * sign-in, sign-out and every action.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_COOKIE, ADMIN_SESSION_TTL_MS } from '../../src/web-admin/sessions.js';
import { LINK_TTL_MS, LINKS_PER_HOUR } from '../../src/web-admin/links.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({
    ADMIN_WEB_ENABLED: 'true',
    ADMIN_IDS: 'telegram:admin1',
    STAFF_IDS: 'telegram:staff1,zalo-oa:staff2',
    PUBLIC_URL: 'https://tro-ly.xa-mau.gov.vn',
  });
  await t.app.http.ready();
});
afterEach(async () => t.close());

/** Asks the bot for a link and returns its token. */
async function linkFor(channel: 'telegram' | 'zalo-oa', id: string): Promise<string> {
  const [r] = await t.say(channel, id, '/dangnhap');
  const url = r!.links?.[0]?.url;
  expect(url, replyText(r!)).toMatch(/^https:\/\/tro-ly\.xa-mau\.gov\.vn\/admin\/login\?token=/);
  return new URL(url!).searchParams.get('token')!;
}

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

async function signIn(token: string): Promise<LightMyRequestResponse> {
  return t.app.http.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ token }),
  });
}

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === ADMIN_COOKIE)!;
  return `${ADMIN_COOKIE}=${c.value}`;
}

const get = (url: string, cookie?: string) => t.app.http.inject({ url, headers: cookie ? { cookie } : {} });
const post = (url: string, cookie: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.http.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(body),
  });
const csrfOf = (htmlText: string) => /name="_csrf" value="([^"]+)"/.exec(htmlText)![1]!;
const auditActions = () =>
  (
    t.app.db.prepare('SELECT action, outcome FROM audit_log ORDER BY id').all() as { action: string; outcome: string }[]
  ).map((r) => `${r.action}:${r.outcome}`);

describe('signing in', () => {
  it('gives staff a one-time link that opens the console once', async () => {
    const token = await linkFor('telegram', 'staff1');
    // Opening the link (or a chat app's link preview) does not use it up.
    const landing = await get(`/admin/login?token=${token}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('<button type="submit">Đăng nhập</button>');
    const res = await signIn(token);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const c = res.cookies.find((x) => x.name === ADMIN_COOKIE)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/admin' });
    const home = await get('/admin', cookieOf(res));
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>Tổng quan</h1>');
    expect(home.body).toContain('<svg class="chart"');
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    // Used once: a second use is refused.
    const again = await signIn(token);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('đã được dùng');
    expect(auditActions()).toEqual(['dangnhap:ok', 'web dangnhap:ok']);
  });

  it('refuses a link after 10 minutes, a made-up token, and residents', async () => {
    const token = await linkFor('zalo-oa', 'staff2');
    t.clock.now += LINK_TTL_MS + 1;
    expect((await signIn(token)).body).toContain('đã hết hạn');
    expect((await signIn('x'.repeat(43))).body).toContain('không đúng');
    const [r] = await t.say('telegram', 'resident9', '/dangnhap');
    expect(r!.kind).toBe('refusal');
  });

  it('gives links only in a private chat, and at most five an hour', async () => {
    const [g] = await t.say('telegram', 'staff1', '/dangnhap', { chatId: '-100777', isGroup: true });
    expect(g!.links).toBeUndefined();
    expect(replyText(g!)).toContain('tin nhắn riêng');
    for (let i = 0; i < LINKS_PER_HOUR; i++) await linkFor('telegram', 'staff1');
    const [r] = await t.say('telegram', 'staff1', '/dangnhap');
    expect(r!.links).toBeUndefined();
    expect(replyText(r!)).toContain('nhiều liên kết');
  });

  it('sends everyone without a session to the sign-in help, and ends sessions after a working day', async () => {
    const none = await get('/admin');
    expect(none.statusCode).toBe(401);
    expect(none.body).toContain('/dangnhap');
    const cookie = cookieOf(await signIn(await linkFor('telegram', 'staff1')));
    expect((await get('/admin', cookie)).statusCode).toBe(200);
    expect(
      (
        await get(
          '/admin',
          cookie.replace(/.$/, (ch) => (ch === 'a' ? 'b' : 'a')),
        )
      ).statusCode,
    ).toBe(401);
    t.clock.now += ADMIN_SESSION_TTL_MS + 1;
    const late = await get('/admin', cookie);
    expect(late.statusCode).toBe(401);
    expect(late.body).toContain('hết hạn');
  });

  it('signs out with the form, and not without its CSRF token', async () => {
    const cookie = cookieOf(await signIn(await linkFor('telegram', 'staff1')));
    const csrf = csrfOf((await get('/admin', cookie)).body);
    expect((await post('/admin/logout', cookie, {})).statusCode).toBe(403);
    expect((await post('/admin/logout', cookie, { _csrf: csrf })).statusCode).toBe(200);
    expect((await get('/admin', cookie)).statusCode).toBe(401);
    expect(auditActions()).toContain('web dangxuat:ok');
    expect(auditActions()).toContain('web POST /admin/logout:refused');
  });
});

describe('roles on every request', () => {
  it('keeps staff out of the users page and lets admins grant and revoke, with audit lines', async () => {
    const staff = cookieOf(await signIn(await linkFor('telegram', 'staff1')));
    expect((await get('/admin/nguoi-dung', staff)).statusCode).toBe(403);
    const admin = cookieOf(await signIn(await linkFor('telegram', 'admin1')));
    const page = await get('/admin/nguoi-dung', admin);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('telegram:staff1');
    const csrf = csrfOf(page.body);
    // Without the CSRF token, or from another site: refused, nothing changes.
    expect((await post('/admin/nguoi-dung', admin, { principal: 'zalo-bot:new1', role: 'staff' })).statusCode).toBe(
      403,
    );
    expect(
      (
        await post(
          '/admin/nguoi-dung',
          admin,
          { _csrf: csrf, principal: 'zalo-bot:new1', role: 'staff' },
          { origin: 'https://evil.example' },
        )
      ).statusCode,
    ).toBe(403);
    expect(t.app.assistant.roles.roleOf('zalo-bot', 'new1')).toBe('resident');
    const granted = await post('/admin/nguoi-dung', admin, { _csrf: csrf, principal: 'zalo-bot:new1', role: 'staff' });
    expect(granted.body).toContain('Đã cấp quyền cán bộ cho zalo-bot:new1');
    expect(t.app.assistant.roles.roleOf('zalo-bot', 'new1')).toBe('staff');
    const bad = await post('/admin/nguoi-dung', admin, { _csrf: csrf, principal: 'fax:1', role: 'staff' });
    expect(bad.statusCode).toBe(400);
    // Revoking ends the person's console session at once.
    const revoked = await post('/admin/nguoi-dung', admin, {
      _csrf: csrf,
      principal: 'telegram:staff1',
      role: 'resident',
    });
    expect(revoked.body).toContain('Đã thu hồi quyền của telegram:staff1');
    expect((await get('/admin', staff)).statusCode).toBe(401);
    const actions = auditActions();
    expect(actions).toContain('web GET /admin/nguoi-dung:refused');
    expect(actions).toContain('web capquyen:ok');
    expect(actions).toContain('web capquyen:failed');
    expect(actions).toContain('web thuhoi:ok');
    // The audit log filters.
    const filtered = await get('/admin/nguoi-dung?action=thuhoi&outcome=ok', admin);
    expect(filtered.body).toContain('web thuhoi');
    expect(filtered.body).not.toContain('web capquyen');
  });

  it('escapes what residents typed on the overview', async () => {
    await t.say('telegram', 'r1', '<script>alert(1)</script> xin cấp giấy phép bay flycam');
    const admin = cookieOf(await signIn(await linkFor('telegram', 'admin1')));
    const home = await get('/admin', admin);
    expect(home.body).not.toContain('<script>alert');
  });
});
