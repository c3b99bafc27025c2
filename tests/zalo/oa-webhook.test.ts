import { memoryLogger } from '../helpers.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import type { ZaloOaChannel } from '../../src/channels/zalo-oa/channel.js';
import { computeOaMac, verifyOaSignature } from '../../src/channels/zalo-oa/signature.js';
import { loggableEventName, registerOaWebhook } from '../../src/channels/zalo-oa/webhook.js';
import { createHttpServer } from '../../src/http/server.js';
import { oaEvent, signedHeaders, startFakeOaServer, type FakeOaServer } from '../fakes/zalo-oa-server.js';
import { entryTitle, OA, oaEnv, zaloTestApp } from './helpers.js';

const VECTOR_BODY =
  '{"app_id":"1234567890","user_id_by_app":"55","event_name":"user_send_text","sender":{"id":"111"},"recipient":{"id":"999"},"message":{"text":"Xin chào","msg_id":"abc123"},"timestamp":"1717061839659"}';
const VECTOR_MAC = 'b6df51c1ab13967affd8f9146e67f969445bcd6e38ddb6619b2a25a4d43adb88';

describe('OA webhook signature', () => {
  it('matches the research test vector', () => {
    expect(computeOaMac(VECTOR_BODY, '1234567890', '1717061839659', 'OA_SECRET_TEST')).toBe(VECTOR_MAC);
  });
  it('accepts the mac= prefix, a bare hex and uppercase; rejects forgeries', () => {
    const body = JSON.parse(VECTOR_BODY) as unknown;
    expect(verifyOaSignature(VECTOR_BODY, body, `mac=${VECTOR_MAC}`, 'OA_SECRET_TEST')).toBe(true);
    expect(verifyOaSignature(VECTOR_BODY, body, VECTOR_MAC.toUpperCase(), 'OA_SECRET_TEST')).toBe(true);
    expect(verifyOaSignature(VECTOR_BODY, body, `mac=${VECTOR_MAC}`, 'OTHER_SECRET')).toBe(false);
    expect(
      verifyOaSignature(VECTOR_BODY.replace('Xin chào', 'Xin chao'), body, `mac=${VECTOR_MAC}`, 'OA_SECRET_TEST'),
    ).toBe(false);
    expect(verifyOaSignature(VECTOR_BODY, body, 'mac=abc', 'OA_SECRET_TEST')).toBe(false);
    expect(verifyOaSignature(VECTOR_BODY, body, undefined, 'OA_SECRET_TEST')).toBe(false);
  });
});

