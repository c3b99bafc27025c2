/**
 * The web chat's HTTP side (src/channels/web): the chat page and its
 * headers, the chat API through the real app (session cookie, follow-ups,
 * 👍/👎, the inbox), and what it refuses: other origins, floods, oversized
 * or malformed bodies, forged or expired cookies.
 */
import { TEST_DATA_KEY } from '../admin/helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../src/app/app.js';
import type { WebChannel } from '../../src/channels/web/index.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../src/channels/web/session.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';

const PORTAL = 'https://xa-mau.gov.vn';
const clock = { now: Date.UTC(2026, 11, 1, 3, 0, 0) };
let app: App;

beforeAll(async () => {
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_WATCH: 'false',
    USER_ID_SALT: 'web-test-salt-0123456789',
    DATA_ENCRYPTION_KEY: TEST_DATA_KEY, // tickets keep a phone number only with a key
    WEB_CHAT_ENABLED: 'true',
    WEB_CHAT_ORIGINS: `${PORTAL},http://localhost:8081`,
    WEB_SESSION_SECRET: 'web-test-secret-0123456789abcdef0123456789',
    WEB_CHAT_RATE_PER_MINUTE: '5',
    WEB_CHAT_IP_RATE_PER_MINUTE: '12',
    STAFF_IDS: 'telegram:staff1',
    WEB_CHAT_SUBSCRIBE_LINKS: 'https://zalo.me/1234567890,https://t.me/tro_ly_xa_bot',
  });
  app = await createApp(config, silentLogger, { now: () => clock.now });
  await app.http.ready();
});
afterAll(async () => app.stop());

function cookieOf(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

/** A visitor with their own address (own rate-limit bucket) and cookie jar. */
function visitor(ip: string) {
  let cookie: string | undefined;
  return {
    get cookie() {
      return cookie;
    },
    set cookie(v: string | undefined) {
      cookie = v;
    },
    async send(body: unknown, headers: Record<string, string> = {}) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/chat/messages',
        remoteAddress: ip,
        headers: {
          'content-type': 'application/json',
          ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
          ...headers,
        },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      cookie = cookieOf(res) ?? cookie;
      return res;
    },
  };
}

describe('the chat page', () => {
  it('is served with a strict CSP that lets only the configured portals embed it', async () => {
    const res = await app.http.inject({ url: '/chat?start=khai-sinh&embed=1' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`frame-ancestors 'self' ${PORTAL} http://localhost:8081`);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.body).toContain('data-start="khai-sinh"');
    expect(res.body).toContain('data-embed="1"');
  });

  it('escapes what the query carries and ignores malformed values', async () => {
    const res = await app.http.inject({
      url: `/chat?title=${encodeURIComponent('<script>alert(1)</script>"x')}&color=red;x&start=${encodeURIComponent('"><img>')}`,
    });
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;x');
    expect(res.body).toContain('data-color="#0b5fff"');
    expect(res.body).toContain('data-start=""');
  });
});

