import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import { addTenant, tenantIdOf } from '../../src/tenants/add.js';
import { readTenants } from '../../src/tenants/registry.js';

const run = promisify(execFile);
let root = '';
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});
const tenantsDir = () => {
  root ||= mkdtempSync(join(tmpdir(), 'tenant-add-'));
  return join(root, 'tenants');
};
const add = (name: string, o: { province?: string; id?: string; host?: string } = {}) =>
  addTenant({ tenantsDir: tenantsDir(), template: 'knowledge/commune.yaml', name, ...o });
const profileOf = (id: string) =>
  (
    parse(readFileSync(join(tenantsDir(), id, 'knowledge', 'commune.yaml'), 'utf8')) as {
      commune: Record<string, unknown>;
    }
  ).commune;

describe('adding a commune', () => {
  it('fills its profile from the rearrangement data and writes its settings', () => {
    const r = add('an bien', { province: 'Hải Phòng' });
    expect(r).toMatchObject({ ok: true, id: 'an-bien', host: 'an-bien.localhost' });
    const p = profileOf('an-bien');
    expect(p).toMatchObject({ name: 'Phường An Biên', province: 'Thành phố Hải Phòng', code: '11407' });
    expect((p.oldUnits as unknown[]).length).toBe(4);
    // What the data cannot know stays a placeholder.
    expect(p.address).toBeNull();
    expect(readFileSync(join(tenantsDir(), 'an-bien', 'tenant.env'), 'utf8')).toMatch(
      /^TENANT_HOST=an-bien\.localhost$/m,
    );
    const env = { TENANTS_DIR: tenantsDir(), LOG_LEVEL: 'silent' };
    expect(readTenants(env, parseConfig(env)).map((t) => t.id)).toEqual(['an-bien']);
  });

  it('never overwrites a commune, and gives two communes of one name two ids', () => {
    expect(add('Phường An Biên', { province: 'Hải Phòng' }).ok).toBe(true);
    expect(add('Phường An Biên', { province: 'Hải Phòng' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('Đã có xã an-bien'),
    });
    // Two communes whose names differ only in a tone mark.
    const twins = ['Xã Cẩm Giang', 'Xã Cẩm Giàng'];
    const ids = twins.map((n) => add(n, { province: 'Hải Phòng' })).map((r) => (r.ok ? r.id : r.message));
    expect(ids).toEqual(['cam-giang', 'xa-cam-giang']);
    expect(profileOf('xa-cam-giang').name).toBe('Xã Cẩm Giàng');
  });

  it('asks for the province when a name is in several, and keeps a name the data does not know', () => {
    expect(add('Tân Phú')).toMatchObject({ ok: false, message: expect.stringContaining('Thêm --province') });
    const r = add('Xã Thử Nghiệm Ngoài Danh Sách', { host: 'thu.example.vn' });
    expect(r).toMatchObject({ ok: true, id: 'thu-nghiem-ngoai-danh-sach', host: 'thu.example.vn' });
    expect(profileOf('thu-nghiem-ngoai-danh-sach').name).toBe('Xã Thử Nghiệm Ngoài Danh Sách');
    expect(add('x', { id: 'Không Hợp Lệ' })).toMatchObject({ ok: false });
  });

  it('derives ids from names', () => {
    expect(tenantIdOf('Phường Lê Đại Hành')).toBe('le-dai-hanh');
    expect(tenantIdOf('Đặc khu Cát Hải')).toBe('cat-hai');
    expect(tenantIdOf('Xã Đông Hưng')).toBe('dong-hung');
  });
});

describe('npm run tenant:add', () => {
  it('adds every commune of Hải Phòng with --all, and a second run adds none', async () => {
    const env = { ...process.env, TENANTS_DIR: tenantsDir(), LOG_LEVEL: 'silent' };
    const cli = ['--import', 'tsx', 'src/cli/tenant-add.ts', '--province', 'Hải Phòng', '--all'];
    const first = await run(process.execPath, cli, { env });
    expect(first.stdout).toContain('Thành phố có 114 xã.');
    expect(readdirSync(tenantsDir())).toHaveLength(114);
    const again = await run(process.execPath, cli, { env });
    expect(again.stdout).not.toContain('Đã thêm');
    expect(again.stdout).toContain('Thành phố có 114 xã.');
    expect(existsSync(join(tenantsDir(), 'cat-hai', 'knowledge', 'commune.yaml'))).toBe(true);
  }, 60_000);
});
