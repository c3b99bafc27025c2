/**
 * `GET /metrics` (Prometheus text format, prom-client): counters move after
 * messages, the latency histogram counts answers, 429s on send() are counted,
 * default process metrics are there, and METRICS_TOKEN protects it.
 */
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/core/types.js';
import { boot, sentTo, type Harness, perTestTelegram } from '../telegram/harness.js';

const t = perTestTelegram();

const TOKEN = 'metrics-token-0123456789';

async function scrape(app: Harness['app'], token = TOKEN): Promise<string> {
  const r = await app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toContain('text/plain');
  return r.body;
}

/** The value of one sample line, 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('/metrics', () => {
  it('counts messages in, replies out, answer latency and rate-limited sends per channel', async () => {
    t.h = await boot(t.fake, { METRICS_TOKEN: TOKEN });
    const before = await scrape(t.h.app);
    expect(before).toContain('process_cpu_user_seconds_total');
    expect(sample(before, 'tro_ly_xa_messages_in_total{channel="telegram"}')).toBe(0);
    expect(sample(before, 'tro_ly_xa_channel_up{channel="telegram"}')).toBe(1);
    expect(sample(before, 'tro_ly_xa_broadcast_queue_depth')).toBe(0);

    t.fake.sendText('/hotline', { id: 9101 });
    t.fake.sendText('lam giay khai sinh', { id: 9102 });
    await t.fake.waitFor(() => sentTo(t.fake, 9101).length >= 1 && sentTo(t.fake, 9102).length >= 1);
    t.fake.fail('sendMessage', {
      times: 1,
      chatId: 9103,
      errorCode: 429,
      description: 'Too Many Requests: retry after 5',
      retryAfter: 5,
    });
    const ch: Channel = t.h.channel;
    const r = await ch.send('9103', { kind: 'info', sections: [{ text: 'Thông báo' }] }, { purpose: 'announcement' });
    expect(r).toMatchObject({ ok: false, kind: 'rate_limited' });
    await ch.send('9104', { kind: 'info', sections: [{ text: 'Thông báo' }] }, { purpose: 'announcement' });

    const after = await scrape(t.h.app);
    expect(sample(after, 'tro_ly_xa_messages_in_total{channel="telegram"}')).toBe(2);
    expect(sample(after, 'tro_ly_xa_replies_out_total{channel="telegram"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'tro_ly_xa_answer_seconds_count{channel="telegram"}')).toBe(2);
    expect(sample(after, 'tro_ly_xa_rate_limited_total{channel="telegram"}')).toBe(1);
    expect(sample(after, 'tro_ly_xa_sends_total{channel="telegram",purpose="announcement",result="ok"}')).toBe(1);
    expect(
      sample(after, 'tro_ly_xa_sends_total{channel="telegram",purpose="announcement",result="rate_limited"}'),
    ).toBe(1);
    // no user ids or text in labels
    // No label carries the user id (a plain substring test would also match a byte count holding those digits).
    expect(after).not.toMatch(/(?<![\d.])9101(?![\d.])/);
    expect(after).not.toContain('khai sinh');
  });

  it('answers 401 without the token when METRICS_TOKEN is set', async () => {
    t.h = await boot(t.fake, { METRICS_TOKEN: TOKEN });
    expect((await t.h.app.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (
        await t.h.app.http.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer wrong-token-0123456789' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('is open without METRICS_TOKEN', async () => {
    t.h = await boot(t.fake);
    expect((await t.h.app.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
