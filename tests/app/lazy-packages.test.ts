/**
 * The assistant loads a heavy library only when it is used: exceljs (about
 * 24 MB once loaded) for spreadsheets, grammy for a configured Telegram bot,
 * zca-js for a configured personal Zalo account. A started app with no tokens
 * must not import them, or the resident-facing process pays for them all day
 * (issue 9's RSS target; see bench/memory.bench.ts).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('optional libraries are loaded on first use', () => {
  it('an app with no channel tokens answers without importing exceljs, grammy or zca-js', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/fixtures/loaded-packages.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, TELEGRAM_BOT_TOKEN: '', ZALO_OA_ACCESS_TOKEN: '' },
    });
    const packages = JSON.parse(out.trim().split('\n').pop()!) as string[];
    expect(packages).toContain('fastify'); // the hook saw the app's imports
    for (const heavy of ['exceljs', 'grammy', '@grammyjs/runner', 'zca-js']) expect(packages).not.toContain(heavy);
  });

  it('a spreadsheet still gets its workbook: exceljs loads when asked', async () => {
    const { newWorkbook } = await import('../../src/admin/workbook.js');
    const wb = await newWorkbook();
    wb.addWorksheet('Báo cáo').addRow(['Chỉ tiêu', 1]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});
