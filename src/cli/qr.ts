/**
 * `npm run qr -- --bot <tên bot> --out <thư mục> [--ids a,b,c] [--web <https://host>] [--oa <link hoặc mã OA>]`:
 * writes QR codes (PNG and SVG) of each knowledge entry's Telegram deep link,
 * web chat deep link (default PUBLIC_URL) and the OA's link, one printable A4
 * page per entry and an index.html.
 */
import { parseArgs } from 'node:util';
import { isTelegramStartId, writePosters } from '../admin/qr-posters.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { silentLogger } from '../log/index.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const USAGE =
  'Cách dùng: npm run qr -- --bot <tên bot> --out <thư mục> [--ids mã1,mã2] [--web https://địa-chỉ] [--oa <liên kết hoặc mã OA>]\n' +
  '  tạo mã QR (PNG, SVG) mở thẳng từng thủ tục, một trang A4 để in cho mỗi thủ tục và index.html\n' +
  '  --ids  chỉ tạo cho các mục này (mặc định: mọi mục)\n' +
  '  --web  địa chỉ trang trò chuyện (mặc định: PUBLIC_URL trong .env)\n' +
  '  --oa   liên kết Zalo OA (https://zalo.me/…) hoặc mã OA\n';

async function main(): Promise<void> {
  cliStart(USAGE);
  let v;
  try {
    v = parseArgs({
      options: {
        bot: { type: 'string' },
        out: { type: 'string' },
        ids: { type: 'string' },
        web: { type: 'string' },
        oa: { type: 'string' },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const bot = v.bot?.replace(/^@/, '');
  if (!bot || !v.out) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const config = configOrExit();
  const web = v.web ?? config.PUBLIC_URL;
  if (web !== undefined && !/^https?:\/\//i.test(web)) {
    process.stderr.write(`--web phải là địa chỉ http(s)://…, không phải "${web}".\n`);
    process.exit(2);
  }
  if (!web) process.stderr.write('Lưu ý: chưa có --web hay PUBLIC_URL, bỏ qua mã QR trang trò chuyện.\n');
  const kb = KnowledgeStore.load(config.KNOWLEDGE_DIR, silentLogger, loadOptionsFromConfig(config)).kb;
  let entries = kb.entries.map((e) => ({ id: e.id, title: e.title }));
  if (v.ids) {
    const wanted = v.ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.filter((id) => !entries.some((e) => e.id === id));
    if (unknown.length > 0) {
      process.stderr.write(`Không có mục: ${unknown.join(', ')}\n`);
      process.exit(1);
    }
    entries = wanted.map((id) => entries.find((e) => e.id === id)!);
  }
  const r = await writePosters(entries, { bot, ...(web ? { web } : {}), ...(v.oa ? { oa: v.oa } : {}) }, v.out);
  for (const s of r.skipped) process.stderr.write(`Bỏ qua ${s.id}: ${s.reason}.\n`);
  const pages = entries.filter((e) => isTelegramStartId(e.id)).length;
  process.stdout.write(`Đã ghi ${pages} trang thủ tục và index.html vào ${v.out} (${r.written.length} tệp).\n`);
}

main().catch(exitOnStartupError);
