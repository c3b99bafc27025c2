/**
 * Global setup of the `postgres` test project (vitest.config.ts): the
 * storage, announcements and admin suites run a second time on a real
 * PostgreSQL. With TXA_TEST_POSTGRES_URL set, that server is used; otherwise
 * a throwaway cluster is created in a temporary folder (Debian's
 * `postgresql` package, which `.ci/run` installs), started on a free port,
 * and removed afterwards. Each `openDatabase` of a test then gets a schema
 * of its own (see `postgresLocation` in src/storage/db.ts).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './helpers.js';
import { postgresBinaries } from './pg-binaries.js';

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TXA_TEST_POSTGRES_URL) return undefined;
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (as .ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'txa-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // The server refuses to run as root: as root, it runs as the package's postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, cmd),
      asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args,
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`,
    'start',
  ]);
  process.env.TXA_TEST_POSTGRES_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
