/**
 * Telegram path: 1,000 incoming messages from 100 users through the fake Bot
 * API server, the real grammY bot (runner, long polling) and the assistant.
 * Replies per second and latency (update queued → first reply message
 * received by the fake server): in waves of 100 (every user at once, each
 * user under the flood limit), and paced at 100 msg/s. A run whose replies
 * stop coming for 5 s ends early and shows how many were answered.
 */
import { createApp } from '../src/app/app.js';
import { renderHtml } from '../src/channels/telegram/render.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { startFakeTelegram } from '../tests/fakes/telegram-server.js';

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

/** How many Telegram messages the answer to each question takes (each user always asks the same question). */
async function messagesPerQuestion(): Promise<number[]> {
  const app = await createApp(parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), silentLogger);
  const out: number[] = [];
  for (const [i, q] of QUESTIONS.entries()) {
    const replies = await app.assistant.handle({ channel: 'telegram', userId: `w${i}`, chatId: `w${i}`, text: q });
    out.push(replies.reduce((n, r) => n + renderHtml(r).length, 0));
  }
  await app.stop();
  return out;
}
const PARTS = await messagesPerQuestion();

async function runOnce(label: string, paceMs: number, waveMs = 0, flood = '6'): Promise<string> {
  const fake = await startFakeTelegram({ maxLongPollMs: 100 });
  const app = await createApp(
    parseConfig({
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_FLOOD_LIMIT: flood,
    }),
    silentLogger,
  );
  await app.start();
  // Per chat, the queue of push times waiting for their first reply message, and
  // how many more messages of the reply being sent are still to come.
  const pending = new Map<number, number[]>();
  const rest = new Map<number, number>();
  const latencies: number[] = [];
  let seen = 0;
  let lastReplyAt = 0;
  const startedAt = Date.now();
  const collect = () => {
    const sends = fake.callsOf('sendMessage');
    for (; seen < sends.length; seen++) {
      const c = sends[seen]!;
      if (c.status !== 200) continue;
      const chat = Number(c.params.chat_id);
      lastReplyAt = c.at;
      const left = rest.get(chat) ?? 0;
      if (left > 0) {
        rest.set(chat, left - 1);
        continue;
      }
      // The first message of a reply closes the oldest waiting push of that user.
      const pushedAt = pending.get(chat)?.shift();
      if (pushedAt !== undefined) latencies.push(c.at - pushedAt);
      rest.set(chat, PARTS[(chat - 5000) % QUESTIONS.length]! - 1);
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
  while (latencies.length < MESSAGES) {
    await new Promise((r) => setTimeout(r, 20));
    collect();
    // A stalled run (replies dropped, e.g. by the flood limiter under load) ends after 5 s of silence.
    if (Date.now() - Math.max(lastReplyAt, startedAt) > 5_000) break;
  }
  await app.stop();
  await fake.stop();
  const seconds = (lastReplyAt - startedAt) / 1000;
  return [
    label.padEnd(36),
    String(latencies.length).padStart(7),
    (latencies.length / seconds).toFixed(0).padStart(9),
    pct(latencies, 50).toFixed(0).padStart(7),
    pct(latencies, 99).toFixed(0).padStart(7),
    fake.callsOf('sendMessage').length.toString().padStart(9),
  ].join(' | ');
}

console.log(`${'run'.padEnd(36)} | replied | replies/s | p50 ms | p99 ms | messages`);
console.log(await runOnce('burst of 1,000 (no flood limit)', 0, 0, '0'));
console.log(await runOnce('10 waves of 100 at once', 0, 600, '0'));
console.log(await runOnce('paced at 100 msg/s, flood limit on', 10));
console.log(
  `(${MESSAGES} messages from ${USERS} users; latency = update queued → first reply message at the fake server;`,
);
console.log(' replies/s = replies / time from the first update to the last reply, so paced runs show the pace;');
console.log(' long answers are sent as several messages)');
