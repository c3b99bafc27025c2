/**
 * Telegram path: 1,000 incoming messages from 100 users through the fake Bot
 * API server, the real grammY bot (runner, long polling) and the assistant.
 * Replies per second and latency (update queued → first reply message
 * received by the fake server): in waves of 100 (every user at once, each
 * user under the flood limit), and paced at 100 msg/s.
 */
import { createApp } from '../src/app/app.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { FakeTelegramServer } from '../tests/fakes/telegram-server.js';

const QUESTIONS = [
  'xin chào',
  'lam giay khai sinh cho con',
  'số điện thoại công an xã',
  'dk tam tru o dau',
  '/hotline',
  'cấp cứu gọi số nào',
  'sổ đỏ làm ở đâu',
  '/help',
  'giá vàng hôm nay',
  'chứng thực bản sao mất bao lâu',
];
const USERS = 100;
const MESSAGES = 1000;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function runOnce(label: string, paceMs: number, waveMs = 0, flood = '6'): Promise<string> {
  const fake = await new FakeTelegramServer({ maxLongPollMs: 100 }).start();
  const app = await createApp(
    parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_FLOOD_LIMIT: flood }),
    silentLogger,
  );
  await app.start();
  // Per chat, the queue of push times waiting for their first reply message.
  const pending = new Map<number, number[]>();
  const latencies: number[] = [];
  let seen = 0;
  let lastReplyAt = 0;
  const started = performance.now();
  const startedAt = Date.now();
  const collect = () => {
    const sends = fake.callsOf('sendMessage');
    for (; seen < sends.length; seen++) {
      const c = sends[seen]!;
      const q = pending.get(Number(c.params.chat_id));
      // A reply may span several messages; the first one after a push closes that push.
      const pushedAt = q?.shift();
      if (pushedAt !== undefined) {
        latencies.push(c.at - pushedAt);
        lastReplyAt = c.at;
      }
    }
  };
  for (let i = 0; i < MESSAGES; i++) {
    const user = 5000 + (i % USERS);
    const list = pending.get(user) ?? [];
    list.push(Date.now());
    pending.set(user, list);
    fake.sendText(QUESTIONS[i % QUESTIONS.length]!, { id: user });
    if (paceMs > 0) {
      await new Promise((r) => setTimeout(r, paceMs));
      collect();
    } else if (waveMs > 0 && (i + 1) % USERS === 0) {
      await new Promise((r) => setTimeout(r, waveMs));
      collect();
    }
  }
  const firstPush = Date.now() - (performance.now() - started);
  const firstPushAt = startedAt;
  while (latencies.length < MESSAGES) {
    await new Promise((r) => setTimeout(r, 20));
    collect();
    if (performance.now() - started > 120_000) break;
  }
  await app.stop();
  await fake.stop();
  void firstPush;
  const seconds = (lastReplyAt - firstPushAt) / 1000;
  return [
    label.padEnd(26),
    String(latencies.length).padStart(7),
    (latencies.length / seconds).toFixed(0).padStart(9),
    pct(latencies, 50).toFixed(0).padStart(7),
    pct(latencies, 99).toFixed(0).padStart(7),
    fake.callsOf('sendMessage').length.toString().padStart(9),
  ].join(' | ');
}

console.log(`${'run'.padEnd(26)} | replied | replies/s | p50 ms | p99 ms | messages`);
console.log(await runOnce('burst of 1,000 (no flood limit)', 0, 0, '0'));
console.log(await runOnce('10 waves of 100 at once', 0, 600));
console.log(await runOnce('paced at 100 msg/s', 10));
console.log(`(${MESSAGES} messages from ${USERS} users; long answers are sent as several messages)`);
