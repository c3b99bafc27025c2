import { afterEach, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { systemClock } from '../../src/announcements/clock.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { FakeChannel, KB_DIR } from './helpers.js';

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('end to end in the app: residents subscribe, staff sends now from chat, residents receive it, staff get the report', async () => {
  app = await createApp(
    parseConfig({
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      KNOWLEDGE_DIR: KB_DIR,
      USER_ID_SALT: 'announce-app-salt-0123',
      STAFF_IDS: 'telegram:staff1',
      STAFF_CHAT: 'telegram:-100staff',
    }),
    silentLogger,
  );
  const tg = new FakeChannel('telegram', systemClock);
  app.channels.set('telegram', tg);
  await app.start();
  const declared = app.db.prepare(`SELECT key, status FROM ann_announcements`).all();
  expect(declared).toEqual([{ key: 'nhac-dich-vu-cong', status: 'scheduled' }]);

  const say = (userId: string, text: string) =>
    app!.assistant.handle({ channel: 'telegram', userId, chatId: userId, text });
  for (const u of ['r1', 'r2', 'r3']) await say(u, 'đăng ký nhận tin');
  await say('r3', '/huy');
  await say('staff1', '/thongbao moi');
  await say('staff1', 'Cắt điện\nThứ Hai cắt điện từ 7h đến 11h.');
  await say('staff1', '/thongbao chon chung');
  await say('staff1', '/thongbao luc ngay');
  await say('staff1', '/thongbao xacnhan');

  await waitFor(() => tg.to('r1').length === 1 && tg.to('r2').length === 1);
  expect(tg.to('r3')).toHaveLength(0);
  expect(tg.to('r1')[0]!.title).toBe('📢 Cắt điện');
  await waitFor(() => tg.to('-100staff').length === 1);
  const report = JSON.stringify(tg.to('-100staff')[0]);
  expect(report).toContain('Đã gửi tới 2/2');
  expect(tg.to('staff1').at(-1)!.title).toContain('Đã gửi xong');
});
