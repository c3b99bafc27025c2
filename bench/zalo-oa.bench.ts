/**
 * Zalo OA webhook benchmark: 1,000 signed `user_send_text` events POSTed over
 * real HTTP to `/webhooks/zalo-oa` (20 in flight), answered by the assistant
 * and delivered as cs messages to a fake OA server on 127.0.0.1.
 * Reports acknowledgement (HTTP 200) and end-to-end (reply received by the
 * fake) throughput and latency percentiles.
 */
import { createApp } from '../src/app/app.js';
import type { ZaloOaChannel } from '../src/channels/zalo-oa/channel.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { oaEvent, signedHeaders, startFakeOaServer } from '../tests/fakes/zalo-oa-server.js';

const EVENTS = 1000;
const CONCURRENCY = 20;
const QUESTIONS = [
  'làm giấy khai sinh cho con cần gì',
  'dang ky tam tru o dau',
  'thủ tục đăng ký kết hôn',
  'số điện thoại công an xã',
  'lam can cuoc cho con',
];

const fake = await startFakeOaServer({ appId: '1234567890', appSecret: 'APP_SECRET_TEST' });
const config = parseConfig({
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
});
const app = await createApp(config, silentLogger);
const channel = app.channels.get('zalo-oa') as ZaloOaChannel;
await app.http.listen({ port: 0, host: '127.0.0.1' });
const addr = app.http.server.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/webhooks/zalo-oa`;

const bodies = Array.from({ length: EVENTS }, (_, i) => oaEvent({ userId: `u${i}`, msgId: `bench-${i}`, text: QUESTIONS[i % QUESTIONS.length]! }));
const postedAt = new Array<number>(EVENTS);
const ackMs = new Array<number>(EVENTS);
let next = 0;
let non200 = 0;
const memBefore = process.memoryUsage().rss;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS) {
      const i = next++;
      const raw = bodies[i]!;
      postedAt[i] = performance.now();
      const res = await fetch(url, { method: 'POST', headers: signedHeaders(raw, 'OA_SECRET_TEST'), body: raw });
      await res.arrayBuffer();
      if (res.status !== 200) non200++;
      ackMs[i] = performance.now() - postedAt[i]!;
    }
  }),
);
const tAck = performance.now() - t0;
await channel.idle();
const tAll = performance.now() - t0;

const firstReply = new Map<string, number>();
for (const c of fake.sent()) {
  const user = (c.body as { recipient: { user_id: string } }).recipient.user_id;
  if (!firstReply.has(user)) firstReply.set(user, c.receivedAt);
}
const e2eMs = bodies.map((_, i) => (firstReply.get(`u${i}`) ?? NaN) - postedAt[i]!).filter((x) => Number.isFinite(x));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const f = (x: number) => x.toFixed(1);
console.log(`Zalo OA webhook, ${EVENTS} signed events, ${CONCURRENCY} in flight (HTTP on 127.0.0.1, fake OA API)`);
console.table({
  'webhook ack (HTTP 200)': {
    'events/s': Math.round((EVENTS / tAck) * 1000), 'p50 ms': f(pct(ackMs, 50)), 'p99 ms': f(pct(ackMs, 99)), 'max ms': f(Math.max(...ackMs)),
  },
  'end to end (reply at OA)': {
    'events/s': Math.round((EVENTS / tAll) * 1000), 'p50 ms': f(pct(e2eMs, 50)), 'p99 ms': f(pct(e2eMs, 99)), 'max ms': f(Math.max(...e2eMs)),
  },
});
console.log(`answered: ${e2eMs.length}/${EVENTS}, non-200: ${non200}, cs messages sent: ${fake.sent().length}, RSS +${Math.round((process.memoryUsage().rss - memBefore) / 1e6)} MB`);
await app.stop();
await fake.close();
if (e2eMs.length !== EVENTS || non200 > 0) process.exit(1);
