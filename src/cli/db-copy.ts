/**
 * `npm run db:copy -- --from data/tro-ly-xa.db [--to postgres://…]`: copies
 * a commune's SQLite database into PostgreSQL, every table in one
 * transaction, and checks the row counts. The target defaults to the
 * configuration's (`DATABASE_URL`, in a city `TENANT=<mã>`'s schema).
 */
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { copySqliteToPostgres } from '../storage/copy.js';
import { isPgLocation } from '../storage/pg/db.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run db:copy --',
  usage: '--from <tệp SQLite> [--to postgres://…?schema=…]',
  summary: 'chép toàn bộ cơ sở dữ liệu SQLite của một xã sang PostgreSQL và đối chiếu số dòng từng bảng',
  options: {
    from: { type: 'string', value: '<tệp>', help: 'tệp SQLite của xã, ví dụ data/tro-ly-xa.db' },
    to: { type: 'string', value: '<địa chỉ>', help: 'PostgreSQL đích (mặc định DATABASE_URL, schema của xã)' },
  },
} as const;

const { values } = cliStart(SPEC);
if (!values.from) exitMisuse(SPEC, 'Thiếu --from <tệp SQLite>.');
const to = values.to ?? configOrExit().databasePath;
if (!isPgLocation(to))
  exitMisuse(SPEC, 'Đích phải là PostgreSQL: đặt DATABASE_URL trong .env hoặc dùng --to postgres://…');
const r = copySqliteToPostgres(values.from, to, ALL_MIGRATIONS);
if (r.tables) for (const t of r.tables) process.stdout.write(`  ${t.table}: ${t.source} → ${t.target}\n`);
if (!r.ok) {
  process.stderr.write(`${r.message}\n`);
  process.exit(1);
}
const rows = r.tables.reduce((s, t) => s + t.target, 0);
process.stdout.write(`Đã chép ${rows} dòng của ${r.tables.length} bảng; số dòng từng bảng khớp.\n`);
