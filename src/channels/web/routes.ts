/**
 * The web chat API, used by the chat page (same origin) and by the portals
 * listed in `WEB_CHAT_ORIGINS` (CORS):
 *
 * - `POST /api/chat/messages` `{ text }` or `{ payload }` (a pressed button) → `{ replies }`
 * - `POST /api/chat/feedback` `{ questionId, helpful }` → `{ ok, message }`
 * - `GET /api/chat/inbox` → `{ replies, live }`: what staff sent (ticket answers, a handoff's
 *   messages); `live` while a staff member is in the conversation
 *
 * Bodies are validated by JSON schema; each visitor is rate limited per
 * session, and per IP address while it opens sessions; errors are coded
 * (messages.ts).
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import { parseSubscriptionCommand } from '../../announcements/subscribe.js';
import type { Assistant } from '../../core/assistant.js';
import type { WebInbox } from './inbox.js';
import { subscribeElsewhereReply, WebChatError } from './messages.js';
import { ensureSession, readSession, type SessionCookiePolicy } from './session.js';

/** Longest text accepted in one message (characters); the assistant reads long letters by their head and tail. */
export const MAX_TEXT_CHARS = 8000;
/** Inbox polls allowed per session and minute (the widget polls every 4 s during a handoff). */
export const INBOX_POLLS_PER_MINUTE = 30;
/** Largest request body of the chat API (bytes). */
export const API_BODY_LIMIT = 32 * 1024;

/** What the routes need. */
export interface ChatRoutesOptions {
  assistant: Assistant;
  inbox: WebInbox;
  log: Logger;
  cookies: SessionCookiePolicy;
  subscribeLinks: readonly string[];
  /** Origins allowed besides the server's own. */
  origins: readonly string[];
  perSessionPerMinute: number;
  perIpPerMinute: number;
  now: () => number;
}

const messageBody = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    payload: { type: 'string', minLength: 1, maxLength: 300 },
  },
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
} as const;

const feedbackBody = {
  type: 'object',
  properties: { questionId: { type: 'integer', minimum: 1 }, helpful: { type: 'boolean' } },
  required: ['questionId', 'helpful'],
  additionalProperties: false,
} as const;

/** Whether a request comes from the server's own pages or from an allowed portal (no Origin: not a browser form). */
export function originAllowed(req: FastifyRequest, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return origin === `${req.protocol}://${req.host}` || origins.includes(origin);
}

/** Registers the chat API on an encapsulated scope that has @fastify/cookie and @fastify/rate-limit. */
export function registerChatRoutes(f: FastifyInstance, o: ChatRoutesOptions): void {
  const sameOrigin: onRequestHookHandler = async (req) => {
    if (!originAllowed(req, o.origins)) throw new WebChatError('TXA_WEB_ORIGIN');
  };
  // @fastify/rate-limit runs one limiter per request, so one limiter keys both: a request with a
  // valid session counts against the session, one without (it opens a session) against its address.
  const limiter = f.rateLimit({
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const s = readSession(req, o.now());
      return s ? `s:${s}` : `ip:${req.ip}`;
    },
    max: async (_req, key) => (key.startsWith('s:') ? o.perSessionPerMinute : o.perIpPerMinute),
    errorResponseBuilder: () => new WebChatError('TXA_WEB_RATE_LIMITED'),
  });
  const guards = [sameOrigin, limiter];
  // Polling has a budget of its own (it runs every few seconds while a staff member is in the conversation).
  const inboxLimiter = f.rateLimit({
    timeWindow: 60_000,
    keyGenerator: (req) => `inbox:${readSession(req, o.now()) ?? req.ip}`,
    max: INBOX_POLLS_PER_MINUTE,
    errorResponseBuilder: () => new WebChatError('TXA_WEB_RATE_LIMITED'),
  });

  f.post<{ Body: { text?: string; payload?: string } }>(
    '/api/chat/messages',
    { schema: { body: messageBody }, onRequest: guards, bodyLimit: API_BODY_LIMIT },
    async (req, reply) => {
      const session = ensureSession(req, reply, o.cookies, o.now());
      // Fastify's validator drops unknown properties: a body with neither field is refused here.
      if (req.body.text === undefined && req.body.payload === undefined) throw new WebChatError('TXA_WEB_BAD_REQUEST');
      const fromButton = req.body.payload !== undefined;
      const text = req.body.payload ?? req.body.text ?? '';
      if (text.length > MAX_TEXT_CHARS) throw new WebChatError('TXA_WEB_TOO_LARGE');
      // A web page cannot be sent news later: subscriptions go to Zalo or Telegram.
      if (parseSubscriptionCommand(text)?.kind === 'subscribe')
        return { replies: [subscribeElsewhereReply(o.subscribeLinks)] };
      const replies = await o.assistant.handle({ channel: 'web', userId: session, chatId: session, text, fromButton });
      return { replies };
    },
  );

  f.post<{ Body: { questionId: number; helpful: boolean } }>(
    '/api/chat/feedback',
    { schema: { body: feedbackBody }, onRequest: guards, bodyLimit: 1024 },
    async (req) => {
      const session = readSession(req, o.now());
      if (!session) throw new WebChatError('TXA_WEB_BAD_REQUEST');
      // Only the visitor who asked votes on an answer.
      const { questionId, helpful } = req.body;
      const r = o.assistant.recordFeedback({ channel: 'web', userId: session, questionId, helpful, onlyAsker: true });
      if (r === 'refused') throw new WebChatError('TXA_WEB_BAD_REQUEST');
      return { ok: true, message: r === 'recorded' ? 'Cảm ơn bạn đã góp ý!' : 'Bạn đã góp ý cho câu trả lời này rồi.' };
    },
  );

  f.get('/api/chat/inbox', { onRequest: [inboxLimiter] }, async (req) => {
    const session = readSession(req, o.now());
    if (!session) return { replies: [], live: false };
    // `live`: a staff member is in the conversation, so the widget asks again soon.
    return { replies: o.inbox.take(session, o.now()), live: o.assistant.isLive('web', session) };
  });
}
