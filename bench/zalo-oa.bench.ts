/**
 * Zalo OA webhook benchmark: signed `user_send_text` events POSTed over real
 * HTTP to `/webhooks/zalo-oa`, answered by the assistant and delivered as cs
 * messages to a fake OA server on 127.0.0.1, all in one process (so the
 * load generator and the fake share its CPU with the app).
 *   - burst of 1,000 (20 in flight; the first measurement) and of 5,000 (50 in flight)
 *   - steady 200 events/s for 10 s
 * End to end = event POSTed → its reply received by the fake OA.
 */
import { oaEvent, signedHeaders, startFakeOaServer } from '../tests/fakes/zalo-oa-server.js';
import { type AppMode, startBenchApp } from './app-process.js';
import { burst, post, row, settle, steady } from './load.js';

const QUESTIONS = [
  'làm giấy khai sinh cho con cần gì',
  'dang ky tam tru o dau',
  'thủ tục đăng ký kết hôn',
  'số điện thoại công an xã',
  'lam can cuoc cho con',
];

async function run(
  label: string,
  count: number,
  load: (send: (i: number) => Promise<number>) => Promise<{ postedAt: number[]; non200: number }>,
  mode: AppMode = 'one',
  extra: Record<string, string> = {},
) {
  const fake = await startFakeOaServer({ appId: '1234567890', appSecret: 'APP_SECRET_TEST' });
  const app = await startBenchApp(
    mode,
    {
      // Residents who have had the first-contact privacy notice (shown once each), unless a row says otherwise.
      PRIVACY_NOTICE: 'false',
      ...extra,
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      USER_ID_SALT: 'bench-salt-0123456789abcdef',
      ZALO_OA_APP_ID: '1234567890',
      ZALO_OA_APP_SECRET: 'APP_SECRET_TEST',
      ZALO_OA_SECRET_KEY: 'OA_SECRET_TEST',
      ZALO_OA_ACCESS_TOKEN: 'AT-initial',
      ZALO_OA_REFRESH_TOKEN: 'RT-initial',
      ZALO_OA_API_BASE: fake.url,
      ZALO_OAUTH_BASE: fake.url,
    },
    '/webhooks/zalo-oa',
  );
  const url = app.url;
  const tag = label.replace(/\W+/g, '');
  const bodies = Array.from({ length: count }, (_, i) =>
    oaEvent({ userId: `u${i}`, msgId: `${tag}-${i}`, text: QUESTIONS[i % QUESTIONS.length]! }),
  );
  const t0 = performance.now();
  const { postedAt, non200 } = await load((i) => post(url, signedHeaders(bodies[i]!, 'OA_SECRET_TEST'), bodies[i]!));
  // Residents get more than one message (a long answer, the first-contact privacy notice): count people, not messages.
  // The fake records each call's outcome when it arrives, so sent() only grows: scan what is new since the last look.
  const firstReply = new Map<string, number>();
  let scanned = 0;
  const replied = () => {
    const sent = fake.sent();
    for (; scanned < sent.length; scanned++) {
      const c = sent[scanned]!;
      const user = (c.body as { recipient: { user_id: string } }).recipient.user_id;
      if (!firstReply.has(user)) firstReply.set(user, c.receivedAt);
    }
    return firstReply.size;
  };
  await settle(() => replied() >= count, replied);
  // receivedAt is performance.now() of this process, the clock of postedAt.
  const lastAt = Math.max(...firstReply.values());
  const e2e = bodies.map((_, i) => (firstReply.get(`u${i}`) ?? NaN) - postedAt[i]!).filter((x) => Number.isFinite(x));
  await app.stop();
  await fake.close();
  return { label, count, ...row(count, lastAt - t0, e2e), non200 };
}

const rows = [
  await run('burst 1,000 (20 in flight)', 1000, (send) => burst(1000, 20, send)),
  await run('burst 5,000 (50 in flight)', 5000, (send) => burst(5000, 50, send)),
  await run('steady 200/s for 10 s', 2000, (send) => steady(2000, 200, send)),
  await run('app alone: burst 5,000 (50 in flight)', 5000, (send) => burst(5000, 50, send), 'split'),
  await run('app alone: steady 200/s for 10 s', 2000, (send) => steady(2000, 200, send), 'split'),
  await run('app alone: burst 5,000 first contacts (+ notice)', 5000, (send) => burst(5000, 50, send), 'split', {
    PRIVACY_NOTICE: 'true',
  }),
];
console.log(
  'Zalo OA webhook, signed events end to end (HTTP on 127.0.0.1, fake OA API; "app alone": the app in its own process, the load generator and the fake in this one)',
);
console.table(Object.fromEntries(rows.map(({ label, count: _c, ...r }) => [label, r])));
if (rows.some((r) => r.answered !== r.count || r.non200 > 0)) process.exit(1);
