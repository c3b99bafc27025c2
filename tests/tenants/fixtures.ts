/**
 * A city installation in a temporary folder: communes with their own
 * `tenant.env` and `commune.yaml` over the shipped knowledge.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One commune to create: its id, its name, and more lines of `tenant.env`. */
export interface CommuneSpec {
  id: string;
  name: string;
  hotline?: string;
  env?: Record<string, string>;
}

/** The commune profile shipped in knowledge/, with the commune's name and (optionally) its office number. */
export function communeYaml(name: string, hotline?: string): string {
  let y = readFileSync('knowledge/commune.yaml', 'utf8').replace(/^ {2}name: null/m, `  name: "${name}"`);
  if (hotline) y = y.replace(/(ubnd:\n(?:.*\n)*? {6}number:) null/, `$1 "${hotline}"`);
  return y;
}

/** Writes a TENANTS_DIR under a new temporary folder; returns the folder and the city's environment. */
export function writeCity(communes: readonly CommuneSpec[], cityEnv: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'city-'));
  const tenantsDir = join(root, 'tenants');
  for (const c of communes) {
    const dir = join(tenantsDir, c.id);
    mkdirSync(join(dir, 'knowledge'), { recursive: true });
    const env = { TENANT_HOST: `${c.id}.city.test`, ...c.env };
    writeFileSync(
      join(dir, 'tenant.env'),
      `${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    writeFileSync(join(dir, 'knowledge', 'commune.yaml'), communeYaml(c.name, c.hotline));
  }
  const env: Record<string, string> = {
    TENANTS_DIR: tenantsDir,
    DATA_DIR: join(root, 'data'),
    KNOWLEDGE_DIR: 'knowledge',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_WATCH: 'false',
    PRIVACY_NOTICE: 'false',
    ...cityEnv,
  };
  return { root, tenantsDir, env };
}
