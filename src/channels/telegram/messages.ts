/**
 * What the Telegram channel says by itself (everything else comes from the
 * core; its command menu comes from the core's command registry), and which
 * messages get an answer.
 */

/** Answer to a photo, sticker, voice note, file… */
export const TEXT_ONLY = 'Xin lỗi, trợ lý hiện chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi bằng chữ nhé.';
/** Answer to an edited message. */
export const EDITED =
  'Trợ lý chỉ đọc tin nhắn mới, không đọc tin đã sửa. Bạn vui lòng gửi lại câu hỏi thành một tin nhắn mới nhé.';
/** Answer when a user exceeds the flood limit (once per time frame). */
export const TOO_FAST = 'Bạn gửi hơi nhanh, vui lòng chờ vài giây rồi hỏi tiếp nhé.';

/** Kinds of message a resident sends (as opposed to service messages such as "member joined"). */
const USER_CONTENT = [
  'text',
  'photo',
  'sticker',
  'voice',
  'audio',
  'video',
  'video_note',
  'document',
  'animation',
  'location',
  'contact',
  'poll',
  'dice',
  'venue',
  'story',
] as const;

/** True for a message a person wrote or sent, false for a service message. */
export function isUserContent(msg: object): boolean {
  return USER_CONTENT.some((k) => k in msg);
}
