/**
 * Zalo OA announcements beyond the 7-day window, against the fake OA server
 * (Zalo's wire format and rules): `cs` inside the window, promotion outside
 * it (by day, within the quota and the per-person limits), night → waits
 * until 08:00, nothing allowed → "chờ người dân nhắn tin" without retries,
 * the preview's estimate and warnings, and the window kept across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { announcementsOf } from '../../src/announcements/index.js';
import { reachText } from '../../src/announcements/reach.js';
import { finalReply, progressReply } from '../../src/announcements/report.js';
import type { Announcements } from '../../src/announcements/service.js';
import type { OaBroadcastPolicy } from '../../src/channels/zalo-oa/broadcast.js';
import { ZaloOaChannel } from '../../src/channels/zalo-oa/channel.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { OA_FAILURES, oaEvent, signedHeaders, startFakeOaServer, type FakeOaServer } from '../fakes/zalo-oa-server.js';
import { OA, oaClient, oaEnv, zaloTestApp } from '../zalo/helpers.js';
import { engine, ManualClock, vn } from './helpers.js';

const DAY = 24 * 3600_000;
let fake: FakeOaServer;
beforeAll(async () => {
  fake = await startFakeOaServer({ appId: OA.appId, appSecret: OA.appSecret });
});
afterAll(async () => {
  await fake.close();
});

describe('OA announcements and the 7-day window', () => {
  let clock: ManualClock;
  let db: Db;
  let ann: Announcements | undefined;
  beforeEach(() => {
    fake.calls.length = 0;
    fake.interactions.clear();
    fake.quota = { remain: 1000, total: 1000 };
    fake.validAccessTokens.add(OA.accessToken);
    clock = new ManualClock(vn(2026, 12, 2, 10, 0));
    fake.now = () => clock.now();
    db = openDatabase(':memory:', ALL_MIGRATIONS);
  });
  afterEach(async () => {
    await ann?.stop();
    ann = undefined;
  });

  function setup(policy: Partial<OaBroadcastPolicy>): ZaloOaChannel {
    const now = () => clock.now();
    const { api } = oaClient(db, fake.url, now);
    const ch = new ZaloOaChannel({
      assistant: undefined as never,
      db,
      log: silentLogger,
      api,
      groupTriggers: [],
      broadcast: policy,
      now,
    });
    ann = engine(clock, [], {
      db,
      channels: new Map([['zalo-oa', ch]]),
      policies: { 'zalo-oa': { rate: 100, burst: 5, promoWindow: { fromMinute: 480, toMinute: 1290 } } },
    }).ann;
    return ch;
  }
  /** A follower who last wrote `daysAgo` days ago (known to us and to Zalo). */
  function follower(ch: ZaloOaChannel, id: string, daysAgo: number, tracked = true): void {
    const at = clock.now() - daysAgo * DAY;
    fake.interactions.set(id, at);
    if (tracked) ch.followers.recordInbound(id, at);
    ann!.subscriptions.subscribe('zalo-oa', id, false);
  }
  async function run(until: () => boolean, maxMs = 60_000): Promise<void> {
    for (let waited = 0; !until(); waited += 100) {
      if (waited > maxMs) throw new Error('condition not met in time');
      await clock.advance(100);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const byPath = (path: string) => fake.calls.filter((c) => c.path === path);
  const userOf = (c: { body: unknown }) => (c.body as { recipient: { user_id: string } }).recipient.user_id;
  function broadcast(): { jobId: () => number | undefined; done: () => boolean } {
    const a = ann!.create({
      title: 'Lịch tiêm chủng',
      body: 'Thứ Bảy tiêm chủng tại trạm y tế.',
      audience: { kind: 'all' },
      schedule: { kind: 'now' },
    });
    ann!.start();
    const jobId = () => ann!.outbox.jobsOf(a.id)[0]?.id;
    return { jobId, done: () => ann!.outbox.jobsOf(a.id)[0]?.status === 'done' };
  }

  it('sends cs inside the window and a promotion outside it (also after a -230 for an untracked follower)', async () => {
    const ch = setup({ promotion: true });
    follower(ch, 'in', 1);
    follower(ch, 'out', 10);
    follower(ch, 'legacy', 10, false);
    const b = broadcast();
    await run(b.done);
    expect(byPath('/v3.0/oa/message/cs').map((c) => [userOf(c), c.outcome])).toEqual([
      ['in', 'ok'],
      ['legacy', 'error-230'],
    ]);
    const promos = byPath('/v3.0/oa/message/promotion');
    expect(promos.map(userOf).sort()).toEqual(['legacy', 'out']);
    const payload = (
      promos[0]!.body as {
        message: { attachment: { payload: { template_type: string; elements: { type: string; content: string }[] } } };
      }
    ).message.attachment.payload;
    expect(payload.template_type).toBe('promotion');
    expect(payload.elements[0]).toMatchObject({ type: 'header', content: '📢 Lịch tiêm chủng' });
    expect(byPath('/v2.0/oa/quota/message')).toHaveLength(1);
    expect(ann!.outbox.stats(b.jobId()!)).toMatchObject({ total: 3, sent: 3 });
    expect(ch.followers.window('legacy').state).toBe('closed');
    expect(ch.followers.promotions('out')).toEqual({ today: 1, month: 1 });
  });

  it('an item nobody can deliver ends as "chờ người dân nhắn tin", without calls or retries', async () => {
    const ch = setup({});
    follower(ch, 'in', 2);
    follower(ch, 'out', 8);
    const b = broadcast();
    await run(b.done);
    expect(byPath('/v3.0/oa/message/cs').map(userOf)).toEqual(['in']);
    const stats = ann!.outbox.stats(b.jobId()!);
    expect(stats).toMatchObject({ sent: 1, skipped: { window_closed: 1 } });
    expect(JSON.stringify(finalReply(b.jobId()!, 'x', stats, false))).toContain('chờ người dân nhắn tin');
    const calls = fake.calls.length;
    await clock.advance(10 * 60_000);
    clock.t += 3 * DAY;
    await clock.advance(10 * 60_000);
    expect(fake.calls.length).toBe(calls);
  });

  it('skips a follower who unfollowed as "đã bỏ quan tâm OA" without calling Zalo, and reaches them after a new follow', async () => {
    const ch = setup({ promotion: true });
    follower(ch, 'stays', 1);
    follower(ch, 'left', 1);
    fake.unfollowed.add('left'); // Zalo's side: -213 if we tried
    ch.followers.recordUnfollow('left');
    expect((await reachText(ann!, { kind: 'all' })).join('\n')).toContain('1 đã bỏ quan tâm OA (không gửi)');
    const b = broadcast();
    await run(b.done);
    expect(fake.calls.filter((c) => /message/.test(c.path)).map(userOf)).toEqual(['stays']);
    const stats = ann!.outbox.stats(b.jobId()!);
    expect(stats).toMatchObject({ total: 2, sent: 1, skipped: { unfollowed: 1 } });
    expect(JSON.stringify(finalReply(b.jobId()!, 'x', stats, false))).toContain('đã bỏ quan tâm OA');
    // the subscription is kept: a new follow reactivates it
    fake.unfollowed.delete('left');
    ch.followers.recordFollow('left');
    fake.calls.length = 0;
    const again = broadcast();
    await run(again.done);
    expect(byPath('/v3.0/oa/message/cs').map(userOf).sort()).toEqual(['left', 'stays']);
  });

  it('broadcasts an OA article to all followers in one call, at most once a day and by day only; Zalo errors are reported', async () => {
    setup({});
    const audience = { kind: 'oa_article', articleId: 'bd5ea1c5a7c44e9a17d5' } as const;
    const article = () => {
      const a = ann!.create({
        title: 'Thông báo',
        body: 'Lịch tiếp dân tháng 12.',
        audience,
        schedule: { kind: 'now' },
      });
      ann!.start();
      const job = () => ann!.outbox.jobsOf(a.id)[0];
      return { job, done: () => job()?.status === 'done' };
    };
    expect((await reachText(ann!, audience)).join('\n')).toContain('1 lượt gửi bài viết tới mọi người quan tâm OA');
    const first = article();
    await run(first.done);
    const calls = byPath('/v2.0/oa/message');
    expect(calls.map((c) => [c.body, c.outcome])).toEqual([
      [
        {
          recipient: { target: {} },
          message: {
            attachment: {
              type: 'template',
              payload: {
                template_type: 'media',
                elements: [{ media_type: 'article', attachment_id: 'bd5ea1c5a7c44e9a17d5' }],
              },
            },
          },
        },
        'ok',
      ],
    ]);
    expect(ann!.outbox.stats(first.job()!.id)).toMatchObject({ total: 1, sent: 1 });
    // a second one the same day is not sent (Zalo: 1 broadcast a day per follower)
    expect((await reachText(ann!, audience)).join('\n')).toContain('1 đã nhận đủ tin trong ngày hoặc tháng');
    const second = article();
    await run(second.done);
    expect(byPath('/v2.0/oa/message')).toHaveLength(1);
    expect(ann!.outbox.stats(second.job()!.id)).toMatchObject({ skipped: { promo_limit: 1 } });
    // next evening: waits for the morning, then an error of Zalo fails it without a retry loop
    clock.t = vn(2026, 12, 3, 22, 0);
    fake.script('/v2.0/oa/message', OA_FAILURES.v2Shutdown);
    const third = article();
    await run(() => (ann!.outbox.stats(third.job()?.id ?? 0).night ?? 0) === 1);
    expect(byPath('/v2.0/oa/message')).toHaveLength(1);
    clock.t = vn(2026, 12, 4, 8, 0);
    await run(third.done);
    expect(byPath('/v2.0/oa/message').map((c) => c.outcome)).toEqual(['ok', 'error-240']);
    expect(ann!.outbox.stats(third.job()!.id)).toMatchObject({ failed: { invalid: 1 } });
  });

  it('quota: at most what the quota endpoint allows, then -211 stops promotions for the day', async () => {
    const ch = setup({ promotion: true });
    for (const u of ['a', 'b', 'c']) follower(ch, u, 9);
    fake.quota = { remain: 1, total: 500 };
    let b = broadcast();
    await run(b.done);
    expect(byPath('/v3.0/oa/message/promotion')).toHaveLength(1);
    expect(ann!.outbox.stats(b.jobId()!)).toMatchObject({ sent: 1, skipped: { quota: 2 } });

    // the quota endpoint says there is some, but Zalo answers -211: the rest are not tried today
    clock.t += DAY;
    fake.quota = { remain: 50, total: 500 };
    fake.calls.length = 0;
    fake.script('/message/promotion', OA_FAILURES.quota);
    const a2 = ann!.create({
      title: 'Họp thôn',
      body: 'Tối thứ Sáu họp thôn.',
      audience: { kind: 'all' },
      schedule: { kind: 'now' },
    });
    b = { jobId: () => ann!.outbox.jobsOf(a2.id)[0]?.id, done: () => ann!.outbox.jobsOf(a2.id)[0]?.status === 'done' };
    await run(b.done);
    expect(byPath('/v3.0/oa/message/promotion')).toHaveLength(1);
    expect(ann!.outbox.stats(b.jobId()!)).toMatchObject({ sent: 0, skipped: { quota: 3 } });
  });

  it('at night a promotion waits until 08:00 while cs goes at once; -234 from Zalo waits for the next morning', async () => {
    clock.t = vn(2026, 12, 2, 23, 0);
    const ch = setup({ promotion: true });
    follower(ch, 'in', 1);
    follower(ch, 'out', 12);
    const b = broadcast();
    await run(() => byPath('/v3.0/oa/message/cs').length === 1);
    await clock.advance(60_000);
    expect(byPath('/v3.0/oa/message/promotion')).toHaveLength(0);
    const row = db.prepare(`SELECT status, reason, next_attempt_at FROM ann_outbox WHERE chat_id = 'out'`).get() as {
      status: string;
      reason: string;
      next_attempt_at: number;
    };
    expect(row).toEqual({ status: 'pending', reason: 'night', next_attempt_at: vn(2026, 12, 3, 8, 0) });
    const stats = ann!.outbox.stats(b.jobId()!);
    expect(stats).toMatchObject({ sent: 1, pending: 1, night: 1 });
    expect(JSON.stringify(progressReply(b.jobId()!, 'x', stats, null, clock.now(), 'Asia/Ho_Chi_Minh'))).toContain(
      'Chờ đến 08:00',
    );
    clock.t = vn(2026, 12, 3, 7, 59);
    await run(b.done, 200_000);
    expect(clock.now()).toBeGreaterThanOrEqual(vn(2026, 12, 3, 8, 0));
    expect(byPath('/v3.0/oa/message/promotion').map((c) => c.outcome)).toEqual(['ok']);

    // Zalo's clock says night although ours does not: only that row waits, for the next 08:00
    fake.script('/message/promotion', OA_FAILURES.nightPromotion);
    follower(ch, 'out2', 12);
    ann!.create({
      title: 'Cúp điện',
      body: 'Chiều nay cúp điện.',
      audience: { kind: 'chats', chats: [{ channel: 'zalo-oa', chatId: 'out2' }] },
      schedule: { kind: 'now' },
    });
    await run(() => byPath('/v3.0/oa/message/promotion').length === 2);
    await clock.advance(1000);
    const r2 = db.prepare(`SELECT status, reason, next_attempt_at FROM ann_outbox WHERE chat_id = 'out2'`).get() as {
      status: string;
      reason: string;
      next_attempt_at: number;
    };
    expect(r2).toMatchObject({ status: 'pending', reason: 'night' });
    expect(r2.next_attempt_at).toBe(vn(2026, 12, 4, 8, 0));
  });

  it('warns in the preview before a fifth promotion in the month and skips those followers', async () => {
    const ch = setup({ promotion: true });
    follower(ch, 'in', 0);
    follower(ch, 'full', 20);
    follower(ch, 'third', 20);
    follower(ch, 'new', 20);
    for (let d = 1; d <= 4; d++) ch.followers.recordPromotion('full', vn(2026, 12, 1, 9, 0) + (d - 1) * 3600_000);
    for (let d = 1; d <= 3; d++) ch.followers.recordPromotion('third', vn(2026, 12, 1, 9, 0) - d * 60_000);
    fake.quota = { remain: 40, total: 500 };
    const est = await ch.estimateReach(ann!.subscriptions.recipients({ kind: 'all' }));
    expect(est).toMatchObject({
      byType: { cs: 1, promotion: 2 },
      overLimit: 1,
      waiting: 0,
      quotaCost: 2,
      quotaRemaining: 40,
      atLastOfMonth: 1,
    });
    const text = (await reachText(ann!, { kind: 'all' })).join('\n');
    expect(text).toContain('1 tin tư vấn');
    expect(text).toContain('2 tin truyền thông');
    expect(text).toContain('hạn mức còn 40');
    expect(text).toMatch(/⚠️ 1 người đã nhận đủ số tin truyền thông Zalo cho phép \(4 tin\/tháng/);
    const b = broadcast();
    await run(b.done);
    expect(byPath('/v3.0/oa/message/promotion').map(userOf).sort()).toEqual(['new', 'third']);
    expect(ann!.outbox.stats(b.jobId()!)).toMatchObject({ sent: 3, skipped: { promo_limit: 1 } });
  });
});

describe('the /thongbao preview', () => {
  it('shows staff how many OA followers each message type reaches, the quota and the monthly-limit warning', async () => {
    fake.now = Date.now;
    fake.quota = { remain: 321, total: 500 };
    const app = await zaloTestApp({ ...oaEnv(fake.url), ZALO_OA_PROMOTION: 'true', STAFF_IDS: 'telegram:staff1' });
    try {
      const ann = announcementsOf(app)!;
      const oa = app.channels.get('zalo-oa') as ZaloOaChannel;
      for (const u of ['p1', 'p2', 'p3']) ann.subscriptions.subscribe('zalo-oa', u, false);
      oa.followers.recordInbound('p1');
      oa.followers.recordInbound('p2', Date.now() - 9 * DAY);
      oa.followers.recordInbound('p3', Date.now() - 9 * DAY);
      for (let i = 0; i < 4; i++) oa.followers.recordPromotion('p3', Date.now() - i * 60_000);
      const say = (text: string) =>
        app.assistant.handle({ channel: 'telegram', userId: 'staff1', chatId: 'staff1', text });
      await say('/thongbao moi');
      await say('Họp dân\nTối thứ Sáu họp dân tại nhà văn hóa.');
      const text = JSON.stringify(await say('/thongbao chon all'));
      expect(text).toContain(
        'zalo-oa: 1 tin tư vấn (người đã nhắn trong 7 ngày), 1 tin truyền thông, 1 đã nhận đủ tin trong ngày hoặc tháng.',
      );
      expect(text).toContain('Tính vào hạn mức tin của OA: 1 tin (hạn mức còn 321).');
      expect(text).toContain('⚠️ 1 người đã nhận đủ số tin truyền thông Zalo cho phép');
    } finally {
      await app.stop();
    }
  });
});

describe('OA window tracking', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oa-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks a follower unfollowed on user_unfollow (nothing sent) and active again on follow', async () => {
    const app = await zaloTestApp(oaEnv(fake.url));
    try {
      fake.calls.length = 0;
      const ch = app.channels.get('zalo-oa') as ZaloOaChannel;
      const post = (raw: string) =>
        app.http.inject({
          method: 'POST',
          url: '/webhooks/zalo-oa',
          payload: raw,
          headers: signedHeaders(raw, OA.oaSecret),
        });
      for (const event of ['user_unfollow', 'unfollow']) {
        const id = `9${event.length}`;
        const r = await post(oaEvent({ event, userId: id }));
        expect([r.statusCode, r.json()]).toEqual([200, { ok: true }]);
        await ch.idle();
        expect(ch.followers.unfollowed(id)).toBe(true);
      }
      expect(fake.calls).toHaveLength(0);
      expect((await post(oaEvent({ event: 'follow', userId: '914' }))).statusCode).toBe(200);
      await ch.idle();
      expect(ch.followers.unfollowed('914')).toBe(false);
      expect(ch.followers.unfollowed('98')).toBe(true);
      expect(fake.sent().map((c) => (c.body as { recipient: { user_id: string } }).recipient.user_id)).toEqual(['914']); // the welcome
    } finally {
      await app.stop();
    }
  });

  it('records messages and follows from the webhook and keeps them across a restart (same database file)', async () => {
    const env = { ...oaEnv(fake.url), DATABASE_PATH: join(dir, 'db.sqlite') };
    const app1 = await zaloTestApp(env);
    const post = (raw: string) =>
      app1.http.inject({
        method: 'POST',
        url: '/webhooks/zalo-oa',
        payload: raw,
        headers: signedHeaders(raw, OA.oaSecret),
      });
    expect((await post(oaEvent({ userId: '801', text: 'xin chào' }))).statusCode).toBe(200);
    expect((await post(oaEvent({ event: 'follow', userId: '802' }))).statusCode).toBe(200);
    expect((await post(oaEvent({ userId: '803', groupId: 'g1', text: 'chào nhóm' }))).statusCode).toBe(200);
    const ch1 = app1.channels.get('zalo-oa') as ZaloOaChannel;
    await ch1.idle();
    await app1.stop();
    const app2 = await zaloTestApp(env);
    try {
      const ch2 = app2.channels.get('zalo-oa') as ZaloOaChannel;
      expect(ch2.followers.window('801').state).toBe('open');
      expect(ch2.followers.window('802').state).toBe('open');
      expect(ch2.followers.window('803').state).toBe('unknown');
      expect(ch2.followers.window('801', Date.now() + 8 * DAY).state).toBe('closed');
    } finally {
      await app2.stop();
    }
  });
});
