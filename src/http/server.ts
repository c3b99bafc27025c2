/**
 * The one HTTP server of the assistant: `GET /healthz` and `GET /metrics`
 * (registered by the app, see health.ts and metrics.ts), the webhooks of
 * every channel (`/webhooks/telegram`, `/webhooks/zalo-oa`, `/webhooks/zalo-bot`)
 * and the web chat (`/chat`, `/widget.js`, `/api/chat/*`).
 *
 * Channels register their routes as Fastify plugins. JSON bodies are parsed
 * here, and the raw body is kept on `request.rawBody` for signature checks.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received (UTF-8), for webhook signature checks. */
    rawBody?: string;
  }
}

/** Largest webhook body accepted (bytes); bigger ones get 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** One route a server answers. */
export interface ServedRoute {
  method: string;
  url: string;
}

const served = new WeakMap<FastifyInstance, ServedRoute[]>();

/** Every route of a server made by {@link createHttpServer}, as registered (tests that try each of them, diagnostics). */
export function servedRoutes(http: FastifyInstance): readonly ServedRoute[] {
  return served.get(http) ?? [];
}

/** Options for {@link createHttpServer}. */
export interface HttpServerOptions {
  logger: Logger;
  bodyLimit?: number;
  /** Behind a reverse proxy: take the client's address and protocol from X-Forwarded-* (rate limits, cookies). */
  trustProxy?: boolean;
  /** Fastify's `serverFactory`: the city's server, which hands most requests to the communes' apps. */
  serverFactory?: FastifyServerFactory;
}

/**
 * Creates the server (not listening yet).
 *
 * @example
 * ```ts
 * const http = createHttpServer({ logger, trustProxy: true });
 * http.post('/webhooks/demo', async (req) => ({ bytes: req.rawBody?.length ?? 0 })); // raw body for signatures
 * await http.listen({ port: 3000, host: '0.0.0.0' });
 * ```
 */
export function createHttpServer(opts: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    // Request lines are not logged (they would carry webhook URLs and timing only); errors are.
    loggerInstance: opts.logger.child({ part: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? MAX_BODY_BYTES,
    return503OnClosing: true,
    trustProxy: opts.trustProxy ?? false,
    ...(opts.serverFactory ? { serverFactory: opts.serverFactory } : {}),
  });
  const routes: ServedRoute[] = [];
  served.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    req.rawBody = text;
    try {
      done(null, text.length === 0 ? undefined : JSON.parse(text));
    } catch {
      const err = new Error('Invalid JSON body') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) opts.logger.error({ err }, 'http handler failed');
    void reply.status(status).send({ ok: false, error: status >= 500 ? 'internal error' : err.message });
  });
  return app;
}
