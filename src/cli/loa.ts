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
import { formatReadingTime, loudspeakerScript } from '../loudspeaker/script.js';
import { announcementSource, entrySource } from '../loudspeaker/sources.js';
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
  let source = /^\d+$/.test(id) ? undefined : entrySource(kb, id);
  if (/^\d+$/.test(id)) {
    const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
    const a = new AnnouncementStore(db, Date.now, config.TZ_NAME).get(Number(id));
    db.close();
    if (a) source = announcementSource(a);
  }
  if (!source) {
    process.stderr.write(
      `Không có mục hay thông báo "${id}". Mã mục là trường id trong knowledge/, số thông báo xem bằng npm run announce -- list.\n`,
    );
    process.exit(1);
  }
  const commune = kb.commune?.name ?? null;
  const script = loudspeakerScript(source, { commune });
  process.stdout.write(`${script.text}\n\n(Thời gian đọc khoảng ${formatReadingTime(script.seconds)}.)\n`);
  if (values.audio) {
    const audio = await espeakNg().synthesize(script.text, values.audio);
    process.stderr.write(`Đã ghi ${audio.file} (${formatReadingTime(Math.round(audio.seconds))}).\n`);
  }
}

main().catch(exitOnStartupError);
