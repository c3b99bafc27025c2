/**
 * Builds the web channel when `WEB_CHAT_ENABLED` is set and registers its
 * routes on the assistant's HTTP server, as one encapsulated Fastify plugin:
 * its cookie, CORS, rate-limit, helmet and static plugins and its error
 * handler apply to the chat routes only, not to the webhooks.
 *
 * @example
 * ```sh
 * WEB_CHAT_ENABLED=true npm start   # then open http://localhost:3000/chat
 * ```
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { DbCounters, type FastifyCounterStore, fastifyCounterStore } from '../../storage/counters.js';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { WebChannel } from './channel.js';
import { WebInbox } from './inbox.js';
import { WEB_ERRORS, webErrorCode } from './messages.js';
import { assetsDir, registerPages } from './page.js';
import { registerChatRoutes, type ChatRoutesOptions } from './routes.js';
import { cookieSecret } from '../../http/secret.js';

export { WebChannel } from './channel.js';
export { webMigrations } from './inbox.js';

/** Options of the web chat plugin. */
export interface WebChatPluginOptions extends ChatRoutesOptions {
  secret: string;
  title: string;
  /** Where request counts live (default: this process's memory; the database with several processes). */
  rateStore?: new (
    options?: unknown,
  ) => FastifyCounterStore;
}

/** The web chat as a Fastify plugin (encapsulated: register it with `http.register`). */
export async function webChatPlugin(f: FastifyInstance, o: WebChatPluginOptions): Promise<void> {
  await f.register(fastifyCookie, { secret: o.secret });
  await f.register(fastifyCors, { origin: [...o.origins], credentials: true, methods: ['GET', 'POST'] });
  await f.register(fastifyRateLimit, { global: false, ...(o.rateStore ? { store: o.rateStore } : {}) });
  await f.register(fastifyHelmet, { global: true, contentSecurityPolicy: false, frameguard: false });
  await f.register(fastifyStatic, { root: assetsDir(), serve: false });
  f.setErrorHandler((err: FastifyError, req, reply) => {
    const code = webErrorCode(err);
    const { status, message } = WEB_ERRORS[code];
    if (status >= 500) o.log.error({ channel: 'web', err }, 'web chat request failed');
    else if (status !== 429)
      o.log.info({ channel: 'web', code, path: req.routeOptions.url }, 'web chat request refused');
    void reply.status(status).send({ ok: false, code, error: message });
  });
  registerPages(f, { origins: o.origins, title: o.title });
  registerChatRoutes(f, o);
}

/**
 * Creates the channel when `WEB_CHAT_ENABLED` is set; undefined otherwise.
 *
 * @example
 * ```ts
 * const web = createWebChannel(app); // undefined unless WEB_CHAT_ENABLED=true
 * if (web) app.channels.set(web.name, web); // serves /chat and /api/chat on app.http
 * ```
 */
export function createWebChannel(
  app: Pick<AppContext, 'config' | 'logger' | 'assistant' | 'http' | 'db'>,
  now: () => number = Date.now,
): WebChannel | undefined {
  const c = app.config;
  if (!c.WEB_CHAT_ENABLED) return undefined;
  const log = app.logger.child({ part: 'web' });
  const inbox = new WebInbox(app.db);
  const channel = new WebChannel(inbox, now);
  const options: WebChatPluginOptions = {
    assistant: app.assistant,
    inbox,
    log,
    cookies: { secure: c.PUBLIC_URL?.startsWith('https://') ?? false },
    subscribeLinks: c.WEB_CHAT_SUBSCRIBE_LINKS,
    origins: c.WEB_CHAT_ORIGINS,
    perSessionPerMinute: c.WEB_CHAT_RATE_PER_MINUTE,
    perIpPerMinute: c.WEB_CHAT_IP_RATE_PER_MINUTE,
    now,
    secret: cookieSecret(app.db, c.WEB_SESSION_SECRET),
    title: c.WEB_CHAT_TITLE,
    // Several processes behind a load balancer count a visitor's requests together, in the database.
    ...(c.APP_PROCESSES > 1
      ? { rateStore: fastifyCounterStore(new DbCounters(app.db, (k) => app.assistant.hashUser('web', k), now)) }
      : {}),
  };
  void app.http.register(webChatPlugin, options);
  return channel;
}
