/**
 * Helpers of the console page tests: sign in through /dangnhap like staff
 * do, then GET and POST forms with the session cookie and the CSRF token.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ADMIN_COOKIE } from '../../src/web-admin/sessions.js';
import { replyText, type TestApp } from '../admin/helpers.js';

/** A signed-in console user. */
export interface Session {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(
    url: string,
    body: Record<string, string | string[]>,
    o?: { csrf?: boolean; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

/** URL-encodes a form (repeated keys for lists). */
export function form(o: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

/** The CSRF token of a console page. */
export const csrfOf = (htmlText: string): string => /name="_csrf" value="([^"]+)"/.exec(htmlText)![1]!;

/** Audit lines as `action:outcome`, oldest first. */
export function auditActions(t: TestApp): string[] {
  return (
    t.app.db.prepare('SELECT action, outcome FROM audit_log ORDER BY id').all() as { action: string; outcome: string }[]
  ).map((r) => `${r.action}:${r.outcome}`);
}

/** Unauthenticated GET. */
export function anonymous(t: TestApp, url: string): Promise<LightMyRequestResponse> {
  return t.app.http.inject({ url });
}

/** Signs `channel:id` in with a one-time link from /dangnhap. */
export async function signIn(t: TestApp, channel: 'telegram' | 'zalo-oa', id: string): Promise<Session> {
  const [r] = await t.say(channel, id, '/dangnhap');
  const url = r!.links?.[0]?.url;
  expect(url, replyText(r!)).toContain('/admin/login?token=');
  const token = new URL(url!).searchParams.get('token')!;
  const res = await t.app.http.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ token }),
  });
  expect(res.statusCode).toBe(303);
  const c = res.cookies.find((x) => x.name === ADMIN_COOKIE)!;
  const cookie = `${ADMIN_COOKIE}=${c.value}`;
  const home = await t.app.http.inject({ url: '/admin', headers: { cookie } });
  const csrf = csrfOf(home.body);
  const s: Session = {
    cookie,
    csrf,
    get: (u) => t.app.http.inject({ url: u, headers: { cookie } }),
    post: (u, body, o = {}) =>
      t.app.http.inject({
        method: 'POST',
        url: u,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(o.headers ?? {}) },
        payload: form(o.csrf === false ? body : { _csrf: csrf, ...body }),
      }),
  };
  return s;
}

/** Waits (real time) until `check` holds. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
