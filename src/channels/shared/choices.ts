/**
 * Numbered choices for plain-text channels: a reply's buttons are shown as
 * "1. …", and a person who then types just "2" means the second button.
 * The last offered payloads are kept per chat in the database.
 */
import type { Db } from '../../storage/db.js';
import type { ReplyButton } from '../../core/types.js';

/** Choices older than this are forgotten (a bare number is then a question). */
export const CHOICES_TTL_MS = 24 * 3600 * 1000;

/**
 * Remembers the buttons offered in a chat (replaces earlier ones). A reply
 * with an empty button list clears them: a bare number typed next is then a
 * message (e.g. to a staff member in a live handoff), not an old choice.
 */
export function rememberChoices(
  db: Db,
  channel: string,
  chatId: string,
  buttons: readonly ReplyButton[],
  now = Date.now(),
): void {
  if (buttons.length === 0) {
    db.prepare('DELETE FROM zalo_choices WHERE channel = ? AND chat_id = ?').run(channel, chatId);
    return;
  }
  db.prepare(
    `INSERT INTO zalo_choices (channel, chat_id, payloads, ts) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, chat_id) DO UPDATE SET payloads = excluded.payloads, ts = excluded.ts`,
  ).run(channel, chatId, JSON.stringify(buttons.map((b) => b.payload)), now);
}

/**
 * Turns a typed number into the payload of the matching offered button.
 * Returns undefined when the text is not a bare number or no such choice exists.
 */
export function resolveChoice(
  db: Db,
  channel: string,
  chatId: string,
  text: string,
  now = Date.now(),
): string | undefined {
  const m = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text);
  if (!m) return undefined;
  const row = db
    .prepare('SELECT payloads, ts FROM zalo_choices WHERE channel = ? AND chat_id = ?')
    .get(channel, chatId) as { payloads: string; ts: number } | undefined;
  if (!row || now - row.ts > CHOICES_TTL_MS) return undefined;
  const payloads = JSON.parse(row.payloads) as string[];
  return payloads[Number(m[1]) - 1];
}
