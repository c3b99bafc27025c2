import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app/app.js';
import { ZaloPersonalChannel, type ZaloPersonalOptions } from '../../src/channels/zalo-personal/channel.js';
import { loadCredentials, saveCredentials } from '../../src/channels/zalo-personal/credentials.js';
import { ThrottledSendQueue } from '../../src/channels/zalo-personal/send-queue.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { openDatabase } from '../../src/storage/db.js';
import { silentLogger } from '../../src/log/index.js';
import { FAKE_CREDS, makeFakeZca, zcaError, type FakeZca } from '../fakes/zca-api.js';
import { entryTitle, waitFor, zaloTestApp } from './helpers.js';

describe('Zalo personal account (zca-js)', () => {
  let app: App;
  let fake: FakeZca;
  let logins: number;
  let alerts: string[];
  let channel: ZaloPersonalChannel;

  const make = (extra: Partial<ZaloPersonalOptions> = {}) =>
    new ZaloPersonalChannel({
      assistant: app.assistant,
      db: app.db,
      log: silentLogger,
      createApi: async () => {
        logins++;
        return fake.api;
      },
      alert: async (t) => void alerts.push(t),
      minIntervalMs: 1,
      jitterMs: 0,
      dailyCap: 1000,
      backoffBaseMs: 10,
      ...extra,
    });

  beforeEach(async () => {
    app = await zaloTestApp({});
    fake = makeFakeZca('100');
    logins = 0;
    alerts = [];
    saveCredentials(app.db, FAKE_CREDS);
    channel = make();
    await channel.start();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await channel.stop();
    await app.stop();
  });

  it('answers a private question and ignores its own messages', async () => {
    expect(channel.state).toBe('running');
    fake.emitText({ threadId: '200', from: '200', text: 'sao mình gửi tin', self: true });
    fake.emitText({ threadId: '200', from: '200', text: 'lam giay khai sinh cho con can gi' });
    await waitFor(() => fake.sent.length > 0);
    await channel.idle();
    expect(fake.sent.every((s) => s.threadId === '200' && s.type === 0)).toBe(true);
    expect(fake.sent.map((s) => s.msg).join('\n')).toContain(entryTitle(app, 'khai-sinh'));
    expect(
      (app.db.prepare("SELECT count(*) AS n FROM questions WHERE channel = 'zalo-personal'").get() as { n: number }).n,
    ).toBe(1);
  });

  it('in groups answers only when mentioned, and replies into the group', async () => {
    fake.emitText({ threadId: 'g1', from: '201', group: true, text: 'chiều nay ai đi họp thôn không' });
    fake.emitPhoto({ threadId: 'g1', from: '201', group: true });
    await channel.idle();
    expect(fake.sent).toHaveLength(0);
    fake.emitText({ threadId: 'g1', from: '202', group: true, mentionMe: true, text: 'làm giấy khai sinh cần gì ạ' });
    await waitFor(() => fake.sent.length > 0);
    await channel.idle();
    expect(fake.sent.every((s) => s.threadId === 'g1' && s.type === 1)).toBe(true);
    expect(fake.sent.map((s) => s.msg).join('\n')).toContain(entryTitle(app, 'khai-sinh'));
  });

  it('replies politely to a private photo', async () => {
    fake.emitPhoto({ threadId: '203', from: '203' });
    await waitFor(() => fake.sent.length > 0);
    expect(fake.sent[0]!.msg).toMatch(/chỉ đọc được tin nhắn chữ/);
  });

  it('restarts a dropped connection with growing backoff', async () => {
    expect(logins).toBe(1);
    fake.closed(1006);
    expect(channel.state).toBe('restarting');
    await waitFor(() => logins === 2 && channel.state === 'running');
    expect(fake.listener.startCount).toBe(2);
    fake.closed(1006);
    await waitFor(() => logins === 3 && channel.state === 'running');
    fake.emitText({ threadId: '204', from: '204', text: 'xin chào' });
    await waitFor(() => fake.sent.length > 0); // handlers re-attached once
    await channel.idle();
    expect(new Set(fake.sent.map((s) => s.threadId))).toEqual(new Set(['204']));
    expect(alerts).toHaveLength(0);
  });

  it('stops and alerts admins when kicked by another login', async () => {
    fake.closed(3003);
    expect(channel.state).toBe('stopped');
    await waitFor(() => alerts.length === 1);
    expect(alerts[0]).toMatch(/npm run zalo:login/);
    await new Promise((r) => setTimeout(r, 50));
    expect(logins).toBe(1); // no restart
    expect(await channel.send('200', { kind: 'info', sections: [{ text: 'x' }] })).toMatchObject({ ok: false });
  });

  it('alerts when the saved session cannot log in, and stays idle without a session', async () => {
    await channel.stop();
    channel = make({ createApi: async () => Promise.reject(zcaError('Đăng nhập thất bại', null)) });
    await channel.start();
    expect(channel.state).toBe('stopped');
    expect(alerts).toHaveLength(1);
    await channel.stop();
    app.db.prepare('DELETE FROM zalo_personal_credentials').run();
    channel = make();
    await channel.start();
    expect(channel.state).toBe('idle');
    expect(logins).toBe(1);
  });

  it('stops sending to a chat after code 123 and saves rotated cookies', async () => {
    fake.failNextSend(zcaError('Không thể nhận tin nhắn từ bạn', 123));
    const r = { kind: 'info' as const, sections: [{ text: 'Thông báo lịch họp' }] };
    expect(await channel.send('group:g1', r)).toMatchObject({ ok: false, kind: 'blocked' });
    expect(await channel.send('group:g1', r)).toMatchObject({ ok: false, kind: 'blocked' });
    expect(fake.sent).toHaveLength(0);
    fake.cookieValue = 'cookie-v2';
    expect(await channel.send('group:g2', r)).toMatchObject({ ok: true });
    expect(fake.sent[0]).toMatchObject({ threadId: 'g2', type: 1 });
    expect(JSON.stringify(loadCredentials(app.db))).toContain('cookie-v2');
  });

  it('sends a file (the loudspeaker audio) as a zca-js attachment with its caption, to a person or a group', async () => {
    const file = {
      path: '/srv/data/loa/loa-khai-sinh.wav',
      filename: 'loa-khai-sinh.wav',
      caption: 'Bài đọc trên loa',
    };
    expect(await channel.sendFile('300', file)).toMatchObject({ ok: true });
    expect(await channel.sendFile('group:g3', file)).toMatchObject({ ok: true });
    expect(fake.sent).toMatchObject([
      { threadId: '300', type: 0, msg: 'Bài đọc trên loa', attachments: [file.path] },
      { threadId: 'g3', type: 1, msg: 'Bài đọc trên loa', attachments: [file.path] },
    ]);
    fake.failNextSend(zcaError('File quá lớn', 118));
    expect(await channel.sendFile('300', file)).toMatchObject({ ok: false });
  });
});