describe('POST /webhooks/zalo-oa', () => {
  let fake: FakeOaServer;
  let app: App;
  let channel: ZaloOaChannel;

  beforeAll(async () => {
    fake = await startFakeOaServer({ appId: OA.appId, appSecret: OA.appSecret });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.calls.length = 0;
    app = await zaloTestApp(oaEnv(fake.url));
    channel = app.channels.get('zalo-oa') as ZaloOaChannel;
    expect(app.httpNeeded).toBe(true);
  });
  afterEach(async () => {
    await app.stop();
  });

  const post = (raw: string, headers: Record<string, string>) =>
    app.http.inject({ method: 'POST', url: '/webhooks/zalo-oa', payload: raw, headers });
  const refused = (r: { statusCode: number; json: () => { ok?: boolean } }) => [r.statusCode, r.json().ok];
  const seenCount = () => (app.db.prepare('SELECT count(*) AS n FROM zalo_seen_events').get() as { n: number }).n;

  it('answers a signed question with the right procedure, as a cs message', async () => {
    const raw = oaEvent({ userId: '777', text: 'lam giay khai sinh cho con can gi' });
    const res = await post(raw, signedHeaders(raw, OA.oaSecret));
    expect(res.statusCode).toBe(200);
    expect(fake.sent()).toHaveLength(0); // answered before processing
    await channel.idle();
    const sent = fake.sent();
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent[0]!.path).toBe('/v3.0/oa/message/cs');
    expect(sent[0]!.accessToken).toBe(OA.accessToken);
    const body = sent[0]!.body as { recipient: { user_id: string }; message: { text: string } };
    expect(body.recipient.user_id).toBe('777');
    expect(body.message.text).toContain(entryTitle(app, 'khai-sinh'));
    expect(body.message.text).not.toMatch(/<[a-z]+>/); // plain text, no HTML
    for (const c of sent)
      expect((c.body as { message: { text: string } }).message.text.length).toBeLessThanOrEqual(2000);
  });

  it('refuses unsigned and forged bodies (200 with ok:false, so Zalo never disables the webhook) and processes nothing', async () => {
    const raw = oaEvent({ text: 'lam giay khai sinh' });
    expect(refused(await post(raw, { 'content-type': 'application/json' }))).toEqual([200, false]);
    const forged = signedHeaders(raw, 'WRONG_SECRET');
    expect(refused(await post(raw, forged))).toEqual([200, false]);
    const tampered = raw.replace('khai sinh', 'ket hon');
    expect(refused(await post(tampered, signedHeaders(raw, OA.oaSecret)))).toEqual([200, false]);
    await channel.idle();
    expect(fake.sent()).toHaveLength(0);
    expect(seenCount()).toBe(0);
  });

  it('rejects oversized, empty and non-JSON bodies (413/400), nothing processed', async () => {
    const big = oaEvent({ text: 'x'.repeat(300 * 1024) });
    expect((await post(big, signedHeaders(big, OA.oaSecret))).statusCode).toBe(413);
    const sig = { 'content-type': 'application/json', 'x-zevent-signature': 'mac=00' };
    expect((await post('', sig)).statusCode).toBe(400);
    expect((await post('{"app_id":', sig)).statusCode).toBe(400);
    const notObject = '[1,2,3]';
    expect((await post(notObject, sig)).statusCode).toBe(400);
    await channel.idle();
    expect(fake.sent()).toHaveLength(0);
    expect(seenCount()).toBe(0);
    // nothing lost: the same event, sent properly afterwards, is processed
    const ok = oaEvent({ msgId: 'after-bad', text: 'lam giay khai sinh' });
    expect((await post(ok, signedHeaders(ok, OA.oaSecret))).statusCode).toBe(200);
    await channel.idle();
    expect(fake.sent().length).toBeGreaterThanOrEqual(1);
  });

  it('acknowledges a signed event it cannot understand (200, ok:false), processes nothing and counts it', async () => {
    const metric = async () =>
      (await app.http.inject({ method: 'GET', url: '/metrics' })).body
        .split('\n')
        .find((l) => l.startsWith('tro_ly_xa_webhook_rejected_total{channel="zalo-oa",reason="malformed"}'));
    const noSender = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_send_text',
      message: { msg_id: 'x1', text: 'lam giay khai sinh' },
      timestamp: String(Date.now()),
    });
    const wrongType = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_send_text',
      sender: { id: '777' },
      message: { msg_id: 'x2', text: 12 },
      timestamp: String(Date.now()),
    });
    for (const raw of [noSender, wrongType]) {
      const r = await post(raw, signedHeaders(raw, OA.oaSecret));
      expect([r.statusCode, r.json()]).toEqual([200, { ok: false, error: 'malformed event' }]);
    }
    expect(await metric()).toMatch(/ 2$/);
    // a wrong signature is still refused as before, and counted apart
    expect(refused(await post(noSender, signedHeaders(noSender, 'WRONG_SECRET')))).toEqual([200, false]);
    expect(await metric()).toMatch(/ 2$/);
    await channel.idle();
    expect(fake.sent()).toHaveLength(0);
    expect(seenCount()).toBe(0);
  });

  it('verifies NFD bodies over the raw bytes and answers them', async () => {
    const nfd = oaEvent({ msgId: 'nfd-1', text: 'làm giấy khai sinh cho con cần gì'.normalize('NFD') });
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    // signed over the NFC text: the raw NFD body does not match
    expect(refused(await post(nfd, signedHeaders(nfd.normalize('NFC'), OA.oaSecret)))).toEqual([200, false]);
    expect((await post(nfd, signedHeaders(nfd, OA.oaSecret))).statusCode).toBe(200);
    await channel.idle();
    const text = (fake.sent()[0]!.body as { message: { text: string } }).message.text;
    expect(text).toContain(entryTitle(app, 'khai-sinh'));
  });

  it('processes the same message id once, even when delivered concurrently', async () => {
    const raw = oaEvent({ msgId: 'dup-1', text: 'lam giay khai sinh' });
    const h = signedHeaders(raw, OA.oaSecret);
    const [a, b] = await Promise.all([post(raw, h), post(raw, h)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const c = await post(raw, h);
    expect(c.json()).toMatchObject({ ok: true, duplicate: true });
    await channel.idle();
    const firstRun = fake.sent().length;
    expect(firstRun).toBeGreaterThanOrEqual(1);
    const single = (
      app.db.prepare("SELECT count(*) AS n FROM questions WHERE channel = 'zalo-oa'").get() as { n: number }
    ).n;
    expect(single).toBe(1);
  });

  it('welcomes a new follower', async () => {
    const raw = oaEvent({ event: 'follow', userId: '888' });
    expect((await post(raw, signedHeaders(raw, OA.oaSecret))).statusCode).toBe(200);
    await channel.idle();
    const sent = fake.sent();
    expect(sent).toHaveLength(1);
    const body = sent[0]!.body as {
      recipient: { user_id: string };
      message: { text: string; attachment?: { payload: { buttons: unknown[] } } };
    };
    expect(body.recipient.user_id).toBe('888');
    expect(body.message.text).toMatch(/Xin chào/);
    expect(body.message.attachment?.payload.buttons.length).toBeGreaterThan(0);
  });

  it('answers 200 to unknown events and ignores them', async () => {
    const raw = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_seen_message',
      sender: { id: '999' },
      recipient: { id: '1' },
      message: { msg_ids: ['a'] },
      timestamp: '1',
    });
    expect((await post(raw, signedHeaders(raw, OA.oaSecret))).statusCode).toBe(200);
    await channel.idle();
    expect(fake.calls).toHaveLength(0);
  });

  it('answers GMF group messages only when addressed, and posts to the group', async () => {
    const chatter = oaEvent({ groupId: 'g-1', msgId: 'g-a', text: 'mai họp thôn lúc mấy giờ' });
    await post(chatter, signedHeaders(chatter, OA.oaSecret));
    const asked = oaEvent({ groupId: 'g-1', msgId: 'g-b', text: '@Trợ lý: làm giấy khai sinh cần gì' });
    await post(asked, signedHeaders(asked, OA.oaSecret));
    await channel.idle();
    const sent = fake.sent();
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((c) => c.path === '/v3.0/oa/group/message')).toBe(true);
    const body = sent[0]!.body as { recipient: { group_id: string }; message: { text: string } };
    expect(body.recipient.group_id).toBe('g-1');
    expect(body.message.text).toContain(entryTitle(app, 'khai-sinh'));
  });

  it('replies politely to a photo and treats a button click as a button press', async () => {
    const photo = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_send_image',
      sender: { id: '555' },
      recipient: { id: '999' },
      message: { msg_id: 'img-1', attachments: [{ type: 'image', payload: { url: 'https://x/y.jpg' } }] },
      timestamp: String(Date.now()),
    });
    expect((await post(photo, signedHeaders(photo, OA.oaSecret))).statusCode).toBe(200);
    const click = oaEvent({ event: 'user_click_button', userId: '555', msgId: 'btn-1', text: '/xem khai-sinh' });
    expect((await post(click, signedHeaders(click, OA.oaSecret))).statusCode).toBe(200);
    await channel.idle();
    const texts = fake.sent().map((c) => (c.body as { message: { text: string } }).message.text);
    expect(texts[0]).toMatch(/chỉ đọc được tin nhắn chữ/);
    expect(texts.slice(1).join('\n')).toContain(entryTitle(app, 'khai-sinh'));
  });
});

