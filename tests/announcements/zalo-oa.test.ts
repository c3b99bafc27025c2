/**
 * Broadcasting through the real Zalo OA channel against the fake OA server
 * (wire format of the Open API v3): window closed, quota and "not following"
 * end up in the final report; the others receive the announcement.
 */
import { afterEach, beforeAll, afterAll, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import { systemClock } from '../../src/announcements/clock.js';
import { Announcements } from '../../src/announcements/service.js';
import { silentLogger } from '../../src/log/index.js';
import { OA_FAILURES, startFakeOaServer, type FakeOaServer } from '../fakes/zalo-oa-server.js';
import { OA, oaEnv, zaloTestApp } from '../zalo/helpers.js';

let fake: FakeOaServer;
let app: App | undefined;
let ann: Announcements | undefined;
beforeAll(async () => {
  fake = await startFakeOaServer({
    appId: OA.appId,
    appSecret: OA.appSecret,
    accessToken: OA.accessToken,
    refreshToken: OA.refreshToken,
  });
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await ann?.stop();
  await app?.stop();
});

async function waitFor(check: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('reports window-closed, quota and unreachable recipients of a Zalo OA broadcast and delivers to the rest', async () => {
  app = await zaloTestApp(oaEnv(fake.url));
  const oa = app.channels.get('zalo-oa');
  expect(oa).toBeDefined();
  ann = new Announcements({
    db: app.db,
    log: silentLogger,
    channels: new Map([['zalo-oa', oa!]]),
    hashUser: (c, id) => app!.assistant.hashUser(c, id),
    clock: systemClock,
    policies: { 'zalo-oa': { rate: 50, burst: 1 } },
    concurrency: 1,
    progressTickMs: 50,
    schedulerTickMs: 50,
  });
  for (const u of ['u1', 'u2', 'u3', 'u4']) ann.subscriptions.subscribe('zalo-oa', u, false);
  fake.calls.length = 0;
  fake.script('/v3.0/oa/message/cs', OA_FAILURES.windowClosed, OA_FAILURES.quota, OA_FAILURES.notFollowing);
  const a = ann.create({
    title: 'Tiêm chủng',
    body: 'Thứ Bảy tiêm chủng tại trạm y tế.',
    audience: { kind: 'all' },
    schedule: { kind: 'now' },
  });
  ann.start();
  await waitFor(() => ann!.outbox.jobsOf(a.id)[0]?.status === 'done');
  const delivered = fake.sent().map((c) => (c.body as { recipient: { user_id: string } }).recipient.user_id);
  expect(delivered).toEqual(['u4']);
  const stats = ann.outbox.stats(ann.outbox.jobsOf(a.id)[0]!.id);
  expect(stats).toMatchObject({
    total: 4,
    sent: 1,
    skipped: { window_closed: 1, quota: 1 },
    failed: { unreachable: 1 },
  });
  expect(ann.subscriptions.get('zalo-oa', 'u3')!.status).toBe('unreachable');
  expect(ann.subscriptions.get('zalo-oa', 'u1')!.status).toBe('active');
});
