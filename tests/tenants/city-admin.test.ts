/**
 * The city's administrators: administrators in every commune, and the
 * city-wide report, one row per commune from each commune's own database.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { currentQuarter } from '../../src/admin/period.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { type City, createCity } from '../../src/tenants/city.js';
import { cityReportCsv, cityReportRows, cityTotal } from '../../src/tenants/city-report.js';
import { readTenants } from '../../src/tenants/registry.js';
import { writeCity } from './fixtures.js';

const run = promisify(execFile);
let city: City | undefined;
let root = '';
afterEach(async () => {
  await city?.stop();
  city = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the city’s administrators', () => {
  it('administer every commune, and see every commune in the city report', async () => {
    const w = writeCity(
      [
        { id: 'an-bien', name: 'Phường An Biên', env: { ADMIN_IDS: 'telegram:100' } },
        { id: 'le-chan', name: 'Phường Lê Chân' },
      ],
      { CITY_ADMIN_IDS: 'telegram:777' },
    );
    root = w.root;
    const config = parseConfig(w.env);
    city = await createCity(w.env, config, silentLogger);
    const say = (id: string, user: string, text: string) =>
      city!.apps.get(id)!.assistant.handle({ channel: 'telegram', userId: user, chatId: user, text });
    for (const id of ['an-bien', 'le-chan']) expect((await say(id, '777', '/lenh'))[0]?.kind, id).not.toBe('refusal');
    expect((await say('le-chan', '100', '/lenh'))[0]?.kind).toBe('refusal');
    // Residents ask: two questions in one commune, three in the other.
    for (const q of ['làm giấy khai sinh', 'giá vàng hôm nay']) await say('an-bien', '5', q);
    for (const q of ['đăng ký tạm trú', 'chứng thực bản sao', 'cấp lại căn cước']) await say('le-chan', '6', q);
    await city.stop();
    city = undefined;

    const rows = cityReportRows(readTenants(w.env, config), currentQuarter(Date.now(), config.TZ_NAME));
    expect(rows.map((r) => [r.id, r.commune, r.questions])).toEqual([
      ['an-bien', 'Phường An Biên', 2],
      ['le-chan', 'Phường Lê Chân', 3],
    ]);
    expect(cityTotal(rows).questions).toBe(5);
    expect(cityReportCsv(rows).split('\n')[0]).toBe(
      'ma_xa,xa,cau_hoi,tra_loi_duoc,phan_anh,phan_anh_da_tra_loi,nguoi_danh_gia,diem_hai_long_tb,thong_bao_da_gui,tin_cchc,chi_tieu_dat,chi_tieu',
    );

    // The same through the command line, as the city's operator runs it.
    const out = join(root, 'reports');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', '--out', out], {
      env: { ...process.env, ...w.env },
    });
    expect(stdout).toContain('Báo cáo toàn thành phố');
    expect(stdout).toContain('2 xã, 5 câu hỏi');
    const label = currentQuarter(Date.now(), config.TZ_NAME).label;
    const md = readFileSync(join(out, `bao-cao-thanh-pho-${label}.md`), 'utf8');
    expect(md).toMatch(/\| Phường Lê Chân \| 3 \|/);
    expect(md).toMatch(/\| \*\*Toàn thành phố\*\* \| 5 \|/);
  }, 60_000);
});
