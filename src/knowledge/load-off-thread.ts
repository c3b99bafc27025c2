/**
 * Loads the knowledge folder in a `worker_threads` worker, so that reading,
 * parsing and validating megabytes of YAML does not stop the assistant from
 * answering. The loader is pure (files in, validated plain data or problems
 * out), so its {@link LoadResult} comes back by structured clone.
 *
 * The worker is `load-worker.js` next to this module in the compiled build
 * (`npm run build`, `dist/`), or `load-worker.ts` when running from source
 * (`npm start` under tsx, vitest): Node 20 does not apply the hooks of
 * `--import tsx` to workers, so a small bootstrap registers tsx inside the
 * worker first. If the worker cannot start, the folder is loaded on the
 * calling thread, with one warning.
 *
 * @example
 * ```ts
 * const { result, via } = await loadKnowledgeOffThread('knowledge', {}, log);
 * ```
 */
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { launchOf, type WorkerLaunch } from '../worker-launch.js';
import type { Logger } from 'pino';
import { loadKnowledge, type FileHook, type LoadOptions, type LoadResult } from './loader.js';

/** Where a load ran. */
export type LoadVia = 'worker' | 'thread';

/** What the worker receives as `workerData`. */
export interface WorkerInput {
  dir: string;
  options: LoadOptions;
  /** Running from source: URL of `tsx/esm/api`, registered before `entry` is imported. */
  tsx?: string;
  /** Running from source: URL of `load-worker.ts`. */
  entry?: string;
}

export type { WorkerLaunch };

/** Outcome of {@link loadKnowledgeOffThread}. */
export interface OffThreadLoad {
  result: LoadResult;
  via: LoadVia;
  /** Wall time of the load, in ms. */
  ms: number;
}

/**
 * The worker next to `moduleUrl`: the compiled `load-worker.js` when it
 * exists, else `load-worker.ts` through tsx. Throws when neither can be used
 * (e.g. running from source without tsx installed).
 */
export function workerLaunch(moduleUrl: string = import.meta.url): WorkerLaunch {
  return launchOf(moduleUrl, 'load-worker');
}

/**
 * {@link loadKnowledge} that never throws: a file removed while it is being
 * read (an editor saving) becomes a problem of the folder.
 */
export function loadKnowledgeSafely(dir: string, hooks: FileHook[], options: LoadOptions): LoadResult {
  try {
    return loadKnowledge(dir, hooks, options);
  } catch (err) {
    const file = relative(process.cwd(), dir) || dir;
    return {
      ok: false,
      problems: [{ file, line: 1, field: '(thư mục)', message: `không nạp được: ${(err as Error).message}` }],
    };
  }
}

function runWorker(launch: WorkerLaunch, input: WorkerInput): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(launch.script, { eval: launch.eval, workerData: { ...input, ...launch.data } });
    worker.once('message', (r: LoadResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the knowledge worker exited (code ${code}) without a result`)));
  });
}

/**
 * Loads `dir` in a worker; if the worker cannot start or dies, loads it on
 * this thread instead and logs one warning. Never throws.
 */
export async function loadKnowledgeOffThread(
  dir: string,
  options: LoadOptions,
  log: Logger,
  launch?: WorkerLaunch,
): Promise<OffThreadLoad> {
  const start = performance.now();
  try {
    const result = await runWorker(launch ?? workerLaunch(), { dir, options });
    return { result, via: 'worker', ms: performance.now() - start };
  } catch (err) {
    log.warn(
      { err: (err as Error).message },
      'knowledge worker unavailable; loading on the main thread (replies wait meanwhile)',
    );
    return { result: loadKnowledgeSafely(dir, [], options), via: 'thread', ms: performance.now() - start };
  }
}
