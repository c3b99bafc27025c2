/**
 * Inline keyboards: suggestion buttons and the 👍/👎 feedback row.
 *
 * Telegram limits callback data to 64 bytes. A button payload that fits is
 * sent as `p:<payload>`; a longer one is kept in a bounded map and sent as
 * `k:<key>`. Feedback buttons are `f:<questionId>:1` / `f:<questionId>:0`.
 */
import { InlineKeyboard } from 'grammy';
import type { Reply } from '../../core/types.js';
import { wantsFeedback } from './render.js';

const MAX_CALLBACK_BYTES = 64;

/** A decoded button press. */
export type CallbackAction =
  | { kind: 'payload'; payload: string }
  | { kind: 'feedback'; questionId: number; helpful: boolean }
  | { kind: 'expired' };

/** Maps long payloads to short keys (bounded, oldest forgotten first). */
export class CallbackCodec {
  private readonly long = new Map<string, string>();
  private next = 0;

  constructor(private readonly capacity = 5000) {}

  /** Encodes a button payload as callback data of at most 64 bytes. */
  encode(payload: string): string {
    const direct = `p:${payload}`;
    if (Buffer.byteLength(direct, 'utf8') <= MAX_CALLBACK_BYTES) return direct;
    const key = (this.next++).toString(36);
    this.long.set(key, payload);
    if (this.long.size > this.capacity) this.long.delete(this.long.keys().next().value!);
    return `k:${key}`;
  }

  /** Decodes callback data from a button press. */
  decode(data: string): CallbackAction {
    if (data.startsWith('p:')) return { kind: 'payload', payload: data.slice(2) };
    if (data.startsWith('k:')) {
      const payload = this.long.get(data.slice(2));
      return payload ? { kind: 'payload', payload } : { kind: 'expired' };
    }
    const m = /^f:(\d+):([01])$/.exec(data);
    if (m) return { kind: 'feedback', questionId: Number(m[1]), helpful: m[2] === '1' };
    return { kind: 'expired' };
  }
}

/** Cuts a button label to `max` code points (never inside an emoji), ending with an ellipsis. */
function shorten(label: string, max: number): string {
  const chars = Array.from(label.normalize('NFC'));
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : chars.join('');
}

/** The keyboard under a reply's last message: suggestions, then feedback for answers. */
export function replyKeyboard(reply: Reply, codec: CallbackCodec, withFeedback: boolean): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let rows = 0;
  for (const b of reply.buttons ?? []) {
    if (rows++ > 0) kb.row();
    kb.text(shorten(b.label, 60), codec.encode(b.payload));
  }
  if (withFeedback && wantsFeedback(reply)) {
    if (rows > 0) kb.row();
    kb.text('👍 Hữu ích', `f:${reply.questionId}:1`).text('👎 Chưa hữu ích', `f:${reply.questionId}:0`);
    rows++;
  }
  return rows > 0 ? kb : undefined;
}
