/**
 * One argument parser for every CLI: misuse is one Vietnamese line with a
 * suggestion and exit 2, a failure while running is exit 1, and `--help` is
 * generated from the options.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/args.js';
import { CLIS, runCli } from './run-cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'txa-args-'));
const run = (script: string, args: string[]) => runCli(script, args, { TELEGRAM_BOT_TOKEN: '', DATA_DIR: dataDir });

describe('CLI misuse', () => {
  it.each(CLIS)('%s: an unknown option is Vietnamese, exit 2', async (script) => {
    const r = await run(script, ['--khong-co-tuy-chon-nay']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Không hiểu tùy chọn `--khong-co-tuy-chon-nay`\./);
    expect(r.err).toContain('--help');
    expect(r.err).not.toMatch(/Unknown|^\s+at /m);
  });

  it('suggests the near option: --fiel → --file', async () => {
    const r = await run('announce.ts', ['compose', '--fiel', 'tin.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không hiểu tùy chọn `--fiel`. Bạn có định viết `--file`?');
  });

  it('a missing value is misuse', async () => {
    const r = await run('announce.ts', ['compose', '--file']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Tùy chọn `--file` cần một giá trị');
  });

  it('announce without a command is misuse (2), like the other CLIs', async () => {
    const r = await run('announce.ts', []);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Thiếu lệnh/);
  });

  it('announce compose --file /nonexistent: one line, exit 1, no stack', async () => {
    const r = await run('announce.ts', ['compose', '--file', '/nonexistent/tin.txt']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('Không có tệp "/nonexistent/tin.txt". Bạn kiểm tra lại đường dẫn. [TXA_FILE_NOT_FOUND]');
  });

  it('announce refuses a cron schedule of every second (exit 2), before asking anything', async () => {
    const r = await run('announce.ts', ['compose', '--text', 'Thử', '--cron', '* * * * * * *', '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Lịch này gửi quá dày/);
  });

  it('report with a bad period answers in Vietnamese, exit 2', async () => {
    const r = await run('report.ts', ['--period', 'quy-nam']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Kỳ báo cáo "quy-nam" không đúng dạng/);
    expect(r.err).not.toMatch(/Unknown|Invalid/);
  });

  it('a boolean option given a value is misuse', async () => {
    const r = await run('kb-check.ts', ['--verbose=yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('`--verbose` không nhận giá trị');
  });

  it('an extra argument is misuse', async () => {
    const r = await run('kb-check.ts', ['knowledge', 'thua']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không hiểu "thua"');
  });
});

describe('helpText', () => {
  it('lists every option with its placeholder and --help', () => {
    const text = helpText({
      command: 'npm run x --',
      usage: '[--file tệp]',
      summary: 'làm việc x',
      options: {
        file: { type: 'string', value: '<tệp>', help: 'đọc từ tệp' },
        yes: { type: 'boolean', help: 'đồng ý' },
      },
    });
    expect(text).toMatch(/^Cách dùng: npm run x -- \[--file tệp\]\n {2}làm việc x\n/);
    expect(text).toMatch(/--file <tệp> +đọc từ tệp/);
    expect(text).toMatch(/--yes +đồng ý/);
    expect(text).toMatch(/-h, --help +in hướng dẫn này/);
  });
});
