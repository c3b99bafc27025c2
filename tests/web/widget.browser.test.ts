/**
 * The web chat in a real headless Chromium: the whole app (web channel, real
 * assistant, shipped knowledge) on one port, and a portal page on another
 * origin that embeds the widget with the one script line.
 *
 * Needs Debian's /usr/bin/chromium: without it the tests are skipped with a
 * warning, except under CI, where they fail (a skip there would hide a break).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');
const TITLE = 'Trợ lý xã Thử Nghiệm';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

if (!haveChromium) {
  if (process.env.CI) {
    describe('web chat in Chromium', () => {
      it('has Chromium to run in', () => {
        expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
      });
    });
  } else console.warn(`[tests/web] ${CHROMIUM} not found: browser tests of the web chat skipped (apt-get install chromium).`);
}

let app: App;
let portal: Server;
let appOrigin = '';
let portalOrigin = '';
let browser: Browser;
/** Console messages that report a Content-Security-Policy violation or a script error. */
const violations: string[] = [];

/** The portal's page: some content, hostile CSS, and the widget's line (included twice: it must run once). */
function portalPage(): string {
  const line = `<script src="${appOrigin}/widget.js" data-title="${TITLE}" data-color="#0b5fff" async></script>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>UBND xã Thử Nghiệm</title>
<style>body{font-family:serif;margin:0;padding:24px;background:#fafaf5} div,button,iframe{display:none !important;color:red !important}</style>
</head><body><h1>UBND xã Thử Nghiệm</h1><p>Cổng thông tin điện tử của xã.</p><p><a href="#lien-he">Liên hệ</a></p>
${line}${line}</body></html>`;
}

async function startServers(): Promise<void> {
  portal = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(portalPage());
  });
  await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
  portalOrigin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    WEB_CHAT_ENABLED: 'true',
    WEB_CHAT_ORIGINS: portalOrigin,
    WEB_CHAT_TITLE: 'Trợ lý xã',
    WEB_CHAT_RATE_PER_MINUTE: '200',
  });
  app = await createApp(config, pino({ level: 'silent' }));
  // As the other HTTP tests do: everything but the listener on PORT (PORT=0 is not a valid setting).
  for (const ch of app.channels.values()) await ch.start();
  for (const s of app.services) await s.start();
  appOrigin = await app.http.listen({ port: 0, host: '127.0.0.1' });
}

async function newPage(viewport: { width: number; height: number }, mobile = false): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, locale: 'vi-VN', ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|Uncaught/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));
  return { ctx, page };
}

const chat = (page: Page): FrameLocator => page.frameLocator(`iframe[title="${TITLE}"]`);
const widgetButton = (page: Page) => page.getByRole('button', { name: 'Mở trợ lý xã' });
/** The aria-label of the element focused inside the widget's shadow root, or the tag name. */
const focusedInWidget = (page: Page) =>
  page.evaluate<string>(`(() => { const a = document.activeElement; const s = a && a.shadowRoot && a.shadowRoot.activeElement;
    return s ? (s.getAttribute('aria-label') || s.tagName) : (a ? a.tagName : ''); })()`);

async function ask(f: FrameLocator, text: string): Promise<void> {
  const before = await f.locator('.txa-bot').count();
  const input = f.getByLabel('Câu hỏi của bạn');
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => f.locator('.txa-bot').count()).toBeGreaterThan(before);
}

const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });

