/**
 * The communes of a city installation: one folder each under `TENANTS_DIR`,
 * named by the commune's id, holding its settings (`tenant.env`, secrets
 * included: keep the folder out of version control) and its own knowledge
 * (`knowledge/`, at least its `commune.yaml`) over the city's shared folder.
 *
 * ```
 * tenants/
 *   an-bien/tenant.env           TENANT_HOST=an-bien.troly.haiphong.gov.vn, TELEGRAM_BOT_TOKEN=…
 *   an-bien/knowledge/commune.yaml
 *   le-chan/…
 * ```
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError, type Config, TENANT_ID, VARIABLES } from '../config/index.js';
import { CITY_VARIABLES, type TenantPlace, tenantConfig } from './config.js';

/** A problem with one commune's folder, with the file and line an administrator fixes. */
export interface TenantProblem {
  file: string;
  line: number;
  message: string;
}

/** Thrown when the communes' folders are not all usable: nothing starts half-configured. */
export class TenantsError extends Error {
  constructor(readonly problems: TenantProblem[]) {
    super(
      `Cấu hình các xã (TENANTS_DIR) có ${problems.length} lỗi:\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
    this.name = 'TenantsError';
  }
}

/** One commune of the city, ready to start. */
export interface Tenant extends TenantPlace {
  /** The host name its residents and staff reach it at (`TENANT_HOST`). */
  host: string;
  config: Config;
}

/** The file holding a commune's settings inside its folder. */
export const TENANT_ENV = 'tenant.env';

function lineOf(text: string, key: string): number {
  const i = text.split('\n').findIndex((l) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(l));
  return i < 0 ? 1 : i + 1;
}

/** The settings of one commune, or its problems (unknown or city-wide variables, wrong values). */
function readTenant(cityEnv: NodeJS.ProcessEnv, city: Config, id: string, dir: string): Tenant | TenantProblem[] {
  const file = join(dir, TENANT_ENV);
  if (!existsSync(file))
    return [{ file, line: 1, message: `thiếu tệp ${TENANT_ENV} (ít nhất TENANT_HOST=…); tạo bằng npm run tenant:add` }];
  const text = readFileSync(file, 'utf8');
  const env = parseDotenv(text);
  const problems: TenantProblem[] = [];
  for (const key of Object.keys(env)) {
    const line = lineOf(text, key);
    if (!(key in VARIABLES)) problems.push({ file, line, message: `${key}: không có biến cấu hình này` });
    else if (CITY_VARIABLES.has(key) || key === 'KNOWLEDGE_DIR')
      problems.push({ file, line, message: `${key}: đặt chung cho cả thành phố trong .env, không đặt riêng cho xã` });
  }
  if (!env.TENANT_HOST) problems.push({ file, line: 1, message: 'thiếu TENANT_HOST (tên máy của xã)' });
  if (!existsSync(join(dir, 'knowledge')))
    problems.push({ file: join(dir, 'knowledge'), line: 1, message: 'thiếu thư mục tri thức riêng của xã' });
  if (problems.length > 0) return problems;
  try {
    const config = tenantConfig(cityEnv, city, { id, dir, env });
    return { id, dir, env, host: config.TENANT_HOST!, config };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => ({ file, line: lineOf(text, p.name), message: `${p.name}: ${p.message}` }));
  }
}

/**
 * Reads every commune under `TENANTS_DIR`. Throws {@link TenantsError} listing
 * every problem (a folder name that is not an id, a missing or wrong
 * `tenant.env`, two communes on one host or one database).
 *
 * @example
 * ```ts
 * const tenants = readTenants(process.env, loadConfig()); // [{ id: 'an-bien', host: 'an-bien.example', config }, …]
 * ```
 */
export function readTenants(cityEnv: NodeJS.ProcessEnv, city: Config): Tenant[] {
  const root = city.TENANTS_DIR;
  if (!root) return [];
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new TenantsError([{ file: root, line: 1, message: 'TENANTS_DIR: không có thư mục này' }]);
  const problems: TenantProblem[] = [];
  const tenants: Tenant[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
    if (!TENANT_ID.test(name)) {
      problems.push({ file: dir, line: 1, message: 'tên thư mục là mã xã: chữ thường không dấu, số, dấu gạch ngang' });
      continue;
    }
    const t = readTenant(cityEnv, city, name, dir);
    if (Array.isArray(t)) problems.push(...t);
    else tenants.push(t);
  }
  problems.push(...clashes(tenants));
  if (tenants.length === 0 && problems.length === 0)
    problems.push({ file: root, line: 1, message: 'chưa có xã nào; thêm bằng npm run tenant:add' });
  if (problems.length > 0) throw new TenantsError(problems);
  return tenants;
}

/** Two communes may not share a host, a database, or a bot. */
function clashes(tenants: readonly Tenant[]): TenantProblem[] {
  const problems: TenantProblem[] = [];
  const seen = new Map<string, string>();
  const unique = (t: Tenant, what: string, value: string | undefined, variable: string) => {
    if (!value) return;
    const other = seen.get(`${what}:${value}`);
    const file = join(t.dir, TENANT_ENV);
    if (other)
      problems.push({
        file,
        line: lineOf(readFileSync(file, 'utf8'), variable),
        message: `${variable}: trùng với xã ${other}`,
      });
    else seen.set(`${what}:${value}`, t.id);
  };
  for (const t of tenants) {
    unique(t, 'host', t.host, 'TENANT_HOST');
    unique(t, 'db', t.config.databasePath, t.env.DATABASE_PATH ? 'DATABASE_PATH' : 'DATA_DIR');
    unique(t, 'telegram', t.config.TELEGRAM_BOT_TOKEN, 'TELEGRAM_BOT_TOKEN');
    unique(t, 'zalo-oa', t.config.ZALO_OA_APP_ID, 'ZALO_OA_APP_ID');
    unique(t, 'zalo-bot', t.config.ZALO_BOT_TOKEN, 'ZALO_BOT_TOKEN');
  }
  return problems;
}
