/**
 * One commune's staff and administrators can do nothing in another commune
 * of the same city: every chat command that is not for residents is refused,
 * and every route of the other commune's console answers their signed-in
 * browser exactly as it answers a stranger.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { forResidents } from '../../src/core/commands/access.js';
import { silentLogger } from '../../src/log/index.js';
import { createCity, type City } from '../../src/tenants/city.js';
import { servedRoutes } from '../../src/http/server.js';
import { ADMIN_COOKIE } from '../../src/web-admin/sessions.js';
import { writeCity } from './fixtures.js';

let city: City;
let root = '';
const A = 'an-bien.city.test';
const B = 'le-chan.city.test';
const console = (host: string) => ({
  ADMIN_WEB_ENABLED: 'true',
  WEB_CHAT_ENABLED: 'true',
  PUBLIC_URL: `https://${host}`,
  WEB_SESSION_SECRET: `secret-of-${host}-0123456789abcdef`,
});

beforeAll(async () => {
  const w = writeCity([
    {
      id: 'an-bien',
      name: 'Phường An Biên',
      env: { ...console(A), ADMIN_IDS: 'telegram:100', APPROVER_IDS: 'telegram:150', STAFF_IDS: 'telegram:200' },
    },
    { id: 'le-chan', name: 'Phường Lê Chân', env: { ...console(B), ADMIN_IDS: 'telegram:900' } },
  ]);
  root = w.root;
  city = await createCity(w.env, parseConfig(w.env), silentLogger);
});
afterAll(async () => {
  await city.stop();
  rmSync(root, { recursive: true, force: true });
});

const say = (commune: string, userId: string, text: string) =>
  city.apps.get(commune)!.assistant.handle({ channel: 'telegram', userId, chatId: userId, text });

describe('chat commands across communes', () => {
  it('refuses every staff, approver and admin command of another commune', async () => {
    const commands = city.apps
      .get('le-chan')!
      .assistant.commands.list()
      .filter((c) => !forResidents(c.role));
    expect(commands.length).toBeGreaterThan(10);
    for (const who of ['100', '150', '200']) {
      for (const c of commands) {
        const [r] = await say('le-chan', who, `/${c.name}`);
        expect(r?.kind, `/${c.name} by telegram:${who}`).toBe('refusal');
      }
    }
    // The same people are staff at home: the check is not vacuous.
    const [home] = await say('an-bien', '100', '/lenh');
    expect(home?.kind).not.toBe('refusal');
    const [other] = await say('le-chan', '900', '/lenh');
    expect(other?.kind).not.toBe('refusal');
  });
});

const login = (host: string, token: string) =>
  city.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString(),
  });

async function signIn(commune: string, host: string, userId: string): Promise<{ cookie: string; token: string }> {
  const [r] = await say(commune, userId, '/dangnhap');
  const url = new URL(r!.links![0]!.url);
  expect(url.host).toBe(host);
  const token = url.searchParams.get('token')!;
  // A sign-in link of one commune opens nothing at another's address, and stays usable at home.
  const elsewhere = await login(host === A ? B : A, token);
  expect(elsewhere.statusCode).not.toBe(303);
  expect(elsewhere.cookies.some((c) => c.name === ADMIN_COOKIE && c.value)).toBe(false);
  const res = await login(host, token);
  expect(res.statusCode).toBe(303);
  return { cookie: `${ADMIN_COOKIE}=${res.cookies.find((c) => c.name === ADMIN_COOKIE)!.value}`, token };
}

describe('the console across communes', () => {
  it('answers another commune’s signed-in admin on every route as it answers a stranger', async () => {
    const a = await signIn('an-bien', A, '100');
    const home = await city.inject({ url: '/admin', headers: { host: A, cookie: a.cookie } });
    expect(home.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
    const routes = servedRoutes(city.apps.get('le-chan')!.http).filter(
      (r) => r.method !== 'HEAD' && r.method !== 'OPTIONS',
    );
    expect(routes.filter((r) => r.url.startsWith('/admin')).length).toBeGreaterThan(15);
    for (const r of routes) {
      const url = r.url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x');
      const request = (cookie?: string) =>
        city.inject({
          method: r.method as 'GET',
          url,
          headers: {
            host: B,
            'content-type': 'application/x-www-form-urlencoded',
            ...(cookie ? { cookie } : {}),
          },
          ...(r.method === 'POST' ? { payload: new URLSearchParams({ _csrf: csrf, token: a.token }).toString() } : {}),
        });
      const stranger = await request();
      const neighbour = await request(a.cookie);
      expect(neighbour.statusCode, `${r.method} ${r.url}`).toBe(stranger.statusCode);
      if (r.url.startsWith('/admin/') && r.url !== '/admin/login' && !r.url.includes('.'))
        expect(neighbour.statusCode, `${r.method} ${r.url}`).not.toBe(200);
      expect(
        neighbour.cookies.some((c) => c.name === ADMIN_COOKIE && c.value),
        `${r.method} ${r.url}`,
      ).toBe(false);
    }
  });
});

describe('the shared knowledge from a commune’s console', () => {
  it('is read-only: the catalogue import is the city’s, and shared entries are edited by the city', async () => {
    const a = await signIn('an-bien', A, '100');
    const get = (url: string) => city.inject({ url, headers: { host: A, cookie: a.cookie } });
    const imp = await get('/admin/tri-thuc/nhap');
    expect(imp.statusCode).toBe(409);
    expect(imp.body).toContain('dùng chung cho mọi xã của thành phố');
    const entry = await get('/admin/tri-thuc/muc/khai-sinh');
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain('tri thức dùng chung của thành phố');
    expect(entry.body).not.toContain('name="field"');
  });
});
