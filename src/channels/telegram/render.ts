/**
 * Renders a {@link Reply} as Telegram HTML (parse_mode HTML), split into
 * messages of at most 4,096 characters on block boundaries so no tag is cut.
 */
import { splitText } from '../../core/render-text.js';
import type { Reply } from '../../core/types.js';

/** Telegram's limit for one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Escapes text for Telegram HTML: `&`, `<`, `>` (and `"` for attribute values). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function blocks(reply: Reply): string[] {
  const out: string[] = [];
  if (reply.title) out.push(`<b>${escapeHtml(reply.title)}</b>`);
  for (const s of reply.sections) {
    const lines: string[] = [];
    if (s.heading) lines.push(`<b>${escapeHtml(s.heading)}</b>`);
    if (s.text) lines.push(escapeHtml(s.text));
    if (s.items) s.items.forEach((it, i) => lines.push(`${s.ordered ? `${i + 1}.` : '•'} ${escapeHtml(it)}`));
    if (lines.length > 0) out.push(lines.join('\n'));
  }
  if (reply.links && reply.links.length > 0) {
    out.push(reply.links.map((l) => `🔗 <a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join('\n'));
  }
  if (reply.footer) out.push(`<i>${escapeHtml(reply.footer)}</i>`);
  return out;
}

/**
 * The HTML messages for a reply. Blocks are packed into messages up to the
 * limit; a single block longer than the limit is sent as escaped plain text,
 * split on paragraph, line or word boundaries.
 */
export function renderHtml(reply: Reply, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let current = '';
  for (const b of blocks(reply)) {
    const block = b.normalize('NFC');
    if (block.length > limit) {
      if (current) parts.push(current);
      current = '';
      const plain = block.replace(/<[^>]+>/g, '');
      // Re-escaping is not needed: the text was escaped before tags were added.
      for (const piece of splitText(plain, limit)) parts.push(piece);
      continue;
    }
    const joined = current ? `${current}\n\n${block}` : block;
    if (joined.length > limit) {
      parts.push(current);
      current = block;
    } else {
      current = joined;
    }
  }
  if (current || parts.length === 0) parts.push(current || '…');
  return parts;
}
