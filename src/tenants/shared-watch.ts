/**
 * Live updates of the city's shared knowledge folder: one watcher for the
 * whole city (each commune's own watcher covers only its own folder), and
 * after changes settle, every commune reloads, one after another, so the
 * edit reaches them all while each keeps answering from its previous
 * knowledge meanwhile. A file that does not validate is logged once, with
 * its file and line, and every commune keeps its previous knowledge.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from 'pino';
import type { App } from '../app/app.js';
import { formatProblem } from '../knowledge/loader.js';

/** Reloads every commune when the shared folder changes. */
export class SharedKnowledgeWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly dir: string,
    private readonly apps: () => Iterable<App>,
    private readonly log: Logger,
    private readonly debounceMs = 500,
  ) {}

  start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { recursive: true }, () => this.changed());
      this.watcher.on('error', (err) => this.log.warn({ err: err.message }, 'shared knowledge watcher error'));
    } catch (err) {
      this.log.warn({ code: (err as NodeJS.ErrnoException).code }, 'cannot watch the shared knowledge folder');
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reloadAll(), this.debounceMs);
  }

  /** Reloads every commune in turn; a change during a round gives exactly one more round. Never rejects. */
  reloadAll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.reloadAll();
      }
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const started = performance.now();
    let ok = 0;
    const failed: string[] = [];
    let problems: string[] = [];
    for (const app of this.apps()) {
      const r = await app.knowledge.reload();
      if (r.ok) ok++;
      else {
        failed.push(app.config.TENANT ?? '?');
        problems = r.problems.slice(0, 10).map(formatProblem);
      }
    }
    const ms = Math.round(performance.now() - started);
    if (failed.length === 0) this.log.info({ communes: ok, ms }, 'shared knowledge reloaded in every commune');
    else
      this.log.warn(
        { reloaded: ok, kept: failed.length, communes: failed.slice(0, 20), problems, ms },
        'shared knowledge rejected; these communes keep their previous knowledge',
      );
  }
}
