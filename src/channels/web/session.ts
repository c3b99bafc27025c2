/**
 * Anonymous web chat sessions. A visitor gets a random id in a signed,
 * HttpOnly cookie (signed by @fastify/cookie with `WEB_SESSION_SECRET`); the
 * cookie carries the time it was issued, so the server refuses it once it is
 * older than the session lifetime even if a browser keeps it. No name, phone
 * number or other personal data is attached to a session.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'txa_sid';
/** How long a conversation lasts without being renewed. */
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

const ID = /^[A-Za-z0-9_-]{22}$/;

/** Where the cookie is valid: HTTPS deployments embed cross-site, so the cookie is `SameSite=None; Secure; Partitioned`. */
export interface SessionCookiePolicy {
  secure: boolean;
}

/**
 * The session id of a request: from a valid, unexpired, correctly signed
 * cookie, else undefined.
 */
export function readSession(req: FastifyRequest, now: number): string | undefined {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const u = req.unsignCookie(raw);
  if (!u.valid || !u.value) return undefined;
  const [id, issued] = u.value.split('.');
  const at = Number.parseInt(issued ?? '', 36);
  if (!id || !ID.test(id) || !Number.isFinite(at) || at > now + 60_000 || now - at > SESSION_TTL_MS) return undefined;
  return id;
}

/** The request's session, or a new one whose cookie is set on the reply. */
export function ensureSession(
  req: FastifyRequest,
  reply: FastifyReply,
  policy: SessionCookiePolicy,
  now: number,
): string {
  const existing = readSession(req, now);
  if (existing) return existing;
  const id = randomBytes(16).toString('base64url');
  reply.setCookie(SESSION_COOKIE, `${id}.${now.toString(36)}`, {
    signed: true,
    httpOnly: true,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
    ...(policy.secure ? { secure: true, sameSite: 'none', partitioned: true } : { sameSite: 'lax' }),
  });
  return id;
}
