/**
 * Live handoff from the staff console, in a real headless Chromium, with the
 * resident on the fake Telegram Bot API server (the real grammY client runs
 * against it): the resident asks for a person, a staff member takes the
 * request on the console page and they exchange two messages each way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, textsTo, type Harness } from '../telegram/harness.js';
import { haveChromium, launchChromium, requireChromium, SHOTS } from '../web/browser-harness.js';

const RESIDENT = 3001;
const STAFF = 2001;

requireChromium('handoff from the staff console in Chromium');

describe.runIf(haveChromium)('handoff from the staff console in Chromium', () => {
  let fake: FakeTelegramServer;
  let hs: Harness;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
    hs = await boot(fake, {
      ADMIN_WEB_ENABLED: 'true',
      STAFF_IDS: `telegram:${STAFF}`,
      STAFF_CHAT: 'telegram:-100777',
      HANDOFF_HOURS: 'Mon-Sun 00:00-24:00',
      LOG_LEVEL: 'silent',
    });
    origin = await hs.app.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hs?.app.stop();
    await fake?.stop();
  });

  const residentSees = (s: string) => fake.waitFor(() => textsTo(fake, RESIDENT).some((t) => t.includes(s)));

  it('takes a waiting resident and exchanges two messages each way', async () => {
    fake.sendText('tôi muốn gặp cán bộ', { id: RESIDENT });
    await residentSees('Đang chờ gặp cán bộ xã');
    // The staff member signs in through a one-time link from the bot.
    const [r] = await hs.app.assistant.handle({
      channel: 'telegram',
      userId: String(STAFF),
      chatId: String(STAFF),
      text: '/dangnhap',
    });
    const token = new URL(r!.links![0]!.url).searchParams.get('token')!;
    const page: Page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    ).newPage();
    await page.goto(`${origin}/admin/login?token=${token}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Gặp cán bộ', exact: true }).click();
    expect(await page.textContent('main')).toContain('tôi muốn gặp cán bộ');
    await page.screenshot({ path: join(SHOTS, 'console-handoff-queue.png'), fullPage: true });
    await page.getByRole('button', { name: 'Nhận' }).click();
    await residentSees('đã tham gia');

    const say = async (text: string) => {
      await page.getByLabel('Tin nhắn gửi người dân').fill(text);
      await page.getByRole('button', { name: 'Gửi', exact: true }).click();
      await residentSees(text);
    };
    const residentSays = async (text: string) => {
      fake.sendText(text, { id: RESIDENT });
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.textContent('.transcript');
          },
          { timeout: 10_000, interval: 300 },
        )
        .toContain(text);
    };
    await say('Chào bạn, mình là cán bộ Một cửa. Bạn cần hỏi gì?');
    await residentSays('Cho tôi hỏi hồ sơ xin giấy phép xây dựng nhà ở của tôi đến đâu rồi');
    await say('Hồ sơ của bạn đã được chuyển phòng chuyên môn, dự kiến có kết quả thứ Sáu này.');
    await residentSays('Cảm ơn cán bộ nhiều');
    await page.screenshot({ path: join(SHOTS, 'console-handoff-talk.png'), fullPage: true });
    // Meanwhile the bot gave the resident no search answer.
    expect(textsTo(fake, RESIDENT).some((t) => t.includes('Giấy tờ cần chuẩn bị'))).toBe(false);

    // Each message went once, though the page was reloaded after each post.
    const staffLines = await page.locator('.transcript li.staff').count();
    expect(staffLines).toBe(2);
    expect(textsTo(fake, RESIDENT).filter((t) => t.includes('dự kiến có kết quả thứ Sáu'))).toHaveLength(1);
    await page.getByRole('button', { name: 'Kết thúc trò chuyện' }).click();
    expect(await page.textContent('.notice')).toContain('Đã kết thúc');
    await residentSees('kết thúc');
  }, 40_000);
});