describe('throttled send queue', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the minimum interval and the daily cap, across restarts, until the next day', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T01:00:00Z')); // 08:00 in Vietnam
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const at: number[] = [];
    const task = async () => {
      at.push(Date.now());
      return { ok: true as const };
    };
    const q = new ThrottledSendQueue({ db, key: 'zalo-personal', minIntervalMs: 4000, jitterMs: 0, dailyCap: 3 });
    const results = Array.from({ length: 5 }, () => q.enqueue(task));
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3999);
    expect(at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(at).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000);
    const all = await Promise.all(results);
    expect(at.map((t) => t - at[0]!)).toEqual([0, 4000, 8000]);
    expect(all.map((r) => (r.ok ? 'ok' : r.kind))).toEqual(['ok', 'ok', 'ok', 'quota', 'quota']);
    expect(q.sentToday()).toBe(3);
    // a restart does not reset the cap
    const q2 = new ThrottledSendQueue({ db, key: 'zalo-personal', minIntervalMs: 4000, jitterMs: 0, dailyCap: 3 });
    const r2 = await q2.enqueue(task);
    expect(r2).toMatchObject({ ok: false, kind: 'quota' });
    expect(r2.ok ? 0 : r2.retryAfterMs).toBe(16 * 3600 * 1000 - 8000); // until midnight in Vietnam (8 s of sends passed)
    vi.setSystemTime(new Date('2026-11-22T17:00:01Z')); // 00:00:01 the next day in Vietnam
    expect(await q2.enqueue(task)).toMatchObject({ ok: true });
    expect(at).toHaveLength(4);
  });

  it('adds jitter within the configured bound', async () => {
    vi.useFakeTimers();
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    const at: number[] = [];
    const q = new ThrottledSendQueue({
      db,
      key: 'k',
      minIntervalMs: 1000,
      jitterMs: 500,
      dailyCap: 10,
      random: () => 0.5,
    });
    const p = [
      q.enqueue(async () => {
        at.push(Date.now());
        return { ok: true };
      }),
      q.enqueue(async () => {
        at.push(Date.now());
        return { ok: true };
      }),
    ];
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(p);
    expect(at[1]! - at[0]!).toBe(1250);
  });
});
