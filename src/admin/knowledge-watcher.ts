/**
 * Live knowledge updates: watches the knowledge folder and reloads after
 * changes settle (debounced). A rejected reload keeps the previous knowledge
 * live; admins are told the file, line and field of each problem, once per
 * distinct set of problems, and told again when a later edit fixes it.
 *
 * `fs.watch` with `recursive: true` works on Linux from Node 20; where it is
 * unavailable each folder is watched on its own and the set is refreshed on
 * every change (new sub-folders are picked up).
 */
import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Reply } from '../core/types.js';
import { formatProblem, type KnowledgeProblem } from '../knowledge/loader.js';
import type { KnowledgeStore, ReloadResult } from '../knowledge/store.js';

/** Options of {@link KnowledgeWatcher}. */
export interface KnowledgeWatcherOptions {
  store: KnowledgeStore;
  log: Logger;
  /** Sends a message to every admin. */
  notifyAdmins: (reply: Reply) => Promise<unknown>;
  /** Quiet time after the last change before reloading (ms). */
  debounceMs?: number;
  /** Force per-folder watching (tests of the fallback). */
  perFolder?: boolean;
}

/** The admin message for a rejected reload. */
export function reloadFailedReply(problems: KnowledgeProblem[], max = 10): Reply {
  const items = problems.slice(0, max).map(formatProblem);
  if (problems.length > max) items.push(`… và ${problems.length - max} lỗi khác (chạy npm run kb:check để xem hết)`);
  return {
    kind: 'error',
    title: 'Cập nhật tri thức bị từ chối',
    sections: [
      { text: 'Tệp vừa sửa có lỗi nên trợ lý vẫn dùng nội dung cũ. Sửa các chỗ sau (tệp:dòng: trường: lỗi):' },
      { items },
    ],
  };
}

/** The admin message for a successful reload. */
export function reloadOkReply(r: Extract<ReloadResult, { ok: true }>, recovered: boolean): Reply {
  return {
    kind: 'info',
    title: recovered ? 'Đã sửa xong, tri thức đã cập nhật' : 'Đã cập nhật tri thức',
    sections: [{ text: `Đang dùng ${r.entries} mục từ ${r.files.length} tệp.` }],
  };
}

/** A service that reloads the knowledge when its files change. */
export class KnowledgeWatcher {
  readonly name = 'knowledge-watcher';
  private watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private lastProblems = '';
  private running = false;
  private recursive = false;
  private readonly debounceMs: number;

  constructor(private readonly opts: KnowledgeWatcherOptions) {
    this.debounceMs = opts.debounceMs ?? 500;
  }

  /** Starts watching. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.opts.perFolder) {
      try {
        const w = watch(this.opts.store.dir, { recursive: true }, (_e, f) => this.changed(f));
        w.on('error', (err) => this.opts.log.warn({ err: err.message }, 'knowledge watcher error'));
        this.watchers.set(this.opts.store.dir, w);
        this.recursive = true;
        return;
      } catch (err) {
        this.opts.log.info(
          { code: (err as NodeJS.ErrnoException).code },
          'recursive watch unavailable; watching each folder',
        );
      }
    }
    this.watchFolders();
  }

  /** Stops watching and cancels a pending reload. */
  stop(): void {
    this.running = false;
    this.recursive = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /**
   * Reloads now and tells the admins the outcome: problems when rejected (once
   * per distinct set), and a note when a previously rejected edit is fixed.
   * `announceSuccess` also reports ordinary successes (the admin command).
   */
  async reloadNow(announceSuccess = false): Promise<ReloadResult> {
    const r = await this.opts.store.reload();
    if (!r.ok) {
      const key = r.problems.map(formatProblem).join('\n');
      for (const p of r.problems) this.opts.log.warn({ problem: formatProblem(p) }, 'knowledge problem');
      if (key !== this.lastProblems || announceSuccess) await this.opts.notifyAdmins(reloadFailedReply(r.problems));
      this.lastProblems = key;
      return r;
    }
    const recovered = this.lastProblems !== '';
    this.lastProblems = '';
    if (recovered || announceSuccess) await this.opts.notifyAdmins(reloadOkReply(r, recovered));
    return r;
  }

  /** Records the outcome of a reload made elsewhere (the admin command). */
  noteResult(r: ReloadResult): void {
    this.lastProblems = r.ok ? '' : r.problems.map(formatProblem).join('\n');
  }

  private changed(file: string | Buffer | null): void {
    const name = file ? String(file) : '';
    if (name && !/\.ya?ml$/i.test(name) && /\.[a-z0-9]+$/i.test(name)) return; // editor swap files and such
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) return;
      if (!this.recursive) this.refreshFolders();
      void this.reloadNow().catch((err) => this.opts.log.error({ err }, 'knowledge reload failed'));
    }, this.debounceMs);
  }

  private watchFolders(): void {
    for (const d of this.folders()) this.watchFolder(d);
  }

  private refreshFolders(): void {
    const now = new Set(this.folders());
    for (const [d, w] of this.watchers) {
      if (now.has(d)) continue;
      w.close();
      this.watchers.delete(d);
    }
    for (const d of now) if (!this.watchers.has(d)) this.watchFolder(d);
  }

  private watchFolder(d: string): void {
    try {
      const w = watch(d, (_e, f) => this.changed(f));
      w.on('error', () => {
        w.close();
        this.watchers.delete(d);
      });
      this.watchers.set(d, w);
    } catch (err) {
      this.opts.log.warn({ code: (err as NodeJS.ErrnoException).code }, 'cannot watch a knowledge folder');
    }
  }

  private folders(): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
      out.push(d);
      let names: string[] = [];
      try {
        names = readdirSync(d);
      } catch {
        return;
      }
      for (const n of names) {
        if (n.startsWith('.')) continue;
        const p = join(d, n);
        try {
          if (statSync(p).isDirectory()) walk(p);
        } catch {
          /* removed meanwhile */
        }
      }
    };
    walk(this.opts.store.dir);
    return out;
  }
}
