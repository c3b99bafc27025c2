/**
 * The live knowledge base: the current validated {@link KnowledgeBase} and
 * its search engine, swapped atomically on reload. A reload that fails
 * validation keeps the previous knowledge live and reports the problems.
 */
import type { Logger } from 'pino';
import { SearchEngine } from '../search/engine.js';
import { loadKnowledge, KnowledgeLoadError, type FileHook, type KnowledgeProblem, type LoadOptions } from './loader.js';
import type { KnowledgeBase } from './model.js';

/** Outcome of {@link KnowledgeStore.reload}. */
export type ReloadResult = { ok: true; entries: number; files: string[] } | { ok: false; problems: KnowledgeProblem[] };

/** Holds the live knowledge and its search engine. */
export class KnowledgeStore {
  private current: { kb: KnowledgeBase; engine: SearchEngine };
  private readonly listeners: ((kb: KnowledgeBase) => void)[] = [];
  /** Extra per-file validation added by other parts (e.g. announcements). */
  static readonly hooks: FileHook[] = [];

  private constructor(
    readonly dir: string,
    kb: KnowledgeBase,
    private readonly log: Logger,
    private readonly options: LoadOptions,
  ) {
    this.current = { kb, engine: new SearchEngine(kb) };
  }

  /** Loads a folder; throws {@link KnowledgeLoadError} listing every problem. */
  static load(dir: string, log: Logger, options: LoadOptions = {}): KnowledgeStore {
    const r = loadKnowledge(dir, KnowledgeStore.hooks, options);
    if (!r.ok) throw new KnowledgeLoadError(r.problems);
    log.info({ entries: r.kb.entries.length, files: r.files.length }, 'knowledge loaded');
    return new KnowledgeStore(dir, r.kb, log, options);
  }

  /** Builds a store from an already built knowledge base (tests, benchmarks). */
  static fromKnowledgeBase(kb: KnowledgeBase, log: Logger, dir = ''): KnowledgeStore {
    return new KnowledgeStore(dir, kb, log, {});
  }

  /** The current knowledge base. */
  get kb(): KnowledgeBase {
    return this.current.kb;
  }

  /** The search engine over the current knowledge base. */
  get engine(): SearchEngine {
    return this.current.engine;
  }

  /** Re-reads the folder; on any problem the previous knowledge stays live. */
  reload(): ReloadResult {
    const r = loadKnowledge(this.dir, KnowledgeStore.hooks, this.options);
    if (!r.ok) {
      this.log.warn({ problems: r.problems.length }, 'knowledge reload rejected; previous knowledge kept');
      return { ok: false, problems: r.problems };
    }
    this.current = { kb: r.kb, engine: new SearchEngine(r.kb) };
    this.log.info({ entries: r.kb.entries.length }, 'knowledge reloaded');
    for (const l of this.listeners) l(r.kb);
    return { ok: true, entries: r.kb.entries.length, files: r.files };
  }

  /** Called after every successful reload. */
  onReload(listener: (kb: KnowledgeBase) => void): void {
    this.listeners.push(listener);
  }
}
