/**
 * Sends one reply as one or more HTML messages (recording each part sent,
 * for the reply outbox); the keyboard goes under the last one, after the
 * feedback question when it has 👍/👎.
 */
import { type Api, InputFile } from 'grammy';
import type { OutgoingFile, PartProgress, Reply } from '../../core/types.js';
import { type CallbackCodec, replyKeyboard } from './keyboard.js';
import { renderHtml, wantsFeedback } from './render.js';

/** Sends `reply` to `chatId`, from part `progress.skip` on; returns the id of the last message sent. */
export async function deliverReply(
  api: Api,
  codec: CallbackCodec,
  chatId: string,
  reply: Reply,
  progress?: PartProgress,
  parts = renderHtml(reply, undefined, wantsFeedback(reply)),
): Promise<string | undefined> {
  const keyboard = replyKeyboard(reply, codec, true);
  let last: string | undefined;
  for (let i = progress?.skip ?? 0; i < parts.length; i++) {
    const m = await api.sendMessage(chatId, parts[i]!, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
    });
    last = String(m.message_id);
    progress?.sent(i);
  }
  return last;
}

/**
 * Uploads a file as a document (Telegram plays MP3/M4A as audio only, so a
 * WAV goes as a document, which every client can open); returns its message id.
 */
export async function deliverFile(api: Api, chatId: string, file: OutgoingFile): Promise<string> {
  const m = await api.sendDocument(chatId, new InputFile(file.path, file.filename), {
    ...(file.caption ? { caption: file.caption } : {}),
  });
  return String(m.message_id);
}