describe('a signed OA event that does not match the schema', () => {
  it('is logged as one warning line with the channel and event name, without the payload', async () => {
    const { logger: log, records } = memoryLogger('info');
    const http = createHttpServer({ logger: log });
    const accepted: unknown[] = [];
    const counted: unknown[] = [];
    registerOaWebhook(http, {
      channel: {
        accept: (e) => {
          accepted.push(e);
          return true;
        },
      },
      oaSecretKey: OA.oaSecret,
      log,
      rejected: { inc: (l) => void counted.push(l) },
    });
    const raw = JSON.stringify({
      app_id: OA.appId,
      event_name: 'user_send_text',
      sender: { id: '5510185758261927916' },
      message: { msg_id: 'm1', text: ['Nguyễn Văn A, 0912345678'] },
      timestamp: String(Date.now()),
    });
    const r = await http.inject({
      method: 'POST',
      url: '/webhooks/zalo-oa',
      payload: raw,
      headers: signedHeaders(raw, OA.oaSecret),
    });
    expect(r.statusCode).toBe(200);
    expect(accepted).toEqual([]);
    expect(counted).toEqual([{ channel: 'zalo-oa', reason: 'malformed' }]);
    const warnings = records().filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ channel: 'zalo-oa', event: 'user_send_text' });
    const text = JSON.stringify(records());
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('5510185758261927916');
    expect(loggableEventName({ event_name: 'x y {"a":1}' })).toBe('(none)');
    await http.close();
  });
});
