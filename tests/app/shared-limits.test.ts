/**
 * Rate limits with several processes on one database (APP_PROCESSES > 1):
 * the counters live in the database, so a resident who writes to two
 * processes behind a load balancer is counted once. Here two whole apps on
 * one SQLite file stand for the two processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { SESSION_COOKIE } from '../../src/channels/web/session.js';
import { TOO_FAST } from '../../src/channels/telegram/messages.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { DbCounters } from '../../src/storage/counters.js';
import { openDatabase } from '../../src/storage/db.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, settle, textsTo, type Harness } from '../telegram/harness.js';

let dir = '';
const apps: App[] = [];
const harnesses: Harness[] = [];
let fake: FakeTelegramServer | undefined;
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  for (const h of harnesses.splice(0)) await h.app.stop();
  await fake?.stop();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('counters in the database', () => {
  it('count hits of a key across connections in fixed windows', () => {
    dir = mkdtempSync(join(tmpdir(), 'counters-'));
    let now = 1_000_000;
    const hash = (k: string) => `h(${k})`;
    const db = openDatabase(join(dir, 'a.db'), ALL_MIGRATIONS);
    const a = new DbCounters(db, hash, () => now);
    const b = new DbCounters(openDatabase(join(dir, 'a.db'), ALL_MIGRATIONS), hash, () => now);
    expect(a.hit('k', 3000)).toEqual({ count: 1, ttlMs: 3000 });
    now += 1000;
    expect(b.hit('k', 3000)).toEqual({ count: 2, ttlMs: 2000 });
    expect(a.hit('other', 3000).count).toBe(1);
    now += 2000;
    expect(b.hit('k', 3000)).toEqual({ count: 1, ttlMs: 3000 });
    // Only hashes are stored, and expired windows go.
    now += 3000;
    b.hit('k', 3000);
    expect(db.prepare('SELECT key FROM rate_counters').all()).toEqual([{ key: 'h(k)' }]);
  });
});

describe('two processes on one database', () => {
  it('count a web visitor’s messages together', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shared-web-'));
    for (let i = 0; i < 2; i++) {
      const app = await createApp(
        parseConfig({
          DATABASE_PATH: join(dir, 'a.db'),
          LOG_LEVEL: 'silent',
          KNOWLEDGE_WATCH: 'false',
          APP_PROCESSES: '2',
          WEB_CHAT_ENABLED: 'true',
          WEB_SESSION_SECRET: 'shared-limits-secret-0123456789abcdef',
          WEB_CHAT_RATE_PER_MINUTE: '5',
          PRIVACY_NOTICE: 'false',
        }),
        silentLogger,
      );
      await app.http.ready();
      apps.push(app);
    }
    let cookie: string | undefined;
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      // The load balancer sends each request to the other process.
      const res = await apps[i % 2]!.http.inject({
        method: 'POST',
        url: '/api/chat/messages',
        remoteAddress: '10.9.0.1',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}) },
        payload: JSON.stringify({ text: `câu hỏi ${i}` }),
      });
      cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? cookie;
      codes.push(res.statusCode);
    }
    // The first request opens the session; five a minute in it, whichever process answers.
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('count a Telegram resident’s messages together', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shared-tg-'));
    fake = await new FakeTelegramServer().start();
    const env = {
      DATABASE_PATH: join(dir, 'a.db'),
      APP_PROCESSES: '2',
      TELEGRAM_FLOOD_LIMIT: '3',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'a1b2c3d4e5f6g7h8i9j0',
      KNOWLEDGE_WATCH: 'false',
    };
    for (let i = 0; i < 2; i++) harnesses.push(await boot(fake, env));
    for (let i = 0; i < 5; i++) {
      const res = await harnesses[i % 2]!.app.http.inject({
        method: 'POST',
        url: '/webhooks/telegram',
        headers: { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET },
        payload: { update_id: 100 + i, ...fake.textUpdate(`gks ${i}`, { id: 4001, first_name: 'A' }) },
      });
      expect(res.statusCode).toBe(200);
    }
    await fake.waitFor(() => textsTo(fake!, 4001).includes(TOO_FAST), 5000);
    await settle(300);
    // Three messages are answered, the fourth gets one "slow down", the fifth nothing.
    expect(textsTo(fake, 4001).filter((t) => t === TOO_FAST)).toHaveLength(1);
  });
});
