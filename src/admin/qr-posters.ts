/**
 * QR posters for the one-stop desk: for each knowledge entry, QR codes (PNG
 * and SVG) of the links that open it directly (Telegram deep link, web chat
 * deep link, the Zalo OA), one printable A4 page per entry and an index.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { escapeHtml } from '../http/html.js';

/** Telegram takes A-Z, a-z, 0-9, _ and - in the start parameter, up to 64 characters. */
export function isTelegramStartId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

export interface PosterEntry {
  id: string;
  title: string;
}

export interface PosterOptions {
  /** Telegram bot username, without `@`. */
  bot: string;
  /** Web chat origin, e.g. `https://tro-ly.xa.gov.vn`; no web code without it. */
  web?: string;
  /** The OA's link (`https://zalo.me/…`) or its id. */
  oa?: string;
}

export interface PosterLink {
  kind: 'telegram' | 'web' | 'oa';
  label: string;
  url: string;
}

export const INSTRUCTION = 'Quét mã bằng Zalo hoặc Telegram để xem thủ tục này';

/** The OA's public link from a link or a bare id. */
export function oaLink(oa: string): string {
  return /^https?:\/\//i.test(oa) ? oa : `https://zalo.me/${encodeURIComponent(oa)}`;
}

/** The links printed for one entry, in poster order. */
export function linksFor(entry: PosterEntry, o: PosterOptions): PosterLink[] {
  const links: PosterLink[] = [{ kind: 'telegram', label: 'Telegram', url: `https://t.me/${o.bot}?start=${entry.id}` }];
  if (o.web)
    links.push({
      kind: 'web',
      label: 'Trò chuyện trên web',
      url: `${o.web.replace(/\/+$/, '')}/chat?start=${encodeURIComponent(entry.id)}`,
    });
  if (o.oa) links.push({ kind: 'oa', label: 'Zalo OA', url: oaLink(o.oa) });
  return links;
}

export interface PosterResult {
  written: string[];
  skipped: { id: string; reason: string }[];
}

const QR = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** Writes the QR images, one page per entry and index.html into `outDir`. */
export async function writePosters(
  entries: readonly PosterEntry[],
  o: PosterOptions,
  outDir: string,
): Promise<PosterResult> {
  mkdirSync(outDir, { recursive: true });
  const result: PosterResult = { written: [], skipped: [] };
  const done: PosterEntry[] = [];
  for (const e of entries) {
    if (!isTelegramStartId(e.id)) {
      result.skipped.push({ id: e.id, reason: 'mã mục dài quá 64 ký tự hoặc có ký tự Telegram không nhận' });
      continue;
    }
    const links = linksFor(e, o);
    for (const l of links) {
      const base = join(outDir, `${e.id}-${l.kind}`);
      writeFileSync(`${base}.png`, await QRCode.toBuffer(l.url, { ...QR, type: 'png', width: 480 }));
      writeFileSync(`${base}.svg`, await QRCode.toString(l.url, { ...QR, type: 'svg' }));
      result.written.push(`${base}.png`, `${base}.svg`);
    }
    const page = join(outDir, `${e.id}.html`);
    writeFileSync(page, posterPage(e, links));
    result.written.push(page);
    done.push(e);
  }
  const index = join(outDir, 'index.html');
  writeFileSync(index, indexPage(done));
  result.written.push(index);
  return result;
}

const PRINT_CSS = `@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans", Arial, sans-serif; color: #000; margin: 0; }
main { text-align: center; }
h1 { font-size: 26pt; margin: 10mm 0 6mm; }
p.hint { font-size: 16pt; margin: 0 0 8mm; }
.codes { display: flex; flex-wrap: wrap; justify-content: center; gap: 10mm; }
figure { margin: 0; width: 75mm; }
figure img { width: 75mm; height: 75mm; }
figcaption { font-size: 13pt; font-weight: bold; }
figcaption small { display: block; font-weight: normal; font-size: 9pt; word-break: break-all; }
@media print { a { color: #000; text-decoration: none; } .no-print { display: none; } }`;

/** One printable A4 page: the procedure's name, its QR codes, one line of instructions. */
export function posterPage(e: PosterEntry, links: readonly PosterLink[]): string {
  const codes = links
    .map(
      (l) =>
        `<figure><img src="${escapeHtml(`${e.id}-${l.kind}.svg`)}" alt="Mã QR ${escapeHtml(l.label)}">` +
        `<figcaption>${escapeHtml(l.label)}<small>${escapeHtml(l.url)}</small></figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(e.title)}</title>
<style>${PRINT_CSS}</style></head>
<body><main>
<h1>${escapeHtml(e.title)}</h1>
<p class="hint">${INSTRUCTION}</p>
<div class="codes">
${codes}
</div>
</main></body></html>
`;
}

/** The list of posters, each linking to its page. */
export function indexPage(entries: readonly PosterEntry[]): string {
  const items = entries
    .map((e) => `<li><a href="${escapeHtml(`${e.id}.html`)}">${escapeHtml(e.title)}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Mã QR các thủ tục</title>
<style>body { font-family: "Noto Sans", Arial, sans-serif; margin: 15mm; } li { margin: 2mm 0; }</style></head>
<body><h1>Mã QR các thủ tục (${entries.length})</h1>
<p>Mở từng trang rồi in (khổ A4) để dán tại bộ phận một cửa.</p>
<ul>
${items}
</ul></body></html>
`;
}
