/**
 * Set-up for the web chat's browser tests: the whole app (web channel, real
 * assistant, shipped knowledge) listening on a free port, a portal page on
 * another origin that embeds the widget with the one script line, and
 * Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');
export const TITLE = 'Trợ lý xã Thử Nghiệm';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/**
 * Without Chromium a browser suite is skipped with a warning, except under
 * CI, where a test named after the suite fails (a skip there would hide a break).
 * Call at the top of a browser test file, beside `describe.runIf(haveChromium)`.
 */
export function requireChromium(suite: string): void {
  if (haveChromium) return;
  if (process.env.CI) {
    describe(suite, () => {
      it('has Chromium to run in', () =>
        expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium package`));
    });
  } else console.warn(`[${suite}] ${CHROMIUM} not found: skipped (apt-get install chromium).`);
}

/**
 * Debian's Chromium, headless, with the flags this closed network needs:
 * without the background-networking ones it floods the network with refused connections.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the tests share: set by {@link startAll}. */
export const h = {
  app: undefined as unknown as App,
  browser: undefined as unknown as Browser,
  appOrigin: '',
  portalOrigin: '',
  /** Console messages that report a Content-Security-Policy violation or a script error. */
  violations: [] as string[],
};
let portal: Server | undefined;

/**
 * The portal's page: some content, hostile CSS, and the widget's line
 * (included twice: it must run once). `?variant=left-open` tries the other attributes.
 */
function portalPage(url: string): string {
  const attrs = url.includes('variant=left-open')
    ? 'data-position="left" data-open="true" data-color="#ffd400"'
    : 'data-color="#0b5fff"';
  const line = `<script src="${h.appOrigin}/widget.js" data-title="${TITLE}" ${attrs} async></script>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>UBND xã Thử Nghiệm</title>
<style>body{font-family:serif;margin:0;padding:24px;background:#fafaf5} div,button,iframe{display:none !important;color:red !important}</style>
</head><body><h1>UBND xã Thử Nghiệm</h1><p>Cổng thông tin điện tử của xã.</p><p><a href="#lien-he">Liên hệ</a></p>
${line}${line}</body></html>`;
}

/** The portal on a free port, then the app with the portal as an allowed origin, on another. */
async function startServers(): Promise<void> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(portalPage(req.url ?? '/'));
  });
  portal = server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  h.portalOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    WEB_CHAT_ENABLED: 'true',
    WEB_CHAT_ORIGINS: h.portalOrigin,
    WEB_CHAT_TITLE: 'Trợ lý xã',
    WEB_CHAT_RATE_PER_MINUTE: '200',
    // The first-contact notice has its own tests (tests/privacy); here it would add a bubble after the first answer.
    PRIVACY_NOTICE: 'false',
  });
  h.app = await createApp(config, pino({ level: 'silent' }));
  // As the other HTTP tests do: everything but the listener on PORT (PORT=0 is not a valid setting).
  for (const ch of h.app.channels.values()) await ch.start();
  for (const s of h.app.services) await s.start();
  h.appOrigin = await h.app.http.listen({ port: 0, host: '127.0.0.1' });
}

/** What a page's chat API calls meet: the server (default), a delay first, a network failure, or a canned error. */
export interface Faults {
  delayMs?: number;
  abort?: boolean;
  status?: { code: number; error: string };
}

/**
 * A fresh browser context (its own cookies and sessionStorage) and page. The
 * route is set before any load: routes added later miss the iframe, which
 * runs in a process of its own (a different origin).
 */
export async function newPage(
  viewport: { width: number; height: number },
  mobile = false,
): Promise<{ ctx: BrowserContext; page: Page; faults: Faults }> {
  const ctx = await h.browser.newContext({
    viewport,
    locale: 'vi-VN',
    reducedMotion: 'reduce',
    ...(mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  const faults: Faults = {};
  await ctx.route('**/api/chat/messages', async (route) => {
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (faults.abort) return route.abort('internetdisconnected');
    const s = faults.status;
    if (s)
      return route.fulfill({
        status: s.code,
        contentType: 'application/json',
        body: JSON.stringify({ error: s.error }),
      });
    return route.continue();
  });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|Uncaught/i.test(m.text())) h.violations.push(m.text());
  });
  page.on('pageerror', (e) => h.violations.push(e.message));
  return { ctx, page, faults };
}

export const chat = (page: Page): FrameLocator => page.frameLocator(`iframe[title="${TITLE}"]`);
export const widgetButton = (page: Page) => page.getByRole('button', { name: 'Mở trợ lý xã' });
/** The aria-label of the element focused inside the widget's shadow root, or the tag name. */
export const focusedInWidget = (page: Page) =>
  page.evaluate<string>(`(() => { const a = document.activeElement; const s = a && a.shadowRoot && a.shadowRoot.activeElement;
    return s ? (s.getAttribute('aria-label') || s.tagName) : (a ? a.tagName : ''); })()`);

/** Types a question in the chat, presses Enter and waits for a new reply of the assistant. */
export async function ask(f: FrameLocator, text: string): Promise<void> {
  const before = await f.locator('.txa-bot').count();
  const input = f.getByLabel('Câu hỏi của bạn');
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => f.locator('.txa-bot').count()).toBeGreaterThan(before);
}

/** Saves a screenshot of the page to test-results/screenshots/. */
export const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });

/** Starts Chromium, the app and the portal. */
export async function startAll(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  [h.browser] = await Promise.all([launchChromium(), startServers()]);
}

/** Stops what {@link startAll} started. */
export async function stopAll(): Promise<void> {
  await h.browser?.close();
  await h.app?.stop();
  await new Promise((r) => (portal ? portal.close(r) : r(undefined)));
}
