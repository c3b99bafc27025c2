/**
 * Telegram webhook benchmark: updates POSTed over real HTTP to
 * `/webhooks/telegram` (with the secret header), handled by the real grammY
 * bot and the assistant, replies sent to the fake Bot API server on
 * 127.0.0.1, all in one process. One user per update (the flood limit stays on).
 *   - burst of 1,000 (20 in flight) and of 5,000 (50 in flight)
 *   - steady 200 updates/s for 10 s
 * End to end = update POSTed → first message of its reply at the fake server.
 */
import { startFakeTelegram } from '../tests/fakes/telegram-server.js';
import { type AppMode, startBenchApp } from './app-process.js';
import { burst, post, row, settle, steady } from './load.js';

const QUESTIONS = [
  'lam giay khai sinh cho con',
  'số điện thoại công an xã',
  'dk tam tru o dau',
  'sổ đỏ làm ở đâu',
  'chứng thực bản sao mất bao lâu',
];
const SECRET = 'bench-webhook-secret-123';

async function run(
  label: string,
  count: number,
  load: (send: (i: number) => Promise<number>) => Promise<{ postedAt: number[]; non200: number }>,
  mode: AppMode = 'one',
  extra: Record<string, string> = {},
) {
  const fake = await startFakeTelegram({ maxLongPollMs: 100 });
  const app = await startBenchApp(
    mode,
    {
      // Residents who have had the first-contact privacy notice (shown once each), unless a row says otherwise.
      PRIVACY_NOTICE: 'false',
      ...extra,
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
    '/webhooks/telegram',
  );
  const url = app.url;
  const chatOf = (i: number) => 100_000 + i;
  const bodies = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ update_id: i + 1, ...fake.textUpdate(QUESTIONS[i % QUESTIONS.length]!, { id: chatOf(i) }) }),
  );
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
  const offset = Date.now() - performance.now();
  const t0 = performance.now();
  const { postedAt, non200 } = await load((i) => post(url, headers, bodies[i]!));
  const firstReply = new Map<number, number>();
  let scanned = 0;
  // Only the calls recorded since the last look are scanned, so polling costs the app little CPU.
  const replied = () => {
    for (; scanned < fake.calls.length; scanned++) {
      const c = fake.calls[scanned]!;
      if (c.method !== 'sendMessage') continue;
      if (c.status === undefined) break;
      const chat = Number(c.params.chat_id);
      if (c.status === 200 && !firstReply.has(chat)) firstReply.set(chat, c.at - offset);
    }
    return firstReply.size;
  };
  await settle(() => replied() >= count, replied);
  const lastAt = Math.max(...firstReply.values());
  const e2e = bodies.map((_, i) => (firstReply.get(chatOf(i)) ?? NaN) - postedAt[i]!).filter((x) => Number.isFinite(x));
  await app.stop();
  await fake.stop();
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
  'Telegram webhook, updates end to end (HTTP on 127.0.0.1, fake Bot API; "app alone": the app in its own process, the load generator and the fake in this one; latency at ms resolution)',
);
console.table(Object.fromEntries(rows.map(({ label, count: _c, ...r }) => [label, r])));
if (rows.some((r) => r.answered !== r.count || r.non200 > 0)) process.exit(1);