describe.runIf(haveChromium)('web chat in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    [browser] = await Promise.all([
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
      startServers(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await new Promise((r) => portal?.close(r));
  });

  describe('embedded on a portal (desktop)', () => {
    let ctx: BrowserContext;
    let page: Page;
    let f: FrameLocator;
    beforeAll(async () => {
      ({ ctx, page } = await newPage(DESKTOP));
      f = chat(page);
    });
    afterAll(() => ctx.close());

    it('shows one round button (the line twice runs once), whose panel opens an iframe of /chat?embed=1', async () => {
      await page.goto(portalOrigin);
      await expect.poll(() => widgetButton(page).count()).toBe(1);
      await expect.poll(() => page.locator('[data-txa-widget]').count()).toBe(1);
      const button = widgetButton(page);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeGreaterThan(DESKTOP.width - 100);
      expect(box.y + box.height).toBeGreaterThan(DESKTOP.height - 100);
      await button.click();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const frame = page.locator(`iframe[title="${TITLE}"]`);
      const src = new URL((await frame.getAttribute('src'))!);
      expect([src.origin, src.pathname, src.searchParams.get('embed'), src.searchParams.get('title')]).toEqual([appOrigin, '/chat', '1', TITLE]);
      const size = (await frame.boundingBox())!;
      expect([Math.round(size.width), Math.round(size.height)]).toEqual([380, 600]);
      await expect.poll(() => f.getByText('Bạn cần hỏi thủ tục gì?').isVisible()).toBe(true);
      await expect.poll(() => f.getByLabel('Câu hỏi của bạn').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
      expect(await f.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    });

    it('answers a question typed without diacritics with the birth registration, showing "Đang trả lời…" meanwhile', async () => {
      await ctx.route('**/api/chat/messages', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
      const input = f.getByLabel('Câu hỏi của bạn');
      await input.fill('lam giay khai sinh cho con');
      await input.press('Enter');
      await expect.poll(() => f.getByRole('status').filter({ hasText: 'Đang trả lời…' }).isVisible()).toBe(true);
      await f.getByRole('heading', { name: /khai sinh/ }).first().waitFor();
      await ctx.unrouteAll();
      expect(await f.locator('.txa-user').last().textContent()).toContain('lam giay khai sinh cho con');
      const answer = f.locator('.txa-answer').last();
      expect(await answer.getByRole('heading', { level: 2 }).textContent()).toMatch(/khai sinh/i);
      expect(await answer.getByRole('link').first().getAttribute('rel')).toBe('noopener noreferrer');
      expect(await f.getByRole('status').filter({ hasText: 'Đang trả lời…' }).count()).toBe(0);
      await shoot(page, 'widget-desktop-open.png');
    });

    it('sends a pressed reply button and shows its label as the resident’s message', async () => {
      await f.locator('.txa-answer').last().getByRole('button', { name: 'Các bước' }).click();
      await expect.poll(() => f.locator('.txa-user').last().textContent()).toBe('Bạn: Các bước');
      await expect.poll(() => f.locator('.txa-bot').last().textContent()).toMatch(/khai sinh/i);
    });

    it('takes a 👍 on an answer, thanks, and removes the vote buttons of that answer', async () => {
      const voted = f.locator('.txa-bot').filter({ has: f.getByRole('button', { name: 'Câu trả lời hữu ích' }) }).first();
      await voted.getByRole('button', { name: 'Câu trả lời hữu ích' }).click();
      await expect.poll(() => f.getByText('Cảm ơn bạn đã góp ý!').isVisible()).toBe(true);
      expect(await f.locator('.txa-bot').filter({ hasText: 'Cảm ơn bạn đã góp ý!' }).getByRole('button', { name: /Câu trả lời/ }).count()).toBe(0);
    });

    it('understands a follow-up question about the fee', async () => {
      await ask(f, 'le phi bao nhieu');
      const last = f.locator('.txa-bot').last();
      expect(await last.textContent()).toMatch(/Lệ phí/);
      expect(await last.textContent()).toMatch(/khai sinh/i);
    });

    it('renders a hostile question as text: no <img>, no script run', async () => {
      await ask(f, HOSTILE);
      expect(await f.locator('.txa-user').last().textContent()).toBe(`Bạn: ${HOSTILE}`);
      expect(await f.getByText(HOSTILE).isVisible()).toBe(true);
      expect(await f.locator('[role=log] img').count()).toBe(0);
      const frame = page.frames().find((fr) => fr.url().startsWith(`${appOrigin}/chat`))!;
      expect(await frame.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    });

    it('keeps the conversation over a reload of the page', async () => {
      const before = await f.locator('.txa-msg').count();
      await page.reload();
      await widgetButton(page).click();
      await expect.poll(() => f.locator('.txa-msg').count()).toBe(before);
      expect(await f.getByText('lam giay khai sinh cho con').isVisible()).toBe(true);
      expect(await f.getByText('Cảm ơn bạn đã góp ý!').count()).toBe(1);
      expect(await f.getByText(HOSTILE).count()).toBe(1);
    });
  });

  it('works with the keyboard: Tab reaches the button, Enter opens, Esc closes and gives focus back', async () => {
    const { ctx, page } = await newPage(DESKTOP);
    await page.goto(portalOrigin);
    await widgetButton(page).waitFor();
    let found = false;
    for (let i = 0; i < 5 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await focusedInWidget(page)) === 'Mở trợ lý xã';
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    expect(await widgetButton(page).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => chat(page).getByLabel('Câu hỏi của bạn').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    expect(await focusedInWidget(page)).toBe('IFRAME');
    await page.keyboard.press('Escape');
    await expect.poll(() => widgetButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator(`iframe[title="${TITLE}"]`).isVisible()).toBe(false);
    expect(await focusedInWidget(page)).toBe('Mở trợ lý xã');
    await ctx.close();
  });

  it('fills a phone screen, hides the round button while open, and closes from its header', async () => {
    const { ctx, page } = await newPage(PHONE, true);
    await page.goto(portalOrigin);
    await widgetButton(page).click();
    const f = chat(page);
    const size = (await page.locator(`iframe[title="${TITLE}"]`).boundingBox())!;
    expect([size.x, size.y, size.width, size.height]).toEqual([0, 0, PHONE.width, PHONE.height]);
    expect(await widgetButton(page).isVisible()).toBe(false);
    await ask(f, 'lam giay khai sinh cho con');
    await shoot(page, 'widget-phone-open.png');
    await f.getByRole('button', { name: 'Đóng trợ lý' }).click();
    await expect.poll(() => widgetButton(page).isVisible()).toBe(true);
    expect(await widgetButton(page).getAttribute('aria-expanded')).toBe('false');
    await shoot(page, 'widget-phone-closed.png');
    await ctx.close();
  });

  it('opens /chat?start=khai-sinh standalone (a QR code on the desk) with the answer, once per tab', async () => {
    const { ctx, page } = await newPage(PHONE, true);
    await page.goto(`${appOrigin}/chat?start=khai-sinh`);
    await page.getByRole('heading', { name: /khai sinh/i, level: 2 }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Đóng trợ lý' }).count()).toBe(0);
    expect(await page.getByRole('log').count()).toBe(1);
    await shoot(page, 'chat-standalone-phone.png');
    await page.reload();
    await page.getByRole('heading', { name: /khai sinh/i, level: 2 }).first().waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('.txa-answer').count()).toBe(1);
    await page.setViewportSize(DESKTOP);
    await shoot(page, 'chat-standalone-desktop.png');
    await ctx.close();
  });

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    expect(violations).toEqual([]);
  });
});
