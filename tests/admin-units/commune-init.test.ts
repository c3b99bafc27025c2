/** `commune:init` on two communes: name, code, province and old units written, comments and placeholders kept. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { runCli } from '../cli/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function kb(): string {
  const d = mkdtempSync(join(tmpdir(), 'commune-init-'));
  dirs.push(d);
  cpSync('knowledge', d, { recursive: true });
  return d;
}

describe('npm run commune:init', () => {
  it('fills Phường Lê Chân (Hải Phòng) and the profile still validates, comments kept; a second run changes nothing', async () => {
    const d = kb();
    const file = join(d, 'commune.yaml');
    const r = await runCli('commune-init.ts', ['Lê Chân', '--file', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Phường Lê Chân (Thành phố Hải Phòng), mã 11383, 8 đơn vị cũ');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# ĐIỀN: địa chỉ trụ sở UBND xã');
    expect(text).toContain('address: null');
    const loaded = loadKnowledge(d);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const c = loaded.kb.commune;
    expect(c).toMatchObject({ name: 'Phường Lê Chân', province: 'Thành phố Hải Phòng', code: '11383' });
    expect(c.formedBy).toBe('khoản 12 Điều 1 Nghị quyết 1669/NQ-UBTVQH15');
    expect(c.oldUnits).toContainEqual({
      name: 'Phường Hàng Kênh',
      district: 'Quận Lê Chân',
      province: 'Thành phố Hải Phòng',
      part: 'toàn bộ',
    });
    expect(c.oldUnits).toContainEqual({
      name: 'Phường Cầu Đất',
      district: 'Quận Ngô Quyền',
      province: 'Thành phố Hải Phòng',
      part: 'một phần',
    });
    expect((await runCli('commune-init.ts', ['Lê Chân', '--file', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('asks for the province when a name is in several, then fills Xã Hoằng Tiến (Thanh Hóa) typed without diacritics', async () => {
    const d = kb();
    const file = join(d, 'commune.yaml');
    const ambiguous = await runCli('commune-init.ts', ['Ba Đình', '--file', file]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain(
      'Phường Ba Đình (Thành phố Hà Nội); Xã Ba Đình (Tỉnh Thanh Hóa). Bạn thêm --province.',
    );
    const r = await runCli('commune-init.ts', ['hoang tien', '--province', 'Thanh Hóa', '--file', file]);
    expect(r.code).toBe(0);
    const loaded = loadKnowledge(d);
    if (!loaded.ok) throw new Error('profile does not validate');
    expect(loaded.kb.commune).toMatchObject({ name: 'Xã Hoằng Tiến', province: 'Tỉnh Thanh Hóa' });
    // Another name over a filled profile needs --force; an unknown name is said plainly.
    const filled = await runCli('commune-init.ts', ['Lê Chân', '--file', file]);
    expect(filled.code).toBe(1);
    expect(filled.err).toContain('Hồ sơ đã ghi tên "Xã Hoằng Tiến"');
    const none = await runCli('commune-init.ts', ['Không Có Xã Này', '--file', file]);
    expect(none.err).toContain('Không tìm thấy xã, phường nào tên "Không Có Xã Này"');
  });
});
