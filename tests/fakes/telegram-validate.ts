/**
 * Checks the fake Bot API server applies to what a bot sends, with Telegram's
 * own error texts: HTML parse mode (allowed tags, nesting, entities), the
 * 4,096-character limit after parsing, and 1–64-byte callback data.
 */

/** Tags Telegram accepts in parse_mode HTML. */
const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
  'tg-time',
]);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Thrown by the checks; the server answers 400 with `description`. */
export class BadRequest extends Error {
  constructor(readonly description: string) {
    super(description);
  }
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[name] ?? whole;
  });
}

/** A formatting entity as the Bot API returns it (offsets and lengths in UTF-16 code units). */
export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

const ENTITY_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};

/** Parses Telegram HTML and returns the visible text; throws {@link BadRequest} like the real server. */
export function parseHtml(html: string): string {
  return parseHtmlEntities(html).text;
}

/** Parses Telegram HTML into the visible text and its entities, as Telegram stores a message. */
export function parseHtmlEntities(html: string): { text: string; entities: MessageEntity[] } {
  const stack: string[] = [];
  const opened: { start: number; url?: string }[] = [];
  const entities: MessageEntity[] = [];
  let text = '';
  let i = 0;
  const offset = (at: number) => Buffer.byteLength(html.slice(0, at), 'utf8');
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text += decodeEntities(html.slice(i));
      break;
    }
    text += decodeEntities(html.slice(i, lt));
    const gt = html.indexOf('>', lt);
    if (gt < 0)
      throw new BadRequest(`Bad Request: can't parse entities: Unclosed start tag at byte offset ${offset(lt)}`);
    const inner = html.slice(lt + 1, gt);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      if (stack.length === 0)
        throw new BadRequest(`Bad Request: can't parse entities: Unexpected end tag at byte offset ${offset(lt)}`);
      const open = stack.pop()!;
      const { start, url } = opened.pop()!;
      if (name !== '' && name !== open) {
        throw new BadRequest(
          `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open}"`,
        );
      }
      const type = ENTITY_TYPES[open];
      if (type && text.length > start)
        entities.push({ type, offset: start, length: text.length - start, ...(url !== undefined ? { url } : {}) });
    } else {
      const name = /^[a-z-]+/i.exec(inner)?.[0].toLowerCase() ?? '';
      if (!TAGS.has(name))
        throw new BadRequest(
          `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${offset(lt)}`,
        );
      if (name === 'a' && !/\shref\s*=\s*"[^"]*"/.test(inner)) {
        // Telegram drops an <a> without href; keep it strict so the bot notices.
        throw new BadRequest(
          `Bad Request: can't parse entities: Unsupported start tag "a" at byte offset ${offset(lt)}`,
        );
      }
      stack.push(name);
      const href = name === 'a' ? /\shref\s*=\s*"([^"]*)"/.exec(inner)?.[1] : undefined;
      opened.push({ start: text.length, ...(href !== undefined ? { url: decodeEntities(href) } : {}) });
    }
    i = gt + 1;
  }
  if (stack.length > 0)
    throw new BadRequest(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    );
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/** The visible text of a message as Telegram would show it (HTML parsed when asked for). */
export function visibleText(params: Record<string, unknown>): string {
  const raw = typeof params.text === 'string' ? params.text : params.text === undefined ? '' : String(params.text);
  return params.parse_mode === 'HTML' ? parseHtml(raw) : raw;
}

/** The entities of a message: parsed from HTML, or given as `entities` with plain text. */
export function entitiesOf(params: Record<string, unknown>): MessageEntity[] {
  if (params.parse_mode === 'HTML') return parseHtmlEntities(String(params.text ?? '')).entities;
  const given = typeof params.entities === 'string' ? (JSON.parse(params.entities) as unknown) : params.entities;
  return Array.isArray(given) ? (given as MessageEntity[]) : [];
}

/** Checks a sendMessage / editMessageText text: non-empty, at most 4,096 code points after parsing. */
export function checkText(params: Record<string, unknown>): string {
  const visible = visibleText(params);
  if (visible.trim() === '') throw new BadRequest('Bad Request: message text is empty');
  if (Array.from(visible).length > 4096) throw new BadRequest('Bad Request: message is too long');
  return visible;
}

/** Checks an inline keyboard: every callback_data 1–64 bytes, every button labelled. */
export function checkMarkup(markup: unknown): void {
  if (markup === undefined) return;
  const m = (typeof markup === 'string' ? JSON.parse(markup) : markup) as {
    inline_keyboard?: { text?: string; callback_data?: string; url?: string }[][];
  };
  for (const row of m.inline_keyboard ?? []) {
    if (!Array.isArray(row))
      throw new BadRequest("Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object");
    for (const b of row) {
      if (!b.text)
        throw new BadRequest(
          "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(b.callback_data, 'utf8');
        if (bytes < 1 || bytes > 64) throw new BadRequest('Bad Request: BUTTON_DATA_INVALID');
      }
    }
  }
}
