/**
 * `npm run loa -- <mã mục hoặc số thông báo> [--audio <tệp.wav>]`: prints the
 * loudspeaker script of a knowledge entry or an announcement (numbers,
 * dates and abbreviations in words, opening and closing formulas, reading
 * time) and, with `--audio`, speaks it into a WAV file with espeak-ng.
 */
import { AnnouncementStore } from '../announcements/store.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { silentLogger } from '../log/index.js';
import { formatReadingTime } from '../loudspeaker/script.js';
import { scriptFor } from '../loudspeaker/sources.js';
import { espeakNg } from '../loudspeaker/voice.js';
import { openDatabase } from '../storage/db.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const SPEC = {
  command: 'npm run loa --',
  usage: '<mã mục | số thông báo> [--audio tệp.wav]',
  summary: 'in bài đọc trên loa truyền thanh của một mục tri thức hoặc một thông báo; --audio ghi thêm tệp âm thanh',
  options: {
    audio: { type: 'string', value: '<tệp.wav>', help: 'ghi bài đọc thành tệp WAV (cần espeak-ng)' },
  },
  positionals: { max: 1 },
} as const;

async function main(): Promise<void> {
  const { values, positionals } = cliStart(SPEC);
  const id = positionals[0];
  if (!id) exitMisuse(SPEC, 'Cần mã mục (ví dụ: khai-sinh) hoặc số thông báo (ví dụ: 12).');
  const config = configOrExit();
  const kb = KnowledgeStore.load(config.KNOWLEDGE_DIR, silentLogger, loadOptionsFromConfig(config)).kb;
  // The database is opened only when the id is an announcement number.
  const found = scriptFor(kb, id, (n) => {
    const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
    const a = new AnnouncementStore(db, Date.now, config.TZ_NAME).get(n);
    db.close();
    return a;
  });
  if (!found) {
    process.stderr.write(
      `Không có mục hay thông báo "${id}". Mã mục là trường id trong knowledge/, số thông báo xem bằng npm run announce -- list.\n`,
    );
    process.exit(1);
  }
  const { script } = found;
  process.stdout.write(`${script.text}\n\n(Thời gian đọc khoảng ${formatReadingTime(script.seconds)}.)\n`);
  if (values.audio) {
    const audio = await espeakNg({ command: config.TTS_COMMAND }).synthesize(script.text, values.audio);
    process.stderr.write(`Đã ghi ${audio.file} (${formatReadingTime(Math.round(audio.seconds))}).\n`);
  }
}

main().catch(exitOnStartupError);
