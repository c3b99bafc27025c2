/**
 * The live knowledge base: the current validated {@link KnowledgeBase} and
 * its search engine, swapped atomically on reload. A reload that fails
 * validation keeps the previous knowledge live and reports the problems.
 *
 * Reloads never stop the assistant from answering while files are read,
 * parsed and validated: that runs in a worker thread (see
 * `load-off-thread.ts`); only the search engine is built here, then swapped
 * in. Reloads requested while one runs are coalesced into exactly one more.
 */
import type { Logger } from 'pino';
import { SearchEngine } from '../search/engine.js';
import { KnowledgeLoadError, type FileHook, type KnowledgeProblem, type LoadOptions } from './loader.js';
import { loadKnowledgeOffThread, loadKnowledgeSafely, type OffThreadLoad } from './load-off-thread.js';
import type { KnowledgeBase } from './model.js';

/** Outcome of {@link KnowledgeStore.reload}. */
export type ReloadResult = { ok: true; entries: number; files: string[] } | { ok: false; problems: KnowledgeProblem[] };

/** Options of {@link KnowledgeStore.load}. */
export interface StoreOptions extends LoadOptions {
  /** Reload on the calling thread instead of a worker (benchmarks comparing both). */
  inThread?: boolean;
  /**
   * Extra per-file validation declared by plugins (`knowledgeChecks`).
   * Hooks are functions, which cannot be sent to a worker: while any is
   * given, reloads run on the calling thread.
   */
  hooks?: FileHook[];
}

/**
 * Holds the live knowledge and its search engine.
 *
 * @example
 * ```ts
 * const store = KnowledgeStore.load('knowledge', logger); // throws KnowledgeLoadError
 * store.kb.byId.get('khai-sinh')?.title; // 'Đăng ký khai sinh (mã 1.001193)'
 * store.engine.search('làm giấy khai sinh');
 * store.onReload((kb) => logger.info({ entries: kb.entries.length }, 'reloaded'));
 * const r = await store.reload(); // on problems, the previous knowledge stays live
 * ```
 */
export class KnowledgeStore {
  private current: { kb: KnowledgeBase; engine: SearchEngine };
  private readonly listeners: ((kb: KnowledgeBase) => void)[] = [];
  private running: Promise<ReloadResult> | undefined;
  private queued: Promise<ReloadResult> | undefined;

  private constructor(
    readonly dir: string,
    kb: KnowledgeBase,
    private readonly log: Logger,
    private readonly options: StoreOptions,
  ) {
    this.current = { kb, engine: new SearchEngine(kb) };
  }

  /**
   * Loads a folder on the calling thread (start-up: nothing is answering
   * yet); throws {@link KnowledgeLoadError} listing every problem.
   */
  static load(dir: string, log: Logger, options: StoreOptions = {}): KnowledgeStore {
    const r = loadKnowledgeSafely(dir, options.hooks ?? [], options);
    if (!r.ok) throw new KnowledgeLoadError(r.problems);
    log.info({ entries: r.kb.entries.length, files: r.files.length }, 'knowledge loaded');
    return new KnowledgeStore(dir, r.kb, log, options);
  }

  /** Builds a store from an already built knowledge base (tests, benchmarks). */
  static fromKnowledgeBase(kb: KnowledgeBase, log: Logger, dir = ''): KnowledgeStore {
    return new KnowledgeStore(dir, kb, log, {});
  }

  /**
   * The folder shared with other communes, loaded under {@link dir} (a city
   * installation), or undefined. Its files are not this commune's to edit.
   */
  get shared(): string | undefined {
    return this.options.shared;
  }

  /** The current knowledge base. */
  get kb(): KnowledgeBase {
    return this.current.kb;
  }

  /** The search engine over the current knowledge base. */
  get engine(): SearchEngine {
    return this.current.engine;
  }

  /**
   * Re-reads the folder; on any problem the previous knowledge stays live.
   * Questions keep being answered (from the previous knowledge) meanwhile.
   *
   * Called while a reload runs, it does not start a second one at once:
   * exactly one more reload runs after the current one, shared by every
   * caller that asked meanwhile, so each caller's result reflects the files
   * as they were when it asked (or later). Never rejects.
   */
  reload(): Promise<ReloadResult> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    this.queued = this.running.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Called after every successful reload. */
  onReload(listener: (kb: KnowledgeBase) => void): void {
    this.listeners.push(listener);
  }

  private start(): Promise<ReloadResult> {
    const p = this.loadAndSwap().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }

  private async loadAndSwap(): Promise<ReloadResult> {
    const { result: r, via, ms } = await this.loadFiles();
    if (!r.ok) {
      this.log.warn({ problems: r.problems.length, via }, 'knowledge reload rejected; previous knowledge kept');
      return { ok: false, problems: r.problems };
    }
    // The new engine is built in slices; the current one keeps answering until it is swapped in.
    const built = performance.now();
    const engine = await SearchEngine.build(r.kb);
    this.current = { kb: r.kb, engine };
    const buildMs = Math.round(performance.now() - built);
    this.log.info({ entries: r.kb.entries.length, via, loadMs: Math.round(ms), buildMs }, 'knowledge reloaded');
    for (const l of this.listeners) {
      try {
        l(r.kb);
      } catch (err) {
        this.log.error({ err }, 'knowledge reload listener failed');
      }
    }
    return { ok: true, entries: r.kb.entries.length, files: r.files };
  }

  /**
   * Validates the folder as a reload (and `kb:check`) would, with the texts
   * of some files replaced: an edit checked before it is written. The live
   * knowledge is not touched. Never rejects.
   */
  async validate(
    texts: ReadonlyMap<string, string>,
  ): Promise<{ ok: true } | { ok: false; problems: KnowledgeProblem[] }> {
    const { result } = await this.loadFiles(texts);
    return result.ok ? { ok: true } : { ok: false, problems: result.problems };
  }

  /** Never throws: problems, even unexpected ones, come back as a failed {@link LoadResult}. */
  private async loadFiles(texts?: ReadonlyMap<string, string>): Promise<OffThreadLoad> {
    const { inThread, hooks = [], ...rest } = this.options;
    const loadOptions = texts ? { ...rest, texts } : rest;
    // A parse cache lives in this thread: loading in a worker would neither use nor fill it.
    if (inThread || hooks.length > 0 || rest.cache) {
      const start = performance.now();
      const result = loadKnowledgeSafely(this.dir, hooks, loadOptions);
      return { result, via: 'thread', ms: performance.now() - start };
    }
    return loadKnowledgeOffThread(this.dir, loadOptions, this.log);
  }
}
