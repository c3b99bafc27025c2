/**
 * `npm run tg:links`: prints, for every knowledge entry, the Telegram deep link
 * that opens it directly (`https://t.me/<bot>?start=<id>`), to print as QR codes
 * at the one-stop desk. The bot's username comes from getMe (TELEGRAM_BOT_TOKEN),
 * or from `--bot <username>` without calling Telegram. `--tsv` prints id, title, link.
 */
import { Api } from 'grammy';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { isTelegramStartId } from '../admin/qr-posters.js';
import { silentLogger } from '../log/index.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const { values } = cliStart({
  command: 'npm run tg:links --',
  usage: '[--bot tên_bot] [--tsv]',
  summary: 'in liên kết Telegram mở thẳng từng thủ tục (https://t.me/<bot>?start=<mã>)',
  options: {
    bot: {
      type: 'string',
      value: '<tên_bot>',
      help: 'tên bot, không cần gọi Telegram (mặc định: hỏi Telegram bằng TELEGRAM_BOT_TOKEN)',
    },
    tsv: { type: 'boolean', help: 'in mã, tên và liên kết cách nhau bằng dấu Tab' },
  },
});
const config = configOrExit();
let username = values.bot?.replace(/^@/, '');
try {
  if (!username) {
    if (!config.TELEGRAM_BOT_TOKEN) {
      process.stderr.write('Cần TELEGRAM_BOT_TOKEN trong .env, hoặc ghi tên bot: npm run tg:links -- --bot ten_bot\n');
      process.exit(2);
    }
    username = (await new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }).getMe()).username;
  }
  const kb = KnowledgeStore.load(config.KNOWLEDGE_DIR, silentLogger, loadOptionsFromConfig(config)).kb;
  const tsv = values.tsv === true;
  for (const e of kb.entries) {
    // Telegram allows A-Z, a-z, 0-9, _ and - in the start parameter, up to 64 characters.
    if (!isTelegramStartId(e.id)) {
      process.stderr.write(
        `Bỏ qua ${e.id}: mã mục dài quá 64 ký tự, Telegram không nhận trong liên kết. Hãy đặt mã ngắn hơn.\n`,
      );
      continue;
    }
    const link = `https://t.me/${username}?start=${e.id}`;
    process.stdout.write(tsv ? `${e.id}\t${e.title}\t${link}\n` : `${link}  ${e.title}\n`);
  }
} catch (err) {
  exitOnStartupError(err);
}
