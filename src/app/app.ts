import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { Assistant } from '../core/assistant.js';
import { DbRoleResolver } from '../admin/roles.js';
import type { Channel, ChannelName } from '../core/types.js';
import { registerHealth } from '../http/health.js';
import { Metrics, registerMetrics } from '../http/metrics.js';
import { createHttpServer } from '../http/server.js';
import { missingCommuneNote } from '../knowledge/commune-missing.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import type { ParseCache } from '../knowledge/shared.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { cipherFromConfig, setCipher } from '../storage/cipher.js';
import { openDatabase } from '../storage/db.js';
import { userIdSalt } from '../storage/core.js';
import { BASE_MIGRATIONS } from './migrations.js';
import { createChannels } from './channels.js';
import type { AppContext, Plugin } from './context.js';
import { PluginSet } from './plugin.js';
import { DEFAULT_PLUGINS } from './plugins.js';

/** The running application and its parts. */
export interface App extends AppContext {
  plugins: PluginSet;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type { Service } from './context.js';

/** Options for {@link createApp}. */
export interface CreateAppOptions {
  /** Add the console channel (interactive terminal chat). */
  console?: boolean;
  /** Clock for tests. */
  now?: () => number;
  /** The plugins to install (default {@link DEFAULT_PLUGINS}). */
  plugins?: readonly Plugin<unknown>[];
  /**
   * `false`: the app never listens; its owner passes requests to
   * `app.http.routing` (a city serving many communes on one port, see
   * `tenants/city.ts`). Default: listen on PORT when HTTP is needed.
   */
  listen?: boolean;
  /** Parsed knowledge files shared with other communes in the same process. */
  parseCache?: ParseCache;
}

/** The knowledge, the database and the assistant over them: what every app starts from. */
function openCore(config: Config, logger: Logger, plugins: PluginSet, opts: CreateAppOptions) {
  const knowledge = KnowledgeStore.load(config.KNOWLEDGE_DIR, logger, {
    ...loadOptionsFromConfig(config),
    ...(opts.parseCache ? { cache: opts.parseCache } : {}),
    hooks: plugins.knowledgeChecks(config),
  });
  const db = openDatabase(config.databasePath, [...BASE_MIGRATIONS, ...plugins.migrations()]);
  setCipher(db, cipherFromConfig(config));
  const salt = userIdSalt(db, config.USER_ID_SALT);
  const assistant = new Assistant({
    knowledge,
    db,
    logger,
    salt,
    roles: new DbRoleResolver(db, config.ADMIN_IDS, config.STAFF_IDS, opts.now, config.APPROVER_IDS),
    staleDays: config.KNOWLEDGE_STALE_DAYS,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { knowledge, db, assistant };
}

/**
 * Builds the application. Throws {@link KnowledgeLoadError} when the knowledge
 * base is invalid: nothing is half-started.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * const app = await createApp(config, createLogger({ level: config.LOG_LEVEL }));
 * await app.start(); // channels, services, then HTTP when needed
 * process.once('SIGTERM', () => void app.stop());
 * ```
 */
export async function createApp(config: Config, logger: Logger, opts: CreateAppOptions = {}): Promise<App> {
  const plugins = new PluginSet(opts.plugins ?? DEFAULT_PLUGINS);
  const { knowledge, db, assistant } = openCore(config, logger, plugins, opts);
  const ownServer = opts.listen !== false;
  const http = createHttpServer({ logger, trustProxy: config.HTTP_TRUST_PROXY });
  const channels = new Map<ChannelName, Channel>();
  // The process's own metrics (memory, event loop) once per process: by the city when it owns the server.
  const metrics = new Metrics({ db, channels }, { process: ownServer });
  const app: App = {
    config,
    metrics,
    logger,
    db,
    knowledge,
    assistant,
    http,
    channels,
    services: [],
    plugins,
    get httpNeeded() {
      return (
        (config.HTTP_ENABLED ?? false) ||
        [...channels.values()].some((c) => c.usesHttp === true) ||
        plugins.usesHttp(app)
      );
    },
    async start() {
      // Reminds the administrator, once per start, of commune values residents see as "chưa cập nhật".
      const missing = missingCommuneNote(knowledge.kb.commune);
      if (missing)
        logger.warn(
          `${missing}. Điền trong hồ sơ xã (khoá commune:, mặc định knowledge/commune.yaml); xem npm run kb:check.`,
        );
      for (const ch of app.channels.values()) await ch.start();
      for (const s of app.services) await s.start();
      if (ownServer && app.httpNeeded) {
        await http.listen({ port: config.PORT, host: config.HOST });
        logger.info({ port: config.PORT }, 'HTTP server listening');
      }
    },
    async stop() {
      for (const s of [...app.services].reverse()) await s.stop();
      for (const ch of app.channels.values()) await ch.stop();
      await http.close();
      db.close();
    },
  };
  plugins.install(app);
  for (const ch of await createChannels(app, { console: opts.console ?? false })) {
    metrics.instrument(ch);
    app.channels.set(ch.name, ch);
  }
  metrics.observe(assistant);
  registerHealth(http, app);
  registerMetrics(http, metrics, config.METRICS_TOKEN);
  return app;
}
