/**
 * A city installation: many communes (tenants) in one process, on one port,
 * sharing the parsed national catalogue and its search index.
 *
 * Each commune is a whole app of its own (`createApp`): its own database
 * file, so every query is scoped to it by construction and no query can
 * reach another commune's rows; its own knowledge folder over the city's;
 * its own channels, staff, roles and services; its own Fastify instance,
 * with its own plugins, hooks and cookies. The city's server hands each
 * request to the commune whose host name (`TENANT_HOST`) it was sent to, so
 * the same paths (`/chat`, `/admin`, `/webhooks/telegram`) serve each commune
 * at its own address, and a browser's cookies for one commune are never
 * sent to another.
 *
 * Why not one Fastify instance with a host constraint on every route: its
 * router holds at most 31 constrained handlers per path, fewer than a
 * city's communes (Hải Phòng has 114).
 *
 * The city's own routes, on any other host: `GET /healthz` (every
 * commune's state) and `GET /metrics` (the process: memory, CPU, event loop).
 */
import { createServer } from 'node:http';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { type App, createApp, type CreateAppOptions } from '../app/app.js';
import type { Config } from '../config/index.js';
import { healthReport } from '../http/health.js';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerMetrics } from '../http/metrics.js';
import { createHttpServer } from '../http/server.js';
import { ParseCache } from '../knowledge/shared.js';
import { readTenants, type Tenant } from './registry.js';
import { SharedKnowledgeWatcher } from './shared-watch.js';

/** The running city. */
export interface City {
  /** The communes' apps, by id, in the order of their folders. */
  readonly apps: ReadonlyMap<string, App>;
  readonly tenants: readonly Tenant[];
  /** The city's server: it hands each request to its commune's app (`app.http`) and serves the city's own routes. */
  readonly http: FastifyInstance;
  /** A request as the server would route it, by its `host` header (tests, probes). */
  inject(o: InjectOptions): Promise<LightMyRequestResponse>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link createCity}. */
export interface CityOptions extends Pick<CreateAppOptions, 'now' | 'plugins'> {
  /** The communes, when already read (default: {@link readTenants} from the city's environment). */
  tenants?: readonly Tenant[];
  /**
   * Share parsed knowledge files and the catalogue's index between communes
   * (default true). Off, each commune holds its own copy: only for the
   * benchmark that measures what sharing saves.
   */
  shareKnowledge?: boolean;
}

/** The host a request was sent to, without its port, in lower case. */
function hostOf(header: string | undefined): string {
  return (header ?? '').trim().toLowerCase();
}

/**
 * Builds every commune's app, and the server that routes to them. Throws
 * `TenantsError` or `KnowledgeLoadError` (with the commune's files) before
 * anything starts.
 *
 * @example
 * ```ts
 * const city = await createCity(process.env, loadConfig(), logger); // TENANTS_DIR=tenants
 * await city.start(); // every commune's channels and services, then one listening server
 * await city.inject({ url: '/chat', headers: { host: 'an-bien.troly.haiphong.gov.vn' } }); // as the server routes it
 * ```
 */
export async function createCity(
  cityEnv: NodeJS.ProcessEnv,
  config: Config,
  logger: Logger,
  opts: CityOptions = {},
): Promise<City> {
  const tenants = opts.tenants ?? readTenants(cityEnv, config);
  const parseCache = opts.shareKnowledge === false ? undefined : new ParseCache();
  const apps = new Map<string, App>();
  const byHost = new Map<string, FastifyInstance>();
  for (const t of tenants) {
    const app = await createApp(t.config, logger.child({ tenant: t.id }), {
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.plugins ? { plugins: opts.plugins } : {}),
      ...(parseCache ? { parseCache } : {}),
      listen: false,
    }).catch((err: unknown) => {
      if (err instanceof Error) err.message = `xã ${t.id}: ${err.message}`;
      throw err;
    });
    await app.http.ready();
    apps.set(t.id, app);
    byHost.set(t.host, app.http);
  }
  // A host sent with its port ("an-bien.example:3000") reaches the commune whose TENANT_HOST has no port.
  const appFor = (header: string | undefined) => {
    const host = hostOf(header);
    return byHost.get(host) ?? byHost.get(host.replace(/:\d+$/, ''));
  };
  const http = createHttpServer({
    logger,
    trustProxy: config.HTTP_TRUST_PROXY,
    serverFactory: (handler) =>
      createServer((req, res) => {
        const app = appFor(req.headers.host);
        if (app) app.routing(req, res);
        else handler(req, res);
      }),
  });
  registerCityRoutes(http, apps, config);
  const watcher = config.KNOWLEDGE_WATCH
    ? new SharedKnowledgeWatcher(config.KNOWLEDGE_DIR, () => apps.values(), logger)
    : undefined;
  let started: App[] = [];
  return {
    apps,
    tenants,
    http,
    inject: (o) => (appFor(o.headers?.host as string | undefined) ?? http).inject(o),
    async start() {
      for (const app of apps.values()) {
        await app.start();
        started.push(app);
      }
      watcher?.start();
      await http.listen({ port: config.PORT, host: config.HOST });
      logger.info({ port: config.PORT, communes: apps.size }, 'city HTTP server listening');
    },
    async stop() {
      watcher?.stop();
      await http.close();
      for (const app of (started.length > 0 ? started : [...apps.values()]).reverse())
        await app.stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      started = [];
    },
  };
}

/** The city's health (each commune's report, by id) and process metrics, on any host. */
function registerCityRoutes(http: FastifyInstance, apps: ReadonlyMap<string, App>, config: Config): void {
  http.get('/healthz', async (_req, reply) => {
    const communes = Object.fromEntries([...apps].map(([id, app]) => [id, healthReport(app)]));
    const ok = Object.values(communes).every((r) => r.ok);
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ ok, communes });
  });
  // Each commune's counters are on its own host's /metrics; the process's are counted once, here.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerMetrics(http, { registry }, config.METRICS_TOKEN);
}
