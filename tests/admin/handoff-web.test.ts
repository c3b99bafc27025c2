/**
 * A handoff with a web chat visitor: the web channel cannot push, so staff
 * messages wait in the visitor's inbox until the widget asks for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { SESSION_COOKIE } from '../../src/channels/web/session.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { FakeChannel, replyText } from './helpers.js';
import type { Reply } from '../../src/core/types.js';

/** Tuesday 1 December 2026, 10:00 in Hà Nội. */
const clock = { now: Date.UTC(2026, 11, 1, 3, 0, 0) };
let app: App;
const telegram = new FakeChannel('telegram');

beforeAll(async () => {
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_WATCH: 'false',
    KNOWLEDGE_DIR: 'tests/admin/fixtures/kb',
    USER_ID_SALT: 'web-handoff-salt-0123456789',
    WEB_CHAT_ENABLED: 'true',
    WEB_SESSION_SECRET: 'web-handoff-secret-0123456789abcdef0123456789',
    STAFF_IDS: 'telegram:staff1',
    STAFF_CHAT: 'telegram:-100777',
  });
  app = await createApp(config, silentLogger, { now: () => clock.now });
  app.channels.set('telegram', telegram);
  await app.http.ready();
});
afterAll(async () => app.stop());

describe('handoff with a web chat visitor', () => {
  it('queues the visitor, relays to staff, and brings staff messages back through the inbox', async () => {
    let cookie: string | undefined;
    const send = async (text: string): Promise<Reply[]> => {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/chat/messages',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}) },
        payload: JSON.stringify({ text }),
      });
      cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? cookie;
      return res.json().replies as Reply[];
    };
    let live: boolean | undefined;
    const inbox = async (): Promise<Reply[]> => {
      const body = (
        await app.http.inject({ url: '/api/chat/inbox', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })
      ).json();
      live = body.live;
      return body.replies as Reply[];
    };
    await send('xin chào');
    await inbox();
    // No staff member in the conversation: the widget polls slowly.
    expect(live).toBe(false);

    expect((await send('tôi muốn gặp cán bộ'))[0]!.title).toBe('Đang chờ gặp cán bộ xã');
    expect(telegram.textTo('-100777')).toContain('/nhan 1');
    await app.assistant.handle({ channel: 'telegram', userId: 'staff1', chatId: 'staff1', text: '/nhan 1' });
    await app.assistant.handle({
      channel: 'telegram',
      userId: 'staff1',
      chatId: 'staff1',
      text: 'Chào bạn, mình là cán bộ xã.',
    });
    const waiting = (await inbox()).map(replyText).join('\n');
    expect(waiting).toContain('Cán bộ xã đã tham gia trò chuyện');
    expect(waiting).toContain('Chào bạn, mình là cán bộ xã.');
    // While a staff member is in it, the inbox tells the widget to poll again soon.
    expect(live).toBe(true);
    expect(await send('Tôi muốn hỏi về giấy phép xây dựng')).toEqual([]);
    expect(telegram.textTo('staff1')).toContain('Tôi muốn hỏi về giấy phép xây dựng');
    const ended = await send('/ketthuc');
    expect(ended[0]!.title).toBe('Cuộc trò chuyện đã kết thúc');
    await inbox();
    expect(live).toBe(false);
  });
});
