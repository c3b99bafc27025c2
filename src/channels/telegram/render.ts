/**
 * Renders a {@link Reply} as Telegram HTML (parse_mode HTML), split into
 * messages of at most 4,096 characters on block boundaries so no tag is cut.
 */
import { splitText } from '../../core/render-text.js';
import type { Reply } from '../../core/types.js';

/** Telegram's limit for one message's text (counted after entity parsing). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** The question shown above the 👍/👎 buttons, as the last line of an answer's last message. */
export const FEEDBACK_PROMPT = 'Câu trả lời có hữu ích không?';

/** True when a reply gets the 👍/👎 feedback row: an answer whose question was recorded. */
export function wantsFeedback(reply: Reply): boolean {
  return reply.kind === 'answer' && Boolean(reply.questionId);
}

/** Escapes text for Telegram HTML: `&`, `<`, `>` (and `"` for attribute values). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Reverses {@link escapeHtml}. */
function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The text Telegram shows for an HTML message: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return unescapeHtml(html.replace(/<[^>]*>/g, ''));
}

function blocks(reply: Reply, feedbackPrompt: boolean): string[] {
  const out: string[] = [];
  // Tags never span a line break, so any block can later be cut between lines.
  const line = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  if (reply.title) out.push(`<b>${escapeHtml(line(reply.title))}</b>`);
  for (const s of reply.sections) {
    const lines: string[] = [];
    if (s.heading) lines.push(`<b>${escapeHtml(line(s.heading))}</b>`);
    if (s.text) lines.push(escapeHtml(s.text));
    for (const [i, it] of (s.items ?? []).entries()) lines.push(`${s.ordered ? `${i + 1}.` : '•'} ${escapeHtml(it)}`);
    if (lines.length > 0) out.push(lines.join('\n'));
  }
  if (reply.links && reply.links.length > 0) {
    out.push(reply.links.map((l) => `🔗 <a href="${escapeHtml(l.url)}">${escapeHtml(line(l.label))}</a>`).join('\n'));
  }
  if (reply.footer) out.push(`<i>${escapeHtml(line(reply.footer))}</i>`);
  if (feedbackPrompt) out.push(FEEDBACK_PROMPT);
  return out;
}

/**
 * Cuts a block longer than the limit into pieces: whole lines where they fit
 * (keeping their tags), and a line longer than the limit as plain text split
 * on word boundaries (its visible length stays within the limit).
 */
function fit(block: string, limit: number): string[] {
  if (block.length <= limit) return [block];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current) pieces.push(current);
    current = '';
  };
  for (const line of block.split('\n')) {
    if (line.length > limit) {
      flush();
      for (const p of splitText(visibleText(line), limit)) pieces.push(escapeHtml(p));
      continue;
    }
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length > limit) {
      flush();
      current = line;
    } else current = joined;
  }
  flush();
  return pieces;
}

/**
 * The HTML messages for a reply, NFC-normalised. Blocks (title, sections,
 * links, footer) are packed into messages up to the limit, joined by a blank
 * line; a block that alone exceeds the limit is cut between lines. With
 * `feedbackPrompt`, {@link FEEDBACK_PROMPT} ends the last message.
 */
export function renderHtml(reply: Reply, limit = TELEGRAM_TEXT_LIMIT, feedbackPrompt = false): string[] {
  const parts: string[] = [];
  let current = '';
  for (const b of blocks(reply, feedbackPrompt)) {
    const [first, ...rest] = fit(b.normalize('NFC'), limit);
    if (first === undefined) continue;
    const joined = current ? `${current}\n\n${first}` : first;
    if (joined.length > limit && current) {
      parts.push(current);
      current = first;
    } else current = joined;
    for (const piece of rest) {
      parts.push(current);
      current = piece;
    }
  }
  if (current || parts.length === 0) parts.push(current || '…');
  return parts;
}
