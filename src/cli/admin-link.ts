/**
 * `npm run admin:link -- --user <kênh:id>`: prints a one-time sign-in link
 * to the staff console, for the first admin (who has no console yet) or
 * when the bot cannot be reached. The person must hold the staff or admin
 * role (`ADMIN_IDS`, `STAFF_IDS` or a grant); the link works once, for 10
 * minutes, and the issue is written to the audit log.
 */
import { writeAudit } from '../admin/audit.js';
import { DbRoleResolver } from '../admin/roles.js';
import { parsePrincipal } from '../core/deliver.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { openDatabase } from '../storage/db.js';
import { hashUserId } from '../log/index.js';
import { userIdSalt } from '../storage/core.js';
import { consoleBase } from '../web-admin/index.js';
import { issueLoginLink, LINK_TTL_MS } from '../web-admin/links.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const SPEC = {
  command: 'npm run admin:link --',
  usage: '--user kênh:id (ví dụ --user telegram:123456789)',
  summary: 'in liên kết đăng nhập một lần vào trang cán bộ (dùng trong 10 phút)',
  options: { user: { type: 'string', value: '<kênh:id>', help: 'người nhận liên kết, ví dụ telegram:123456789' } },
} as const;
const { values } = cliStart(SPEC);
const p = values.user ? parsePrincipal(values.user) : undefined;
if (!p)
  exitMisuse(
    SPEC,
    values.user ? `"${values.user}" phải có dạng kênh:id, ví dụ telegram:123456789.` : 'Thiếu --user kênh:id.',
  );
const config = configOrExit();
if (!config.ADMIN_WEB_ENABLED)
  process.stderr.write('Lưu ý: ADMIN_WEB_ENABLED chưa bật trong .env, trang /admin chưa chạy.\n');
const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
try {
  const roles = new DbRoleResolver(db, config.ADMIN_IDS, config.STAFF_IDS, Date.now, config.APPROVER_IDS);
  const role = roles.roleOf(p.channel, p.userId);
  if (role === 'resident') {
    process.stderr.write(
      `${p.channel}:${p.userId} không có quyền cán bộ. Thêm vào ADMIN_IDS hoặc STAFF_IDS trong .env, hoặc nhờ quản trị viên cấp quyền.\n`,
    );
    process.exit(1);
  }
  const now = Date.now();
  const r = issueLoginLink(db, `${p.channel}:${p.userId}`, now);
  if (!r.ok) {
    process.stderr.write('Đã cấp quá nhiều liên kết cho tài khoản này trong một giờ qua. Bạn thử lại sau.\n');
    process.exit(1);
  }
  const userHash = hashUserId(userIdSalt(db, config.USER_ID_SALT), p.channel, p.userId);
  writeAudit(db, { ts: now, channel: 'cli', userHash, role, action: 'web admin:link', outcome: 'ok' });
  process.stdout.write(`${consoleBase({ config })}/admin/login?token=${r.token}\n`);
  process.stderr.write(`Liên kết dùng được một lần, trong ${LINK_TTL_MS / 60_000} phút.\n`);
} finally {
  db.close();
}