describe('the chat API', () => {
  it('answers a question typed without diacritics, in a session kept by an HttpOnly signed cookie', async () => {
    const v = visitor('10.0.0.1');
    const res = await v.send({ text: 'lam giay khai sinh cho con' });
    expect(res.statusCode).toBe(200);
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(set.httpOnly).toBe(true);
    expect(set.sameSite).toBe('Lax');
    const { replies } = res.json() as { replies: { kind: string; entryId?: string; questionId?: number }[] };
    expect(replies[0]).toMatchObject({ kind: 'answer', entryId: 'khai-sinh' });
    // The follow-up is read in the same conversation.
    const next = await v.send({ text: 'le phi bao nhieu' });
    expect(next.json().replies[0].entryId).toBe('khai-sinh');
    expect(JSON.stringify(next.json())).toMatch(/[Ll]ệ phí/);
    expect(cookieOf(next)).toBeUndefined();
  });

  it('takes a pressed button as a button, and deep links by /start', async () => {
    const v = visitor('10.0.0.2');
    const res = await v.send({ payload: '/start khai-sinh' });
    expect(res.json().replies[0].entryId).toBe('khai-sinh');
  });

  it('counts a 👍 once, from the visitor who asked only', async () => {
    const asker = visitor('10.0.0.3');
    const q = (await asker.send({ text: 'dang ky tam tru' })).json().replies[0].questionId as number;
    expect(q).toBeGreaterThan(0);
    const vote = (cookie: string | undefined) =>
      app.http.inject({
        method: 'POST',
        url: '/api/chat/feedback',
        remoteAddress: '10.0.0.3',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}) },
        payload: { questionId: q, helpful: true },
      });
    expect((await vote(asker.cookie)).json()).toEqual({ ok: true, message: 'Cảm ơn bạn đã góp ý!' });
    expect((await vote(asker.cookie)).json().message).toBe('Bạn đã góp ý cho câu trả lời này rồi.');
    const other = visitor('10.0.0.4');
    await other.send({ text: 'xin chao' });
    const forged = await vote(other.cookie);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('TXA_WEB_BAD_REQUEST');
  });

  it('delivers what staff send later through the inbox, once', async () => {
    const v = visitor('10.0.0.5');
    await v.send({ text: 'xin chao' });
    // The channel's send() is what a ticket answer uses; the chat id is the session id (the cookie's first part).
    const web = app.channels.get('web') as WebChannel;
    const chatId = v.cookie!.split('.')[0]!;
    expect(
      (await web.send(chatId, { kind: 'info', sections: [{ text: 'Cán bộ đã trả lời góp ý của bạn.' }] })).ok,
    ).toBe(true);
    const inbox = () =>
      app.http.inject({
        url: '/api/chat/inbox',
        remoteAddress: '10.0.0.5',
        headers: { cookie: `${SESSION_COOKIE}=${v.cookie}` },
      });
    expect((await inbox()).json().replies).toEqual([
      { kind: 'info', sections: [{ text: 'Cán bộ đã trả lời góp ý của bạn.' }] },
    ]);
    expect((await inbox()).json().replies).toEqual([]);
  });

  it('files a /gopy ticket from the web and brings the staff answer back through the inbox', async () => {
    const v = visitor('10.0.0.8');
    await v.send({ text: '/gopy' });
    await v.send({ text: 'Đèn đường ở thôn Đông bị hỏng hai tuần nay, buổi tối rất tối' });
    const filed = (await v.send({ text: '0912 345 678' })).json().replies[0];
    const id = Number(/số (\d+)/.exec(filed.title)![1]);
    const staff = await app.assistant.handle({
      channel: 'telegram',
      userId: 'staff1',
      chatId: 'staff1',
      text: `/traloi ${id} Xã đã cử người thay bóng đèn.`,
    });
    expect(JSON.stringify(staff)).toContain(`Đã gửi trả lời phản ánh số ${id}`);
    const inbox = await app.http.inject({
      url: '/api/chat/inbox',
      remoteAddress: '10.0.0.8',
      headers: { cookie: `${SESSION_COOKIE}=${v.cookie}` },
    });
    const replies = inbox.json().replies as { sections: { text?: string }[]; buttons?: { payload: string }[] }[];
    expect(JSON.stringify(replies)).toContain('thay bóng đèn');
    expect(replies.flatMap((r) => r.buttons ?? []).map((b) => b.payload)).toContain(`/danhgia ${id}`);
  });

  it('points web visitors who subscribe to Zalo or Telegram', async () => {
    const res = await visitor('10.0.0.6').send({ text: '/dangky' });
    const r = res.json().replies[0];
    expect(r.title).toBe('Đăng ký nhận tin');
    expect(r.links.map((l: { url: string }) => l.url)).toEqual([
      'https://zalo.me/1234567890',
      'https://t.me/tro_ly_xa_bot',
    ]);
  });

  it('starts a new conversation for a forged or expired cookie', async () => {
    const v = visitor('10.0.0.7');
    await v.send({ text: 'xin chao' });
    const good = v.cookie!;
    v.cookie = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const forged = await v.send({ text: 'xin chao' });
    expect(cookieOf(forged)).toBeDefined();
    expect(cookieOf(forged)).not.toBe(good);
    v.cookie = good;
    clock.now += SESSION_TTL_MS + 1;
    try {
      expect(cookieOf(await v.send({ text: 'xin chao' }))).toBeDefined();
    } finally {
      clock.now -= SESSION_TTL_MS + 1;
    }
  });
});

describe('what the chat API refuses', () => {
  it('gives CORS only to the configured portals and refuses posts from other sites', async () => {
    const preflight = (origin: string) =>
      app.http.inject({
        method: 'OPTIONS',
        url: '/api/chat/messages',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight(PORTAL)).headers['access-control-allow-origin']).toBe(PORTAL);
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    const res = await visitor('10.0.1.1').send({ text: 'xin chao' }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'TXA_WEB_ORIGIN' });
    expect((await visitor('10.0.1.2').send({ text: 'xin chao' }, { origin: PORTAL })).statusCode).toBe(200);
  });

  it('slows a flooding visitor down with a polite message', async () => {
    const v = visitor('10.0.1.3');
    const codes: number[] = [];
    // The first message opens the session; five a minute are allowed in it.
    for (let i = 0; i < 7; i++) codes.push((await v.send({ text: `cau hoi ${i}` })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const last = await v.send({ text: 'nua' });
    expect(last.json()).toMatchObject({
      code: 'TXA_WEB_RATE_LIMITED',
      error: 'Bạn gửi nhanh quá. Bạn vui lòng chờ một chút rồi gửi lại nhé.',
    });
    // Another visitor is not held up.
    expect((await visitor('10.0.1.4').send({ text: 'xin chao' })).statusCode).toBe(200);
  });

  it('limits by address a client that drops its cookie to open new sessions', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 13; i++) {
      const v = visitor('10.0.1.9');
      codes.push((await v.send({ text: 'xin chao' })).statusCode);
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(12);
    expect(codes.at(-1)).toBe(429);
  });

  it('refuses oversized, malformed and unexpected bodies in Vietnamese', async () => {
    const big = await visitor('10.0.1.5').send({ text: 'a'.repeat(40_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatch(/^Tin nhắn dài quá/);
    const long = await visitor('10.0.1.6').send({ text: 'á'.repeat(9000) });
    expect(long.statusCode).toBe(413);
    for (const body of ['{"text":', '[]', '{"text":"a","payload":"b"}', '{"html":"<b>"}', '{"payload":""}']) {
      const res = await visitor('10.0.1.7').send(body);
      expect(res.statusCode, body).toBe(400);
      expect(res.json().error, body).toBe('Tin nhắn không đọc được. Bạn vui lòng gõ lại câu hỏi.');
    }
  });

  it('answers hostile, emoji-only and NFD text like any other text', async () => {
    for (const text of ['<img src=x onerror=alert(1)>', '🙏🙏🙏', 'la\u0300m giâ\u0301y khai sinh', '']) {
      const res = await visitor('10.0.1.8').send({ text });
      expect(res.statusCode, text).toBe(200);
      expect(res.json().replies.length, text).toBeGreaterThan(0);
    }
  });
});
