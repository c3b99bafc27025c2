/**
 * Plain-text rendering of a {@link Reply}, for channels without rich text
 * (console, Zalo). Buttons become a numbered list the person can type.
 */
import type { Reply } from './types.js';

/** Options for {@link renderPlainText}. */
export interface PlainTextOptions {
  /** Render buttons as "1. …" lines (default true). */
  buttons?: boolean;
}

/**
 * Renders a reply as plain text with blank lines between blocks.
 *
 * @example
 * ```ts
 * const text = renderPlainText({
 *   kind: 'answer',
 *   title: 'Giờ làm việc',
 *   sections: [{ text: 'Sáng 7:30–11:30' }],
 *   buttons: [{ label: 'Xem thêm', payload: '/xem khai-sinh' }],
 * }); // '【Giờ làm việc】\n\nSáng 7:30–11:30\n\nGõ số để chọn:\n1. Xem thêm'
 * ```
 */
export function renderPlainText(reply: Reply, opts: PlainTextOptions = {}): string {
  const blocks: string[] = [];
  if (reply.title) blocks.push(reply.title.toUpperCase() === reply.title ? reply.title : `【${reply.title}】`);
  for (const s of reply.sections) {
    const lines: string[] = [];
    if (s.heading) lines.push(`${s.heading}:`);
    if (s.text) lines.push(s.text);
    for (const [i, it] of (s.items ?? []).entries()) lines.push(s.ordered ? `${i + 1}. ${it}` : `• ${it}`);
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  if (reply.links && reply.links.length > 0) blocks.push(reply.links.map((l) => `🔗 ${l.label}: ${l.url}`).join('\n'));
  if ((opts.buttons ?? true) && reply.buttons && reply.buttons.length > 0) {
    blocks.push(['Gõ số để chọn:', ...reply.buttons.map((b, i) => `${i + 1}. ${b.label}`)].join('\n'));
  }
  if (reply.footer) blocks.push(`— ${reply.footer}`);
  return blocks.join('\n\n').normalize('NFC');
}

/**
 * Splits text into chunks of at most `limit` characters, on paragraph
 * boundaries when possible, then lines, then spaces.
 *
 * @example
 * ```ts
 * const chunks = splitText(renderPlainText(reply), 2000); // e.g. a Zalo message limit
 * for (const chunk of chunks) await send(chunk);
 * ```
 */
export function splitText(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 3) cut = window.lastIndexOf('\n');
    if (cut < limit / 3) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = limit;
    // never split a surrogate pair
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut--;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
