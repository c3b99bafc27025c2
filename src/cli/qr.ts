/**
 * `npm run qr -- --bot <tên bot> --out <thư mục> [--ids a,b,c] [--web <https://host>] [--oa <link hoặc mã OA>]`:
 * writes QR codes (PNG and SVG) of each knowledge entry's Telegram deep link,
 * web chat deep link (default PUBLIC_URL) and the OA's link, one printable A4
 * page per entry and an index.html.
 */
import { isTelegramStartId, writePosters } from '../admin/qr-posters.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { silentLogger } from '../log/index.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const SPEC = {
  command: 'npm run qr --',
  usage: '--bot <tên bot> --out <thư mục> [--ids mã1,mã2] [--web https://địa-chỉ] [--oa <liên kết hoặc mã OA>]',
  summary: 'tạo mã QR (PNG, SVG) mở thẳng từng thủ tục, một trang A4 để in cho mỗi thủ tục và index.html',
  options: {
    bot: { type: 'string', value: '<tên-bot>', help: 'tên bot Telegram' },
    out: { type: 'string', value: '<thư-mục>', help: 'nơi ghi các tệp' },
    ids: { type: 'string', value: 'mã1,mã2', help: 'chỉ tạo cho các mục này (mặc định: mọi mục)' },
    web: { type: 'string', value: 'https://…', help: 'địa chỉ trang trò chuyện (mặc định: PUBLIC_URL trong .env)' },
    oa: { type: 'string', value: '<liên-kết>', help: 'liên kết Zalo OA (https://zalo.me/…) hoặc mã OA' },
  },
} as const;

async function main(): Promise<void> {
  const v = cliStart(SPEC).values;
  const bot = v.bot?.replace(/^@/, '');
  if (!bot || !v.out) exitMisuse(SPEC, 'Cần cả --bot và --out.');
  const config = configOrExit();
  const web = v.web ?? config.PUBLIC_URL;
  if (web !== undefined && !/^https?:\/\//i.test(web)) {
    exitMisuse(SPEC, `--web phải là địa chỉ http(s)://…, không phải "${web}".`);
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
