/**
 * `npm run kb:import -- <tệp.csv|tệp.xlsx> [--out thư-mục] [--dry-run]`:
 * turns a sheet of the national procedure database export into knowledge
 * files, listing the rows it could not use. Importing the sheet again
 * merges: added, updated and unchanged entries are counted, none is dropped.
 */
import { runImport } from '../admin/kb-import.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run kb:import --',
  usage: '<tệp.csv|tệp.xlsx> [--out knowledge/imported] [--dry-run]',
  summary:
    'nhập bảng thủ tục (CSV, XLSX) thành tệp tri thức\n' +
    'hoặc: npm run kb:import -- --portal <tệp hoặc thư mục dữ liệu Cổng DVC> [--province "<tên tỉnh>"] [--dry-run]',
  options: {
    out: { type: 'string', value: '<thư-mục>', help: 'nơi ghi tệp (mặc định knowledge/imported)' },
    'dry-run': { type: 'boolean', help: 'chỉ báo cáo, không ghi tệp nào' },
    portal: { type: 'string', value: '<tệp|thư-mục>', help: 'nhập dữ liệu Cổng DVC (xem --portal x --help)' },
  },
  positionals: { max: 1 },
} as const;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--portal' || a.startsWith('--portal='))) {
    (await import('./kb-import-portal.js')).main(argv);
    return;
  }
  const args = cliStart(SPEC, argv);
  const sheet = args.positionals[0];
  if (!sheet) exitMisuse(SPEC, 'Thiếu tệp bảng, ví dụ: npm run kb:import -- thu-tuc.xlsx');
  const config = configOrExit();
  const r = await runImport({
    sheet,
    knowledgeDir: config.KNOWLEDGE_DIR,
    ...(args.values.out ? { outDir: args.values.out } : {}),
    ...(args.values['dry-run'] ? { dryRun: true } : {}),
    load: loadOptionsFromConfig(config),
  });
  if (r.message && r.rows === 0) {
    process.stderr.write(`${r.message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `Đọc ${r.rows} dòng: thêm mới ${r.added.length}, cập nhật ${r.updated.length}, không đổi ${r.unchanged.length}, bỏ qua ${r.skipped.length}.\n`,
  );
  for (const s of r.skipped) process.stdout.write(`  dòng ${s.row}: ${s.message}\n`);
  if (r.kept.length > 0)
    process.stdout.write(`Giữ nguyên ${r.kept.length} thủ tục đã nhập trước đây nhưng không có trong bảng này.\n`);
  if (r.file) process.stdout.write(`Đã ghi ${r.file}. Trợ lý đang chạy sẽ tự nạp lại (hoặc gõ /capnhat).\n`);
  else if (args.values['dry-run']) process.stdout.write('Chạy thử (--dry-run): chưa ghi tệp nào.\n');
  else if (r.ok) process.stdout.write('Không có gì thay đổi: chưa ghi tệp nào.\n');
  if (!r.ok) {
    process.stderr.write(`${r.message ?? 'Nhập không thành công.'}\n`);
    process.exit(1);
  }
}

void main();
