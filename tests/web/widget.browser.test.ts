/**
 * The web chat in a real headless Chromium: the whole app on one port, a
 * portal page on another origin that embeds the widget with the one script
 * line (set-up in browser-harness.ts). Screenshots go to test-results/screenshots/.
 *
 * Needs Debian's /usr/bin/chromium: without it the tests are skipped with a
 * warning, except under CI, where they fail (a skip there would hide a break).
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  chat,
  DESKTOP,
  focusedInWidget,
  h,
  haveChromium,
  newPage,
  PHONE,
  requireChromium,
  shoot,
  startAll,
  stopAll,
  TITLE,
  widgetButton,
  type Faults,
} from './browser-harness.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

requireChromium('web chat in Chromium');

describe.runIf(haveChromium)('web chat in Chromium', () => {
  beforeAll(startAll);
  afterAll(stopAll);

  describe('embedded on a portal (desktop)', () => {
    let ctx: BrowserContext;
    let page: Page;
    let faults: Faults;
    let f: FrameLocator;
    beforeAll(async () => {
      ({ ctx, page, faults } = await newPage(DESKTOP));
      f = chat(page);
    });
    afterAll(() => ctx.close());

    it('shows one round button (the line twice runs once), whose panel opens an iframe of /chat?embed=1', async () => {
      await page.goto(h.portalOrigin);
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
      expect([src.origin, src.pathname, src.searchParams.get('embed'), src.searchParams.get('title')]).toEqual([
        h.appOrigin,
        '/chat',
        '1',
        TITLE,
      ]);
      const size = (await frame.boundingBox())!;
      expect([Math.round(size.width), Math.round(size.height)]).toEqual([380, 600]);
      await expect.poll(() => f.getByText('Bạn cần hỏi thủ tục gì?').isVisible()).toBe(true);
      await expect
        .poll(() => f.getByLabel('Câu hỏi của bạn').evaluate((e) => e === e.ownerDocument.activeElement))
        .toBe(true);
      expect(await f.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    });

    it('answers a question typed without diacritics with the birth registration, showing "Đang trả lời…" meanwhile', async () => {
      faults.delayMs = 400;
      const input = f.getByLabel('Câu hỏi của bạn');
      await input.fill('lam giay khai sinh cho con');
      await input.press('Enter');
      await expect.poll(() => f.getByRole('status').filter({ hasText: 'Đang trả lời…' }).isVisible()).toBe(true);
      await f
        .getByRole('heading', { name: /khai sinh/ })
        .first()
        .waitFor();
      faults.delayMs = 0;
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
      const voted = f
        .locator('.txa-bot')
        .filter({ has: f.getByRole('button', { name: 'Câu trả lời hữu ích' }) })
        .first();
      await voted.getByRole('button', { name: 'Câu trả lời hữu ích' }).click();
      await expect.poll(() => f.getByText('Cảm ơn bạn đã góp ý!').isVisible()).toBe(true);
      const thanked = f.locator('.txa-bot').filter({ hasText: 'Cảm ơn bạn đã góp ý!' });
      expect(await thanked.getByRole('button', { name: /Câu trả lời/ }).count()).toBe(0);
      await thanked.locator('.txa-chips').scrollIntoViewIfNeeded();
      await shoot(page, 'widget-desktop-buttons.png');
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
      const frame = page.frames().find((fr) => fr.url().startsWith(`${h.appOrigin}/chat`))!;
      expect(await frame.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    });

    it('shows what staff sent to this conversation (the inbox) when the page polls it', async () => {
      const cookie = (await ctx.cookies(h.appOrigin)).find((c) => c.name === 'txa_sid');
      expect(cookie?.httpOnly).toBe(true);
      const session = decodeURIComponent(cookie!.value).split('.')[0]!;
      const sent = await h.app.channels.get('web')!.send(session, {
        kind: 'info',
        title: 'Trả lời phản ánh của bạn',
        sections: [{ text: 'Bộ phận Một cửa đã nhận hồ sơ.\nBạn đến nhận kết quả sáng thứ Hai.' }],
      });
      expect(sent.ok).toBe(true);
      const frame = page.frames().find((fr) => fr.url().startsWith(`${h.appOrigin}/chat`))!;
      await frame.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
      await expect.poll(() => f.getByRole('heading', { name: 'Trả lời phản ánh của bạn' }).isVisible()).toBe(true);
      expect(await f.locator('.txa-bot').last().locator('br').count()).toBe(1);
    });

    it('keeps the conversation over a reload of the page', async () => {
      const before = await f.locator('.txa-msg').count();
      await page.reload();
      await widgetButton(page).click();
      await expect.poll(() => f.locator('.txa-msg').count()).toBe(before);
      expect(await f.getByText('lam giay khai sinh cho con').isVisible()).toBe(true);
      expect(await f.getByText('Cảm ơn bạn đã góp ý!').count()).toBe(1);
      expect(await f.getByText(HOSTILE).count()).toBe(1);
      expect(await f.getByText('Trả lời phản ánh của bạn').count()).toBe(1);
    });
  });

  it('says so when the network fails (keeping the question to send again) and shows the server’s error as is', async () => {
    const { ctx, page, faults } = await newPage(DESKTOP);
    await page.goto(h.portalOrigin);
    await widgetButton(page).click();
    const f = chat(page);
    faults.abort = true;
    await ask(f, 'dang ky tam tru');
    expect(await f.locator('.txa-bot').last().textContent()).toContain('Không kết nối được. Bạn vui lòng thử lại.');
    expect(await f.getByLabel('Câu hỏi của bạn').inputValue()).toBe('dang ky tam tru');
    const error = 'Bạn gửi nhanh quá. Bạn vui lòng đợi một phút rồi hỏi tiếp.';
    faults.abort = false;
    faults.status = { code: 429, error };
    await ask(f, 'dang ky tam tru');
    expect(await f.locator('.txa-bot').last().textContent()).toContain(error);
    await ctx.close();
  });

  it('works with the keyboard: Tab reaches the button, Enter opens, Esc closes and gives focus back', async () => {
    const { ctx, page } = await newPage(DESKTOP);
    await page.goto(h.portalOrigin);
    await widgetButton(page).waitFor();
    let found = false;
    for (let i = 0; i < 5 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await focusedInWidget(page)) === 'Mở trợ lý xã';
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    expect(await widgetButton(page).getAttribute('aria-expanded')).toBe('true');
    await expect
      .poll(() =>
        chat(page)
          .getByLabel('Câu hỏi của bạn')
          .evaluate((e) => e === e.ownerDocument.activeElement),
      )
      .toBe(true);
    expect(await focusedInWidget(page)).toBe('IFRAME');
    await page.keyboard.press('Escape');
    await expect.poll(() => widgetButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator(`iframe[title="${TITLE}"]`).isVisible()).toBe(false);
    expect(await focusedInWidget(page)).toBe('Mở trợ lý xã');
    await ctx.close();
  });

  it('follows data-position="left" and data-open="true": open at load, on the left, without taking focus', async () => {
    const { ctx, page } = await newPage(DESKTOP);
    await page.goto(`${h.portalOrigin}/?variant=left-open`);
    const frame = page.locator(`iframe[title="${TITLE}"]`);
    await frame.waitFor();
    expect(await widgetButton(page).getAttribute('aria-expanded')).toBe('true');
    expect((await frame.boundingBox())!.x).toBeLessThan(40);
    expect((await widgetButton(page).boundingBox())!.x).toBeLessThan(40);
    expect(await page.evaluate('document.activeElement === document.body')).toBe(true);
    // A light brand colour gets dark text in the header.
    expect(
      await chat(page)
        .locator('.txa-header')
        .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).color),
    ).toBe('rgb(17, 17, 17)');
    await ctx.close();
  });

  it('fills a phone screen, hides the round button while open, and closes from its header', async () => {
    const { ctx, page } = await newPage(PHONE, true);
    await page.goto(h.portalOrigin);
    await widgetButton(page).click();
    const f = chat(page);
    const size = (await page.locator(`iframe[title="${TITLE}"]`).boundingBox())!;
    expect([size.x, size.y, size.width, size.height]).toEqual([0, 0, PHONE.width, PHONE.height]);
    expect(await widgetButton(page).isVisible()).toBe(false);
    await expect.poll(() => f.getByRole('button', { name: /Thủ tục hành chính/ }).isVisible()).toBe(true);
    // A touch screen: focus goes to the conversation, not the input (no keyboard popping up over it).
    await expect.poll(() => f.getByRole('log').evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    await shoot(page, 'widget-phone-open.png');
    await ask(f, 'lam giay khai sinh cho con');
    await shoot(page, 'widget-phone-answer.png');
    await f.getByRole('button', { name: 'Đóng trợ lý' }).click();
    await expect.poll(() => widgetButton(page).isVisible()).toBe(true);
    expect(await widgetButton(page).getAttribute('aria-expanded')).toBe('false');
    await shoot(page, 'widget-phone-closed.png');
    await ctx.close();
  });

  it('opens /chat?start=khai-sinh standalone (a QR code on the desk) with the answer, once per tab', async () => {
    const { ctx, page } = await newPage(PHONE, true);
    await page.goto(`${h.appOrigin}/chat?start=khai-sinh`);
    await page
      .getByRole('heading', { name: /khai sinh/i, level: 2 })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Đóng trợ lý' }).count()).toBe(0);
    expect(await page.getByRole('log').count()).toBe(1);
    await shoot(page, 'chat-standalone-phone.png');
    await page.reload();
    await page
      .getByRole('heading', { name: /khai sinh/i, level: 2 })
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('.txa-answer').count()).toBe(1);
    await page.setViewportSize(DESKTOP);
    await shoot(page, 'chat-standalone-desktop.png');
    await ctx.close();
  });

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    expect(h.violations).toEqual([]);
  });
});
