import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { tenantConfig } from '../../src/tenants/config.js';
import { readTenants, TenantsError } from '../../src/tenants/registry.js';
import { writeCity } from './fixtures.js';

let root = '';
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function problemsOf(env: Record<string, string>): string[] {
  try {
    readTenants(env, parseConfig(env));
  } catch (err) {
    if (err instanceof TenantsError)
      return err.problems.map((p) => `${p.file.slice(root.length + 1)}:${p.line}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('the communes’ folders', () => {
  it('reads each commune with its host, database and knowledge over the city’s', () => {
    const w = writeCity([
      { id: 'an-bien', name: 'Phường An Biên' },
      { id: 'le-chan', name: 'Phường Lê Chân', env: { QUESTION_RETENTION_DAYS: '30' } },
    ]);
    root = w.root;
    const tenants = readTenants(w.env, parseConfig(w.env));
    expect(tenants.map((t) => [t.id, t.host])).toEqual([
      ['an-bien', 'an-bien.city.test'],
      ['le-chan', 'le-chan.city.test'],
    ]);
    const [a, b] = tenants.map((t) => t.config);
    expect(a!.databasePath).toBe(join(root, 'data', 'tenants', 'an-bien', 'tro-ly-xa.db'));
    expect(a!.KNOWLEDGE_DIR).toBe(join(w.tenantsDir, 'an-bien', 'knowledge'));
    expect(a!.KNOWLEDGE_SHARED_DIR).toBe('knowledge');
    expect(a!.TENANTS_DIR).toBeUndefined();
    expect(b!.QUESTION_RETENTION_DAYS).toBe(30);
    expect(a!.QUESTION_RETENTION_DAYS).toBe(parseConfig({}).QUESTION_RETENTION_DAYS);
  });

  it('names the file and line of every problem, and starts nothing', () => {
    const w = writeCity([
      {
        id: 'an-bien',
        name: 'Phường An Biên',
        env: { TELEGRAM_TOKEN: 'x', PORT: '80', BROADCAST_TELEGRAM_RATE: 'nhanh' },
      },
      { id: 'do-son', name: 'Phường Đồ Sơn' },
      { id: 'le-chan', name: 'Phường Lê Chân', env: { TENANT_HOST: 'do-son.city.test' } },
      { id: 'ngo-quyen', name: 'Phường Ngô Quyền', env: { TENANT_HOST: '' } },
    ]);
    root = w.root;
    mkdirSync(join(w.tenantsDir, 'Hong Bang'));
    mkdirSync(join(w.tenantsDir, 'kien-an'));
    writeFileSync(join(w.tenantsDir, 'kien-an', 'tenant.env'), 'TENANT_HOST=kien-an.city.test\n');
    expect(problemsOf(w.env)).toEqual([
      'tenants/Hong Bang:1: tên thư mục là mã xã: chữ thường không dấu, số, dấu gạch ngang',
      'tenants/an-bien/tenant.env:2: TELEGRAM_TOKEN: không có biến cấu hình này',
      'tenants/an-bien/tenant.env:3: PORT: đặt chung cho cả thành phố trong .env, không đặt riêng cho xã',
      'tenants/kien-an/knowledge:1: thiếu thư mục tri thức riêng của xã',
      'tenants/ngo-quyen/tenant.env:1: thiếu TENANT_HOST (tên máy của xã)',
      'tenants/le-chan/tenant.env:1: TENANT_HOST: trùng với xã do-son',
    ]);
  });

  it('reports a wrong value at its line', () => {
    const w = writeCity([
      { id: 'an-bien', name: 'Phường An Biên', env: { STAFF_IDS: 'telegram:1', BROADCAST_CONCURRENCY: 'nhiều' } },
    ]);
    root = w.root;
    const [p] = problemsOf(w.env);
    expect(p).toMatch(/^tenants\/an-bien\/tenant\.env:3: BROADCAST_CONCURRENCY: phải là số nguyên/);
  });
});

describe('a commune’s configuration', () => {
  it('never inherits the city’s bot, staff, salt or web address, and inherits the rest', () => {
    const cityEnv = {
      TELEGRAM_BOT_TOKEN: '123:city-token-abcdefghijklmnopqrstuvwxyz',
      ADMIN_IDS: 'telegram:1',
      STAFF_IDS: 'telegram:2',
      USER_ID_SALT: 'city-wide-salt-0123456789',
      PUBLIC_URL: 'https://city.example',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      QUIZ_RETENTION_DAYS: '45',
    };
    const c = tenantConfig(cityEnv, parseConfig(cityEnv), {
      id: 'an-bien',
      dir: 'tenants/an-bien',
      env: { TENANT_HOST: 'a.example', STAFF_IDS: 'telegram:9' },
    });
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.ADMIN_IDS).toEqual([]);
    expect(c.STAFF_IDS).toEqual(parseConfig({ STAFF_IDS: 'telegram:9' }).STAFF_IDS);
    expect(c.USER_ID_SALT).toBeUndefined();
    expect(c.PUBLIC_URL).toBeUndefined();
    expect(c.DATA_ENCRYPTION_KEY?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(c.QUIZ_RETENTION_DAYS).toBe(45);
    expect(c.TENANT).toBe('an-bien');
  });
});
