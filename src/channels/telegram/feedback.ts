/**
 * What happens to an answer's message after a 👍/👎 vote: the feedback row
 * and the question above it go away, the rest of the message stays.
 */
import type { Context } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { FEEDBACK_PROMPT } from './render.js';

/**
 * Removes the 👍/👎 row and the {@link FEEDBACK_PROMPT} line from the message
 * whose button was pressed, keeping its text, formatting and other buttons.
 * Failures (message already changed, too old) are ignored: the vote is
 * recorded either way.
 */
export async function removeFeedback(ctx: Context): Promise<void> {
  const msg = ctx.callbackQuery?.message;
  const rows = msg?.reply_markup?.inline_keyboard ?? [];
  const kept = rows.filter(
    (row) => !row.some((b) => 'callback_data' in b && b.callback_data?.startsWith('f:')),
  ) as InlineKeyboardButton[][];
  const markup = { inline_keyboard: kept };
  const text = msg && 'text' in msg ? msg.text : undefined;
  const rest = text?.endsWith(FEEDBACK_PROMPT) ? text.slice(0, -FEEDBACK_PROMPT.length).trimEnd() : '';
  if (msg && 'text' in msg && rest) {
    // Entity offsets are UTF-16 code units, like JS string indices; the prompt itself has none.
    const entities = (msg.entities ?? []).filter((e) => e.offset + e.length <= rest.length);
    await ctx
      .editMessageText(rest, { entities, reply_markup: markup, link_preview_options: { is_disabled: true } })
      .catch(() => undefined);
    return;
  }
  await ctx.editMessageReplyMarkup({ reply_markup: markup }).catch(() => undefined);
}
