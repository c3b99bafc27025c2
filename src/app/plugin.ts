/**
 * The plugin contract, in the spirit of Fastify's `register`: a part of the
 * assistant declares its name, the plugins it needs, its database
 * migrations, its extra knowledge checks and its assistant middleware, and
 * `install` wires the rest (routes, services) and returns what it offers to
 * the plugins that depend on it. The app checks names and dependencies
 * before anything starts, and installs plugins in dependency order.
 *
 * @example
 * ```ts
 * export const greeterPlugin = definePlugin({
 *   name: 'greeter',
 *   dependencies: ['admin'],
 *   migrations: [{ id: 'greeter-001', up: 'CREATE TABLE greetings (id INTEGER PRIMARY KEY)' }],
 *   install(ctx) {
 *     const admin = ctx.use(adminPlugin); // allowed: declared above
 *     ctx.assistant.use(async (turn, next) => next());
 *     return { greet: (name: string) => `Xin chào ${name}` };
 *   },
 * });
 * ```
 */
import { TxaError } from '../errors.js';
import type { Config } from '../config/index.js';
import type { FileHook } from '../knowledge/loader.js';
import type { Migration } from '../storage/db.js';
import type { PersonalDataPart } from '../storage/personal.js';
import type { AppContext, InstalledPlugins, Plugin, PluginContext } from './context.js';

export type { Plugin, PluginContext } from './context.js';

/** Declares a plugin (an identity function that keeps the exports' type). */
export function definePlugin<E>(plugin: Plugin<E>): Plugin<E> {
  return plugin;
}

/** The plugin list of an app, checked and ordered, and the exports of those installed. */
export class PluginSet implements InstalledPlugins {
  /** Plugins in install order: every plugin after its dependencies, otherwise as listed. */
  readonly ordered: readonly Plugin<unknown>[];
  private readonly exports = new Map<string, unknown>();

  /** Checks names and dependencies; throws {@link TxaError} `TXA_PLUGIN_*` naming the plugin to fix. */
  constructor(plugins: readonly Plugin<unknown>[]) {
    this.ordered = orderPlugins(plugins);
    const ids = new Map<string, string>();
    for (const p of this.ordered) {
      for (const m of p.migrations ?? []) {
        const owner = ids.get(m.id);
        if (owner) throw new TxaError('TXA_PLUGIN_MIGRATION_ID', { id: m.id, first: owner, second: p.name });
        ids.set(m.id, p.name);
      }
    }
  }

  /** Every plugin's migrations, in install order. */
  migrations(): Migration[] {
    return this.ordered.flatMap((p) => [...(p.migrations ?? [])]);
  }

  /** Whether any installed plugin serves routes on the HTTP server. */
  usesHttp(app: AppContext): boolean {
    return this.ordered.some((p) => p.usesHttp?.(app) ?? false);
  }

  /** Every plugin's knowledge checks, with these settings. */
  knowledgeChecks(config: Config): FileHook[] {
    return this.ordered.flatMap((p) => [...(p.knowledgeChecks?.(config) ?? [])]);
  }

  /** Installs every plugin in order on `app`. */
  install(app: AppContext): void {
    for (const p of this.ordered) {
      const deps = new Set(p.dependencies ?? []);
      const ctx: PluginContext = Object.create(app, {
        use: {
          value: <E>(dep: Plugin<E>): E => {
            if (!deps.has(dep.name)) throw new TxaError('TXA_PLUGIN_UNDECLARED', { plugin: p.name, dep: dep.name });
            return this.exports.get(dep.name) as E;
          },
        },
      });
      const mw = p.middleware?.(ctx) ?? [];
      if (mw.length > 0) app.assistant.use(...mw);
      const commands = p.commands?.(ctx) ?? [];
      if (commands.length > 0) app.assistant.commands.register(...commands);
      const exports = p.install(ctx);
      this.exports.set(p.name, exports);
      app.services.push(...(p.services?.(exports, ctx) ?? []));
    }
  }

  /** The personal data parts the plugins declare, in install order. */
  personalData(): readonly PersonalDataPart[] {
    return this.ordered.flatMap((p) => (p.personalData ? [p.personalData] : []));
  }

  /** The exports of an installed plugin, or undefined when the app runs without it. */
  get<E>(plugin: Plugin<E>): E | undefined {
    return this.exports.get(plugin.name) as E | undefined;
  }
}

/**
 * Orders plugins so that each comes after its dependencies, keeping the
 * listed order otherwise. Throws on a duplicate name, a missing dependency
 * or a dependency cycle.
 */
export function orderPlugins(plugins: readonly Plugin<unknown>[]): Plugin<unknown>[] {
  const byName = new Map<string, Plugin<unknown>>();
  for (const p of plugins) {
    if (byName.has(p.name)) throw new TxaError('TXA_PLUGIN_DUPLICATE', { plugin: p.name });
    byName.set(p.name, p);
  }
  const out: Plugin<unknown>[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: Plugin<unknown>, path: string[]): void => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new TxaError('TXA_PLUGIN_CYCLE', { cycle: [...path, p.name].join(' → ') });
    state.set(p.name, 'visiting');
    for (const d of p.dependencies ?? []) {
      const dep = byName.get(d);
      if (!dep) throw new TxaError('TXA_PLUGIN_MISSING_DEP', { plugin: p.name, dep: d });
      visit(dep, [...path, p.name]);
    }
    state.set(p.name, 'done');
    out.push(p);
  };
  for (const p of plugins) visit(p, []);
  return out;
}
