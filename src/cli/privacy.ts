/**
 * `npm run privacy -- <lệnh>`: the residents' rights handled at the desk
 * (Decree 13/2023/NĐ-CP, docs/privacy.md), on the same database as the
 * running assistant.
 *
 *   export <kênh:id>          what is stored about a resident, readable
 *   delete <kênh:id> --yes    erases it (as /xoadulieu does), audited without ids
 *   purge                     runs the retention purge of every table now
 *   rotate-key                re-encrypts contact details with DATA_ENCRYPTION_KEY
 */
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { ALL_PERSONAL_DATA } from '../app/personal-data.js';
import { renderPlainText } from '../core/render-text.js';
import { hashUserId } from '../log/index.js';
import { exportReply } from '../privacy/commands.js';
import { reencryptAll } from '../privacy/keys.js';
import { retentionDays } from '../privacy/retention.js';
import { PersonalDataService } from '../privacy/service.js';
import { cipherFromConfig, setCipher } from '../storage/cipher.js';
import { userIdSalt } from '../storage/core.js';
import { openDatabase } from '../storage/db.js';
import type { DataSubject } from '../storage/personal.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit } from './common.js';

const CHANNELS = ['console', 'telegram', 'zalo-oa', 'zalo-bot', 'zalo-personal', 'web'];

const SPEC = {
  command: 'npm run privacy --',
  usage: '<export|delete|purge|rotate-key> [kênh:id]',
  summary: `export <kênh:id>          in dữ liệu trợ lý lưu về một người dân (ví dụ telegram:123456789)
delete <kênh:id> --yes    xoá dữ liệu đó theo yêu cầu người dân gửi tới Bộ phận Một cửa
purge                     xoá ngay dữ liệu quá thời hạn lưu ở mọi bảng
rotate-key                mã hóa lại họ tên, số điện thoại bằng DATA_ENCRYPTION_KEY (sau khi đổi khoá)`,
  options: {
    yes: { type: 'boolean', short: 'y', help: 'xác nhận xoá (lệnh delete)' },
  },
  positionals: { max: 2 },
} as const;

function subjectOf(arg: string | undefined, salt: string): DataSubject {
  const i = arg?.indexOf(':') ?? -1;
  const channel = arg && i > 0 ? arg.slice(0, i) : '';
  const userId = arg && i > 0 ? arg.slice(i + 1).trim() : '';
  if (!CHANNELS.includes(channel) || userId === '')
    exitMisuse(
      SPEC,
      `cần người dân dạng <kênh:id>, kênh là một trong ${CHANNELS.join(', ')} (ví dụ telegram:123456789).`,
    );
  return { channel, userId, userHash: hashUserId(salt, channel, userId) };
}

function main(): void {
  const { values, positionals } = cliStart(SPEC);
  const [command, target] = positionals;
  if (!command || !['export', 'delete', 'purge', 'rotate-key'].includes(command))
    exitMisuse(SPEC, 'cần một lệnh: export, delete, purge hoặc rotate-key.');
  if ((command === 'purge' || command === 'rotate-key') && target)
    exitMisuse(SPEC, `lệnh ${command} không nhận thêm đối số.`);
  const config = configOrExit();
  const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
  setCipher(db, cipherFromConfig(config));
  const data = new PersonalDataService(db, ALL_PERSONAL_DATA);
  try {
    if (command === 'purge') {
      const counts = Object.entries(data.purge(retentionDays(config))).filter(([, n]) => n > 0);
      process.stdout.write(
        counts.length === 0
          ? 'Không có dữ liệu nào quá thời hạn lưu.\n'
          : `Đã xoá dữ liệu quá hạn: ${counts.map(([t, n]) => `${t} ${n}`).join(', ')}\n`,
      );
      return;
    }
    if (command === 'rotate-key') return rotate(db, config.DATA_ENCRYPTION_KEY !== undefined);
    const who = subjectOf(target, userIdSalt(db, config.USER_ID_SALT));
    const sections = data.export(who);
    if (command === 'export' || !values.yes) {
      process.stdout.write(`${renderPlainText(exportReply(sections))}\n`);
      if (command === 'delete')
        process.stdout.write(`\nChưa xoá gì. Chạy lại với --yes để xoá dữ liệu của ${who.channel}:${who.userId}.\n`);
      return;
    }
    const r = data.erase(who, 'desk');
    process.stdout.write(`Đã xoá hoặc ẩn danh ${r.total} dòng dữ liệu của ${who.channel}:${who.userId}.\n`);
  } finally {
    db.close();
  }
}

function rotate(db: Parameters<typeof reencryptAll>[0], hasKey: boolean): void {
  if (!hasKey) {
    process.stderr.write('Chưa đặt DATA_ENCRYPTION_KEY: không có khoá để mã hóa (xem docs/privacy.md).\n');
    process.exitCode = 1;
    return;
  }
  const r = reencryptAll(db);
  process.stdout.write(
    `Đã mã hóa lại ${r.updated} giá trị bằng khoá hiện tại; ${r.unreadable} giá trị không đọc được.\n`,
  );
  if (r.unreadable > 0) {
    process.stdout.write(
      'Thêm khoá cũ vào DATA_ENCRYPTION_KEYS_OLD rồi chạy lại; đừng xoá khoá cũ trước khi con số này về 0.\n',
    );
    process.exitCode = 1;
  }
}

main();
