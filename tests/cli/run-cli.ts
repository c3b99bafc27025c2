/**
 * Runs one of the CLIs (`src/cli/<script>`) as `npm run` would, and collects
 * its exit code and output, for the tests of the command-line tools.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every command-line tool: the src/cli scripts that package.json's `npm run` commands start. */
export const CLIS = [
  ...new Set(
    Object.values((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts)
      .map((cmd) => /src\/cli\/([a-z-]+)\.ts/.exec(cmd)?.[1])
      .filter((name): name is string => name !== undefined)
      .map((name) => `${name}.ts`),
  ),
].sort();

/** What a CLI run gave back. */
export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Spawns `node --import tsx src/cli/<script> …args` with `LOG_LEVEL=silent`
 * plus `env`; with `closeStdout` its standard output is closed before it
 * starts, so its first write meets a closed pipe (`… | head`).
 */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  closeStdout = false,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    let err = '';
    if (closeStdout) p.stdout.destroy();
    else p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}
