/** Where Debian's PostgreSQL server programs are (`/usr/lib/postgresql/<version>/bin`), or undefined. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}
