/**
 * The pages and files of the web chat: `/chat` (the chat page, standalone
 * for a QR code on the desk or inside the widget's iframe), `/widget.js`
 * (the one-line loader for any portal), `/chat.js` and `/chat.css`.
 *
 * `/chat` is sent with a strict Content-Security-Policy: scripts, styles and
 * requests only from this server, no inline code, and embedding only by the
 * origins in `WEB_CHAT_ORIGINS` (`frame-ancestors`).
 */
import type { FastifyInstance } from 'fastify';
import { assetsFolder, escapeHtml } from '../../http/html.js';

/** The folder of the browser files. */
export function assetsDir(): string {
  return assetsFolder(import.meta.url, 'chat.js');
}

/** Default colour of the widget and the chat page. */
export const DEFAULT_COLOR = '#0b5fff';
const COLOR = /^#(?:[0-9a-fA-F]{3}){1,2}$/;
/** Entry ids as the knowledge base writes them (and Telegram's start parameter allows). */
const START = /^[A-Za-z0-9_-]{1,64}$/;

/** What the chat page is opened with (query string), validated. */
export interface PageParams {
  title: string;
  color: string;
  start: string;
  embed: boolean;
}

/** Validates the query of `/chat`: unknown or malformed values fall back to the defaults. */
export function pageParams(q: Record<string, unknown>, defaultTitle: string): PageParams {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const title = str(q.title).normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 80);
  return {
    title: title || defaultTitle,
    color: COLOR.test(str(q.color)) ? str(q.color) : DEFAULT_COLOR,
    start: START.test(str(q.start)) ? str(q.start) : '',
    embed: str(q.embed) === '1',
  };
}

/** The chat page's HTML: an empty shell that /chat.js fills. */
export function chatPage(p: PageParams): string {
  const a = (s: string) => escapeHtml(s);
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${a(p.title)}</title>
<link rel="stylesheet" href="/chat.css">
<script src="/chat.js" defer></script>
</head>
<body>
<main id="txa-app" data-title="${a(p.title)}" data-color="${a(p.color)}" data-start="${a(p.start)}" data-embed="${p.embed ? '1' : '0'}">
<noscript>Trợ lý cần JavaScript. Bạn có thể hỏi qua Zalo, Telegram hoặc Bộ phận Một cửa của xã.</noscript>
</main>
</body>
</html>
`;
}

/** The Content-Security-Policy directives of `/chat` (for @fastify/helmet). */
export function chatCsp(origins: readonly string[]): Record<string, string[]> {
  return {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'self'", ...origins],
  };
}

/** Registers the page and the files (on a scope with @fastify/static, `serve: false`, and @fastify/helmet). */
export function registerPages(f: FastifyInstance, o: { origins: readonly string[]; title: string }): void {
  const csp = { useDefaults: false, directives: chatCsp(o.origins) };
  const page = { contentSecurityPolicy: csp, frameguard: false as const };
  f.get('/chat', { helmet: page }, async (req, reply) => {
    const html = chatPage(pageParams(req.query as Record<string, unknown>, o.title));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
  const file = (path: string, name: string, type: string, crossOrigin: boolean) =>
    f.get(
      path,
      {
        helmet: crossOrigin
          ? { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }
          : page,
      },
      async (_req, reply) => reply.type(type).header('cache-control', 'public, max-age=3600').sendFile(name),
    );
  // The loader runs on other sites' pages: it must be loadable cross-origin.
  file('/widget.js', 'widget.js', 'text/javascript; charset=utf-8', true);
  file('/chat.js', 'chat.js', 'text/javascript; charset=utf-8', false);
  file('/chat.css', 'chat.css', 'text/css; charset=utf-8', false);
}
