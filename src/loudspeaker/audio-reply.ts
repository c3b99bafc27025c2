/**
 * The loudspeaker audio in chat: `/loa <id> âm thanh` speaks the script into
 * a WAV file and sends it to the staff member's chat as a file, so the
 * person at the commune's loudspeaker station can play it without a
 * terminal. Synthesis takes a few seconds, so the chat gets "đang tạo" at
 * once and the file when it is ready (or a short message saying why not).
 *
 * @example
 * ```ts
 * // In chat, as staff: "/loa khai-sinh âm thanh" → "Đang tạo tệp âm thanh…", then loa-khai-sinh.wav
 * const job = sendScriptAudio(ctx, { channel: 'telegram', chatId: '42' }, 'khai-sinh', { title, text: script.text });
 * await job; // resolves once the file is sent or the failure is told
 * ```
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppContext } from '../app/context.js';
import { sendTo } from '../core/deliver.js';
import type { ChannelName, Reply } from '../core/types.js';
import { TxaError } from '../errors.js';
import { foldForPhrase } from '../text/fold.js';
import { formatReadingTime } from './script.js';
import { espeakNg } from './voice.js';

/** Words after the id that ask for the audio file (folded): "âm thanh", "audio", "wav". */
const AUDIO_WORDS = /^(am ?thanh|audio|wav|tep|file)$/;

/** Splits `/loa` arguments into the id and whether the audio file is wanted. */
export function parseLoaArgs(args: string): { id: string; audio: boolean } {
  const [id = '', ...rest] = args.trim().split(/\s+/);
  return { id, audio: rest.length > 0 && AUDIO_WORDS.test(foldForPhrase(rest.join(' ')).replace(/^-+/, '')) };
}

/** The file name staff see: `loa-khai-sinh.wav`, `loa-thong-bao-12.wav`. */
export function audioFileName(id: string): string {
  return /^\d+$/.test(id) ? `loa-thong-bao-${id}.wav` : `loa-${id.replace(/[^a-z0-9-]/gi, '')}.wav`;
}

/** Where the latest audio of `id` is kept: `DATA_DIR/loa/<name>.wav`. */
export function audioPath(dataDir: string, id: string): string {
  return join(dataDir, 'loa', audioFileName(id));
}

function note(text: string, kind: Reply['kind'] = 'info'): Reply {
  return { kind, sections: [{ text }] };
}

/** Why the audio could not be made or sent, for the staff member. */
function failureText(err: unknown): string {
  if (err instanceof TxaError && err.code === 'TXA_TTS_MISSING')
    return 'Máy chủ chưa cài chương trình đọc (espeak-ng) nên chưa tạo được tệp âm thanh. Bạn báo quản trị viên cài espeak-ng; bài đọc ở trên vẫn dùng được.';
  if (err instanceof TxaError) return err.message;
  return `Chưa tạo được tệp âm thanh: ${(err as Error).message}. Bạn thử lại sau, hoặc dùng lệnh npm run loa trên máy chủ.`;
}

/**
 * Speaks the script `what.text` into `DATA_DIR/loa/<name>.wav` (written to a temporary
 * name, then renamed, so a half-written file is never sent) and sends it to
 * the chat. Errors become a message to the chat; the returned promise never
 * rejects.
 */
export async function sendScriptAudio(
  app: Pick<AppContext, 'channels' | 'config' | 'logger'>,
  to: { channel: ChannelName; chatId: string },
  id: string,
  what: { title: string; text: string },
): Promise<void> {
  const file = audioPath(app.config.DATA_DIR, id);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp.wav`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const audio = await espeakNg({ command: app.config.TTS_COMMAND }).synthesize(what.text, tmp);
    renameSync(tmp, file);
    const channel = app.channels.get(to.channel);
    const caption = `Bài đọc trên loa: ${what.title} (${formatReadingTime(Math.round(audio.seconds))}).`;
    const r = channel?.sendFile
      ? await channel.sendFile(to.chatId, { path: file, filename: audioFileName(id), caption })
      : ({ ok: false, kind: 'invalid', description: 'channel cannot send files' } as const);
    if (r.ok) return;
    app.logger.warn({ channel: to.channel, kind: r.kind }, 'loudspeaker audio not delivered');
    await sendTo(
      app,
      to.channel,
      to.chatId,
      note(`Chưa gửi được tệp qua kênh này. Tệp đã lưu trên máy chủ: ${file}`, 'error'),
    );
  } catch (err) {
    rmSync(tmp, { force: true });
    app.logger.warn({ channel: to.channel, code: (err as TxaError).code }, 'loudspeaker audio failed');
    await sendTo(app, to.channel, to.chatId, note(failureText(err), 'error'));
  }
}
