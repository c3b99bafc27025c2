/**
 * `npm run commune:init -- "<tên xã>" [--province <tỉnh>] [--file knowledge/commune.yaml] [--force]`:
 * fills the commune profile's name, code, province, the clause that formed
 * the commune and its old units from the 2025 rearrangement data, keeping
 * comments and the values the data cannot know.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initCommune } from '../admin-units/commune-init.js';
import { newLabel } from '../admin-units/reply.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run commune:init --',
  usage: '"<tên xã, phường>" [--province <tỉnh>] [--file <tệp hồ sơ xã>] [--force]',
  summary: 'điền tên, mã, tỉnh và các đơn vị cũ của xã vào hồ sơ xã, theo nghị quyết sắp xếp năm 2025',
  options: {
    province: { type: 'string', value: '<tỉnh>', help: 'khi nhiều tỉnh có xã cùng tên, ví dụ "Hải Phòng"' },
    file: { type: 'string', value: '<tệp>', help: 'tệp hồ sơ xã (mặc định KNOWLEDGE_DIR/commune.yaml)' },
    force: { type: 'boolean', help: 'ghi đè khi hồ sơ đã có tên xã khác' },
  },
  positionals: { max: 1 },
} as const;

const { values, positionals } = cliStart(SPEC);
const name = positionals[0]?.trim();
if (!name) exitMisuse(SPEC, 'Cần tên xã hoặc phường, ví dụ: npm run commune:init -- "Phường Lê Chân"');
const file = values.file ?? join(configOrExit().KNOWLEDGE_DIR, 'commune.yaml');
if (!existsSync(file)) exitMisuse(SPEC, `Không có tệp ${file}. Dùng --file để chỉ tệp hồ sơ xã.`);
const r = initCommune(file, name, {
  ...(values.province ? { province: values.province } : {}),
  force: values.force === true,
});
if (r.ok) {
  process.stdout.write(
    `Đã ghi ${r.file}: ${newLabel(r.unit)}, mã ${r.unit.code}, ${r.unit.from.length} đơn vị cũ (${r.unit.resolution}).\n` +
      'Các mục địa chỉ, giờ làm việc, số điện thoại vẫn để trống: bạn điền rồi chạy npm run kb:check.\n',
  );
} else {
  const why = {
    'not-found': `Không tìm thấy xã, phường nào tên "${name}"${values.province ? ` ở ${values.province}` : ''} trong danh sách sau sắp xếp.`,
    ambiguous: `Có nhiều đơn vị tên "${name}": ${(r.candidates ?? []).map(newLabel).join('; ')}. Bạn thêm --province.`,
    filled: `Hồ sơ đã ghi tên "${r.current}". Thêm --force nếu muốn thay bằng "${name}".`,
    'no-profile': `${file} không có khóa commune:.`,
  }[r.reason];
  process.stderr.write(`${why}\n`);
  process.exit(1);
}
