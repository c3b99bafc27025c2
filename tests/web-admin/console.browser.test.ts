/**
 * The staff console in a real headless Chromium: the app (fixture knowledge,
 * fake channels) listening on a free port; a staff member signs in through a
 * one-time link and works the pages. Screenshots of each page go to
 * test-results/screenshots/console-*.png.
 *
 * Needs Debian's /usr/bin/chromium: skipped with a warning without it,
 * except under CI, where it fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementsOf } from '../../src/announcements/index.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';
import { haveChromium, launchChromium, requireChromium, SHOTS } from '../web/browser-harness.js';

requireChromium('staff console in Chromium');

describe.runIf(haveChromium)('staff console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let origin = '';
  const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await makeTestApp({
      ADMIN_WEB_ENABLED: 'true',
      ADMIN_IDS: 'telegram:admin1',
      STAFF_IDS: 'telegram:staff1',
      APPROVER_IDS: 'telegram:lead1',
    });
    origin = await t.app.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Asks the bot for a link as `id` and opens it in a new page at the given size. */
  async function signedIn(id: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const [r] = await t.say('telegram', id, '/dangnhap');
    const token = new URL(r!.links![0]!.url).searchParams.get('token')!;
    const page = await (await browser.newContext({ viewport, locale: 'vi-VN' })).newPage();
    await page.goto(`${origin}/admin/login?token=${token}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.url()).toBe(`${origin}/admin`);
    return page;
  }

  it('signs in through a one-time link; the link does not work twice', async () => {
    await t.say('telegram', 'r1', 'lam giay khai sinh cho con');
    const [r] = await t.say('telegram', 'admin1', '/dangnhap');
    const url = `${origin}/admin/login?token=${new URL(r!.links![0]!.url).searchParams.get('token')}`;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(url);
    await shot(page, 'login');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tổng quan');
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(0);
    await shot(page, 'overview');
    const other = await (await browser.newContext()).newPage();
    await other.goto(url);
    await other.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await other.textContent('body')).toContain('đã được dùng');
    await nav(page, 'Người dùng').click();
    expect(await page.textContent('main')).toContain('telegram:staff1');
    await shot(page, 'users');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    expect(await page.textContent('main')).toContain('Bạn đã đăng xuất');
  });

  it('adds an unanswered question as a name of an entry, and the question is then answered', async () => {
    const [before] = await t.say('telegram', 'r2', 'giay chao doi cho be');
    expect(before!.entryId).toBeUndefined();
    const page = await signedIn('admin1');
    await nav(page, 'Câu hỏi chưa trả lời').click();
    await page.getByRole('link', { name: 'Thêm làm tên gọi…' }).first().click();
    await page.getByLabel('Tìm mục').fill('khai sinh');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await shot(page, 'unanswered');
    await page.locator('form:has(input[name="id"][value="khai-sinh"]) button').click();
    expect(await page.textContent('.notice')).toContain('Đã thêm tên gọi cho mục khai-sinh');
    const [after] = await t.say('telegram', 'r2', 'giay chao doi cho be');
    expect(after!.entryId).toBe('khai-sinh');
  });

  it('answers a ticket on a phone; the answer reaches the resident on their channel', async () => {
    const say = (text: string) => t.say('zalo-bot', 'r-7', text);
    await say('/gopy');
    await say('Cống thoát nước ở thôn Tây bị tắc, nước tràn ra đường');
    await say('0987 654 321');
    const page = await signedIn('staff1', { width: 360, height: 740 });
    await nav(page, 'Phản ánh, kiến nghị').click();
    await page.locator('td a').first().click();
    await page.getByRole('button', { name: 'Nhận xử lý' }).click();
    await page.getByLabel(/Nội dung trả lời/).fill('Xã đã cho nạo vét cống thôn Tây sáng nay.');
    await shot(page, 'ticket-phone');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    expect(await page.textContent('.notice')).toContain('Đã gửi trả lời tới người phản ánh');
    expect(replyText(t.fakes.get('zalo-bot')!.sent.at(-1)!.reply)).toContain('nạo vét cống');
  });

  it('composes an announcement, previews it, has it approved, sends it to the subscribers and follows it to 100%', async () => {
    for (const u of ['s1', 's2']) await t.say('telegram', u, '/dangky');
    const page = await signedIn('staff1');
    await nav(page, 'Thông báo').click();
    await page.getByLabel('Nội dung').fill('Từ ngày 01/12, Bộ phận Một cửa xã nhận hồ sơ cả sáng thứ Bảy.');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    expect(await page.textContent('main')).toContain('sáng thứ Bảy');
    await shot(page, 'announcement-preview');
    await page.getByRole('button', { name: 'Xác nhận gửi' }).click();
    // To all subscribers: it waits for approval (ANNOUNCE_APPROVAL defaults to all); the author has no approval form.
    const box = page.getByRole('region', { name: 'Duyệt' });
    expect(await box.textContent()).toContain('Chờ duyệt');
    expect(await box.getByRole('button', { name: 'Duyệt' }).count()).toBe(0);
    const ann = announcementsOf(t.app)!;
    ann.scheduler.tick();
    expect(t.fakes.get('telegram')!.textTo('s1')).not.toContain('sáng thứ Bảy');
    const lead = await signedIn('lead1');
    await lead.goto(page.url());
    await shot(lead, 'announcement-approval');
    await lead.getByRole('region', { name: 'Duyệt' }).getByRole('button', { name: 'Duyệt' }).click();
    expect(await lead.textContent('.notice')).toMatch(/Đã duyệt thông báo #\d+\./);
    ann.scheduler.tick();
    ann.worker.start();
    try {
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.textContent('main');
          },
          { timeout: 15_000, interval: 500 },
        )
        .toContain('100%');
    } finally {
      await ann.worker.stop();
    }
    await shot(page, 'announcement-done');
    for (const u of ['s1', 's2']) expect(t.fakes.get('telegram')!.textTo(u)).toContain('sáng thứ Bảy');
  });

  it('refuses an invalid knowledge edit with the file and line, changing nothing', async () => {
    const file = join(t.dir, 'procedures', 'ho-tich.yaml');
    const before = readFileSync(file, 'utf8');
    const page = await signedIn('admin1');
    await page.goto(`${origin}/admin/tri-thuc/muc/khai-sinh`);
    const field = page.locator('form.field:has(input[name="field"][value="lastVerified"])');
    await field.locator('input:not([type="hidden"]), textarea').first().fill('hôm qua');
    await field.getByRole('button', { name: 'Lưu' }).click();
    expect(await page.textContent('main')).toMatch(/ho-tich\.yaml:\d+: procedures\[0\]\.lastVerified/);
    await shot(page, 'knowledge-invalid');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const [r] = await t.say('telegram', 'r9', '/xem khai-sinh');
    expect(r!.entryId).toBe('khai-sinh');
  });

  it('shows the report and offers its downloads', async () => {
    const page = await signedIn('staff1');
    await nav(page, 'Báo cáo').click();
    for (const k of ['MD', 'CSV', 'XLSX']) expect(await page.getByRole('link', { name: k }).count()).toBe(1);
    await shot(page, 'report');
  });
});
