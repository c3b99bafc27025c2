/**
 * Starting the app under test for the webhook benchmarks: in the
 * benchmark's own process (`one`, as they always did), or in a process of
 * its own for the "app alone" rows (`split`): the load generator and the fake platform stay in the
 * benchmark's process, as they would be on other machines in production,
 * so they no longer take CPU from the app they measure (on this 2-core
 * machine the app gets one core, the generator and fake the other).
 *
 * Run as a child: `BENCH_APP_ENV` is the JSON environment of the app; it
 * answers `{ port }` on IPC once listening and stops on the message `stop`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Where the app runs: in the benchmark's process, or alone in a child process. */
export type AppMode = 'one' | 'split';

/** A running app: the port it listens on (127.0.0.1), and how to stop it. */
export interface AppProcess {
  port: number;
  stop(): Promise<void>;
}

/** Creates the app with `env`, starts every channel and listens on a free port of 127.0.0.1. */
async function startHere(env: Record<string, string>): Promise<AppProcess> {
  const { createApp } = await import('../src/app/app.js');
  const { parseConfig } = await import('../src/config/index.js');
  const { silentLogger } = await import('../src/log/index.js');
  const app = await createApp(parseConfig(env), silentLogger);
  for (const ch of app.channels.values()) await ch.start();
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.http.server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, stop: () => app.stop() };
}

/** Starts the app with `env` where `mode` says; resolves with the URL of `path` once it listens. */
export async function startBenchApp(
  mode: AppMode,
  env: Record<string, string>,
  path: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const p = mode === 'split' ? await startAppProcess(env) : await startHere(env);
  return { url: `http://127.0.0.1:${p.port}${path}`, stop: () => p.stop() };
}

/** Starts the app with `env` in a child process; resolves once it listens. */
function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    // BENCH_APP_PROF=<folder>: a CPU profile of the app process, written when it stops.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_APP_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_APP_PROF}`] : []),
    ],
    env: { ...process.env, BENCH_APP_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
    child.once('message', (m) => {
      const port = (m as { port: number }).port;
      child.removeAllListeners('exit');
      resolve({
        port,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}

async function child(): Promise<void> {
  const app = await startHere(JSON.parse(process.env.BENCH_APP_ENV!) as Record<string, string>);
  process.send!({ port: app.port });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await app.stop();
    process.exit(0);
  });
}

if (process.env.BENCH_APP_ENV && process.send) await child();
