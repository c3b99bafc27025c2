/**
 * What a part of the assistant may use of the running application: the
 * narrow interface plugins and channels depend on, instead of the
 * composition root ({@link createApp} in `app.ts`), which imports them all.
 * A type-only module: importing it never creates a cycle.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Assistant } from '../core/assistant.js';
import type { Middleware } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Channel, ChannelName } from '../core/types.js';
import type { Metrics } from '../http/metrics.js';
import type { FileHook } from '../knowledge/loader.js';
import type { KnowledgeStore } from '../knowledge/store.js';
import type { Db, Migration } from '../storage/db.js';
import type { PersonalDataPart } from '../storage/personal.js';

/** Something with a lifecycle that is not a channel (schedulers, watchers). */
export interface Service {
  name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** The running application as its parts see it. */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: Db;
  knowledge: KnowledgeStore;
  assistant: Assistant;
  /** The one HTTP server (webhooks, web chat, console, health). */
  http: FastifyInstance;
  /** The running channels; filled after the plugins are installed. */
  channels: Map<ChannelName, Channel>;
  /** Background services started and stopped with the app. */
  services: Service[];
  /** Prometheus metrics (`GET /metrics`). */
  metrics: Metrics;
  /** Whether the HTTP server must listen: HTTP_ENABLED, or a channel or plugin that uses it. */
  readonly httpNeeded: boolean;
  /** The installed plugins' exports (see {@link Plugin}). */
  plugins: InstalledPlugins;
}

/** Looks up what an installed plugin offers. */
export interface InstalledPlugins {
  /** The exports of `plugin`, or undefined when the app runs without it. */
  get<E>(plugin: Plugin<E>): E | undefined;
  /** The personal data parts the plugins declare, in install order. */
  personalData(): readonly PersonalDataPart[];
}

/** What a plugin's `install` receives: the app, and the exports of the plugins it declared. */
export interface PluginContext extends AppContext {
  /**
   * The exports of a plugin this one declared in `dependencies`. Using an
   * undeclared plugin throws: dependencies stay visible in the declaration.
   */
  use<E>(dep: Plugin<E>): E;
}

/**
 * A part of the assistant, declared (see `plugin.ts` for how the app checks
 * and installs them). `E` is what it offers to the plugins that depend on it.
 */
export interface Plugin<E = void> {
  /** Unique, lower-case with dashes (`admin`, `web-admin`). */
  readonly name: string;
  /** Plugins that must be installed first; their exports are reachable with `ctx.use`. */
  readonly dependencies?: readonly string[];
  /** Database migrations, applied at start with the others (ids unique across the app). */
  readonly migrations?: readonly Migration[];
  /** Extra validation of every knowledge file, run by the loader and `kb:check` (it may depend on settings). */
  readonly knowledgeChecks?: (config: Config) => readonly FileHook[];
  /** Assistant middleware, added in install order before `install` runs. */
  readonly middleware?: (ctx: PluginContext) => readonly Middleware[];
  /** Chat commands, registered with the core's registry before `install` runs. */
  readonly commands?: (ctx: PluginContext) => readonly Command[];
  /** The personal data in its tables: export, erasure, retention (see storage/personal.ts and docs/privacy.md). */
  readonly personalData?: PersonalDataPart;
  /** Whether it serves routes on the app's HTTP server with this configuration (so the server must listen). */
  readonly usesHttp?: (ctx: AppContext) => boolean;
  /** Wires routes; returns the plugin's exports. */
  install(ctx: PluginContext): E;
  /** Background services started and stopped with the app (schedulers, watchers), from the exports. */
  // Method syntax on purpose: a Plugin<AdminHandles> is then also a Plugin<unknown> in the plugin list.
  services?(exports: E, ctx: PluginContext): readonly Service[];
}
