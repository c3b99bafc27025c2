/**
 * `/healthz` tells the truth about Telegram: 503 within seconds when the Bot
 * API goes away (the fake server stopped), 200 again once it is back, and one
 * log line each time with the real cause instead of one per retry.
 */
import { describe, expect, it } from 'vitest';
import { boot, sentTo, type Harness, perTestTelegram } from '../telegram/harness.js';

const t = perTestTelegram();

type Report = {
  ok: boolean;
  channels: Record<string, { state: string; since?: string; cause?: string }>;
  database: { ok: boolean };
  knowledge: { version: string; entries: number };
  broadcast: { queued: number | null };
};

async function health(app: Harness['app']): Promise<{ status: number; body: Report }> {
  const r = await app.http.inject({ method: 'GET', url: '/healthz' });
  return { status: r.statusCode, body: r.json() as Report };
}

async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms`);
}

const lines = (h: Harness, msg: string) =>
  h.logs.filter((l) => l.includes(msg)).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('/healthz with Telegram', () => {
  it('reports every part, turns 503 within 10 s when the Bot API is gone and 200 once it is back', async () => {
    t.h = await boot(t.fake, { HEALTH_PROBE_SECONDS: '1', WEB_CHAT_ENABLED: 'true' });
    const up = await health(t.h.app);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      ok: true,
      channels: { telegram: { state: 'connected' }, web: { state: 'connected' } },
      database: { ok: true },
      broadcast: { queued: 0 },
    });
    expect(up.body.knowledge.version).toMatch(/^[0-9a-f]{12}$/);
    expect(up.body.knowledge.entries).toBeGreaterThan(10);

    const port = Number(new URL(t.fake.apiRoot).port);
    await t.fake.stop();
    const took = await until(async () => (await health(t.h!.app)).status === 503, 10_000);
    expect(took).toBeLessThan(10_000);
    const down = (await health(t.h.app)).body.channels.telegram!;
    expect(down).toMatchObject({ state: 'reconnecting', cause: 'connection refused' });
    expect(Date.parse(down.since!)).toBeGreaterThan(0);

    await t.fake.start(port);
    await until(async () => (await health(t.h!.app)).status === 200, 10_000);
    // One line down (with the cause), one line up: not a stack trace per retry.
    await new Promise((r) => setTimeout(r, 1500));
    expect(lines(t.h!, 'channel is down')).toHaveLength(1);
    expect(lines(t.h!, 'channel is down')[0]).toMatchObject({
      channel: 'telegram',
      state: 'reconnecting',
      cause: 'connection refused',
    });
    expect(lines(t.h!, 'channel is back up')).toHaveLength(1);
    expect(t.h.logs.join('')).not.toContain('"stack"');
    expect(t.h.logs.join('')).not.toContain(t.fake.token);
    // and it answers again
    t.fake.sendText('/hotline', { id: 7101 });
    await t.fake.waitFor(() => sentTo(t.fake, 7101).length >= 1);
  }, 30_000);

  it('says the token was refused', async () => {
    t.h = await boot(t.fake, { TELEGRAM_BOT_TOKEN: '999999:WRONG-token-abcdefghijklmnopqrstuvwxyz' });
    const r = await health(t.h.app);
    expect(r.status).toBe(503);
    expect(r.body.channels.telegram).toMatchObject({ state: 'refused', cause: expect.stringContaining('401') });
  });
});
