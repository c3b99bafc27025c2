/**
 * `npm run tenant:add -- "<tên xã>" [--province <tỉnh>] [--id <mã>] [--host <tên máy>]`
 * `npm run tenant:add -- --province "Hải Phòng" --all`:
 * adds one commune (or every commune of a province) to a city installation
 * (`TENANTS_DIR`), with its profile filled from the 2025 rearrangement data,
 * then checks the whole city's settings as `npm start` would.
 */
import { join } from 'node:path';
import { adminUnits } from '../admin-units/data.js';
import { nameKey } from '../admin-units/data.js';
import { addTenant, type AddResult } from '../tenants/add.js';
import { readTenants, TenantsError } from '../tenants/registry.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run tenant:add --',
  usage: '"<tên xã, phường>" [--province <tỉnh>] [--id <mã>] [--host <tên máy>] | --province <tỉnh> --all',
  summary: 'thêm một xã (hoặc mọi xã của một tỉnh) vào cài đặt nhiều xã (TENANTS_DIR)',
  options: {
    province: { type: 'string', value: '<tỉnh>', help: 'khi nhiều tỉnh có xã cùng tên; bắt buộc với --all' },
    id: { type: 'string', value: '<mã>', help: 'mã xã, tên thư mục (mặc định từ tên: "Phường An Biên" → an-bien)' },
    host: { type: 'string', value: '<tên máy>', help: 'tên máy của xã (mặc định <mã>.localhost)' },
    all: { type: 'boolean', help: 'thêm mọi xã, phường của tỉnh sau sắp xếp (bỏ qua xã đã có)' },
  },
  positionals: { max: 1 },
} as const;

const { values, positionals } = cliStart(SPEC);
const city = configOrExit(process.env, { city: true });
if (!city.TENANTS_DIR) exitMisuse(SPEC, 'Chưa đặt TENANTS_DIR trong .env (ví dụ TENANTS_DIR=tenants).');
const template = join(city.KNOWLEDGE_DIR, 'commune.yaml');
const base = { tenantsDir: city.TENANTS_DIR, template };

let results: { name: string; r: AddResult }[];
if (values.all) {
  if (!values.province) exitMisuse(SPEC, 'Cần --province với --all, ví dụ --province "Hải Phòng".');
  if (values.id || values.host || positionals[0]) exitMisuse(SPEC, '--all không dùng cùng tên xã, --id hay --host.');
  const province = nameKey(values.province);
  const units = adminUnits().newUnits.filter((u) => nameKey(u.province) === province);
  if (units.length === 0)
    exitMisuse(SPEC, `Không có tỉnh, thành phố "${values.province}" trong danh sách sau sắp xếp.`);
  results = units.map((u) => ({ name: u.name, r: addTenant({ ...base, name: u.name, province: u.province }) }));
} else {
  const name = positionals[0]?.trim();
  if (!name)
    exitMisuse(SPEC, 'Cần tên xã hoặc phường, ví dụ: npm run tenant:add -- "Phường An Biên" --province "Hải Phòng"');
  results = [
    {
      name,
      r: addTenant({
        ...base,
        name,
        ...(values.province ? { province: values.province } : {}),
        ...(values.id ? { id: values.id } : {}),
        ...(values.host ? { host: values.host } : {}),
      }),
    },
  ];
}
let failed = 0;
for (const { name, r } of results) {
  if (r.ok) {
    const from = r.unit
      ? `${r.unit.name}, mã ${r.unit.code}, ${r.unit.from.length} đơn vị cũ`
      : `${name} (không có trong dữ liệu sắp xếp: chỉ ghi tên)`;
    process.stdout.write(`Đã thêm ${r.id} tại ${r.host}: ${from}.\n`);
  } else if (values.all && r.message.startsWith('Đã có xã')) process.stdout.write(`${r.message}\n`);
  else {
    failed++;
    process.stderr.write(`${name}: ${r.message}\n`);
  }
}
try {
  const tenants = readTenants(process.env, city);
  process.stdout.write(
    `Thành phố có ${tenants.length} xã. Tiếp theo: điền tenant.env (kênh, vai trò) và knowledge/commune.yaml của xã, rồi TENANT=<mã> npm run kb:check.\n`,
  );
} catch (err) {
  if (!(err instanceof TenantsError)) throw err;
  process.stderr.write(`${err.message}\n`);
  failed++;
}
process.exit(failed > 0 ? 1 : 0);
