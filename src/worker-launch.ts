/**
 * Starting a worker thread whose code is TypeScript next to the calling
 * module: the compiled `.js` when it exists (`npm run build`), else the
 * `.ts` through tsx, registered inside the worker. Node 20's `--import tsx`
 * in a worker's `execArgv` does not apply the loader there (so neither does
 * synckit's tsx runner), hence the CommonJS bootstrap.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How to start a worker. */
export interface WorkerLaunch {
  /** A file URL, or the bootstrap source when `eval` is true. */
  script: URL | string;
  eval: boolean;
  /** For the bootstrap: URL of `tsx/esm/api` and of the TypeScript entry, to pass in `workerData`. */
  data: { tsx?: string; entry?: string };
}

/** Registers tsx in the worker (CommonJS, run with `eval: true`), then imports the TypeScript worker. */
const TSX_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => setImmediate(() => { throw err; }));`;

/**
 * The worker `<name>.js` or `<name>.ts` next to `moduleUrl`. Throws when
 * neither exists.
 *
 * @example
 * ```ts
 * const l = launchOf(import.meta.url, 'worker');
 * new Worker(l.script, { eval: l.eval, workerData: { ...l.data, more: 1 } });
 * ```
 */
export function launchOf(moduleUrl: string, name: string): WorkerLaunch {
  const js = new URL(`./${name}.js`, moduleUrl);
  if (existsSync(fileURLToPath(js))) return { script: js, eval: false, data: {} };
  const ts = new URL(`./${name}.ts`, moduleUrl);
  if (!existsSync(fileURLToPath(ts)))
    throw new Error(`no ${name}.js or ${name}.ts next to ${fileURLToPath(moduleUrl)}`);
  return { script: TSX_BOOTSTRAP, eval: true, data: { tsx: import.meta.resolve('tsx/esm/api'), entry: ts.href } };
}
