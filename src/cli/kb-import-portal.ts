/**
 * `npm run kb:import -- --portal <tệp|thư mục> [--province <tỉnh>] [--out <thư mục>] [--dry-run]`:
 * imports the national portal's raw procedure data into `knowledge/catalog/`
 * and says what it added, updated, kept and skipped, and why.
 */
import { runPortalImport, type PortalImportReport } from '../knowledge/catalog/import.js';
import { SKIP_REASONS, type SkipReason } from '../knowledge/catalog/select.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run kb:import --',
  usage:
    '--portal <tệp hoặc thư mục dữ liệu Cổng DVC> [--province "<tên tỉnh>"] [--out knowledge/catalog] [--dry-run] [--verbose]',
  summary: 'nhập dữ liệu thủ tục của Cổng Dịch vụ công vào knowledge/catalog/',
  options: {
    portal: { type: 'string', value: '<tệp|thư-mục>', help: 'dữ liệu Cổng DVC' },
    province: {
      type: 'string',
      value: '"<tên tỉnh>"',
      help: 'nhập thêm thủ tục riêng của một tỉnh (mặc định: chỉ thủ tục toàn quốc)',
    },
    out: { type: 'string', value: '<thư-mục>', help: 'nơi ghi tệp (mặc định knowledge/catalog)' },
    'dry-run': { type: 'boolean', help: 'chỉ báo cáo, không ghi tệp nào' },
    verbose: { type: 'boolean', help: 'liệt kê từng mục cập nhật và bỏ qua' },
  },
} as const;

const REASONS = SKIP_REASONS;

function print(r: PortalImportReport, verbose: boolean): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`Đọc ${r.files} tệp, ${r.records} bản ghi.`);
  out(
    `Thêm mới ${r.added.length}, cập nhật ${r.updated.length}, không đổi ${r.unchanged.length}, bỏ qua ${r.skipped.length} mã.`,
  );
  const counts = new Map<SkipReason, number>();
  for (const s of r.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  for (const [reason, n] of counts) out(`  bỏ qua ${n}: ${REASONS[reason]}`);
  for (const k of r.kept) out(`  giữ bản sửa tay ở ${k.code}: ${k.fields.join(', ')} (ghi trong keep)`);
  if (verbose) {
    for (const u of r.updated) out(`  cập nhật ${u.code}: ${u.fields.join(', ')}`);
    for (const s of r.skipped)
      out(`  bỏ qua ${s.code} ${s.name}: ${REASONS[s.reason]}${s.detail ? ` (${s.detail})` : ''}`);
  }
  if (r.problems.length > 0) {
    out(`Có ${r.problems.length} bản ghi lỗi (đã bỏ qua, phần còn lại vẫn được nhập):`);
    for (const p of r.problems.slice(0, verbose ? Infinity : 20)) out(`  ${p.file}: ${p.field}: ${p.message}`);
    if (!verbose && r.problems.length > 20) out(`  … và ${r.problems.length - 20} lỗi nữa (thêm --verbose để xem hết)`);
  }
  for (const f of r.written) out(`Đã ghi ${f}`);
}

/** Runs the portal import from the command line. */
export function main(argv: string[]): void {
  // `kb:import … | head` closes the pipe early: that is not an error.
  const args = cliStart(SPEC, argv);
  if (!args.values.portal) exitMisuse(SPEC, 'Thiếu --portal <tệp hoặc thư mục>.');
  // In a city the national catalogue is the shared folder's, for every commune: imported there, never per commune.
  const config = configOrExit(process.env, { city: true });
  if (config.TENANTS_DIR && config.TENANT)
    exitMisuse(
      SPEC,
      'Danh mục dùng chung cho mọi xã của thành phố: chạy lệnh này không có TENANT (nhập vào KNOWLEDGE_DIR).',
    );
  const r = runPortalImport({
    source: args.values.portal,
    knowledgeDir: config.KNOWLEDGE_DIR,
    ...(args.values.out ? { outDir: args.values.out } : {}),
    ...(args.values.province ? { province: args.values.province } : {}),
    ...(args.values['dry-run'] ? { dryRun: true } : {}),
  });
  print(r, args.values.verbose ?? false);
  if (args.values['dry-run'] && r.ok) process.stdout.write('Chạy thử (--dry-run): chưa ghi tệp nào.\n');
  else if (r.ok && r.written.length === 0) process.stdout.write('Không có gì thay đổi.\n');
  else if (r.ok) process.stdout.write('Trợ lý đang chạy sẽ tự nạp lại (hoặc gõ /capnhat).\n');
  if (!r.ok) {
    process.stderr.write(`${r.message ?? 'Nhập không thành công.'}\n`);
    process.exit(1);
  }
}
