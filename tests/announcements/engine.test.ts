import { afterEach, describe, expect, it } from 'vitest';
import type { Announcements } from '../../src/announcements/service.js';
import { engine, FakeChannel, ManualClock, titles, vn } from './helpers.js';

const running: Announcements[] = [];
afterEach(async () => {
  for (const a of running.splice(0)) await a.stop();
});

function setup(
  start: number,
  opts: Parameters<typeof engine>[2] = {},
  names: ('telegram' | 'zalo-oa' | 'console')[] = ['telegram'],
) {
  const clock = new ManualClock(start);
  const chans = names.map((n) => new FakeChannel(n, clock));
  const e = engine(clock, chans, opts);
  running.push(e.ann);
  return { clock, ch: chans[0]!, chans, ...e };
}

function subscribeMany(
  ann: Announcements,
  n: number,
  channel: 'telegram' | 'zalo-oa' | 'console' = 'telegram',
  topics: string[] = [],
) {
  for (let i = 1; i <= n; i++) ann.subscriptions.subscribe(channel, `c${i}`, false, topics);
}

describe('scheduling', () => {
  it('sends a scheduled announcement at the local time (Asia/Ho_Chi_Minh), not before', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 7, 58));
    subscribeMany(ann, 3);
    ann.create({
      title: 'Họp dân',
      body: 'Nội dung',
      audience: { kind: 'all' },
      schedule: { kind: 'at', at: vn(2026, 12, 1, 8, 0) },
    });
    ann.start();
    await clock.advance(110_000);
    expect(ch.sent).toHaveLength(0);
    await clock.advance(12_000);
    expect(ch.sent.map((s) => s.chatId).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(new Date(ch.sent[0]!.at).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(ch.sent.every((s) => s.at >= vn(2026, 12, 1, 8, 0) && s.at < vn(2026, 12, 1, 8, 0) + 2000)).toBe(true);
  });

  it('runs a recurring (cron) announcement at every occurrence', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 7, 59));
    subscribeMany(ann, 2);
    const a = ann.create({
      title: 'Nhắc',
      body: 'Nhắc hằng ngày',
      audience: { kind: 'all' },
      schedule: { kind: 'cron', cron: '0 8 * * *' },
    });
    expect(a.nextRunAt).toBe(vn(2026, 12, 1, 8));
    ann.start();
    await clock.advance(2 * 60_000);
    expect(ch.sent).toHaveLength(2);
    expect(ann.store.get(a.id)!.nextRunAt).toBe(vn(2026, 12, 2, 8));
    clock.t = vn(2026, 12, 2, 7, 59);
    await clock.advance(2 * 60_000);
    expect(ch.sent).toHaveLength(4);
    expect(ann.outbox.jobsOf(a.id)).toHaveLength(2);
    expect(ann.store.get(a.id)!.status).toBe('scheduled');
  });

  it('sends a run missed while down when it is inside the grace period', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 7, 0), { graceMinutes: 60 });
    subscribeMany(ann, 2);
    ann.create({
      title: 'Lỡ ít',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'at', at: vn(2026, 12, 1, 8) },
    });
    clock.t = vn(2026, 12, 1, 8, 40); // the process was down at 08:00
    ann.start();
    await clock.advance(1000);
    expect(ch.sent).toHaveLength(2);
  });

  it('reports a run missed outside the grace period to staff instead of sending it', async () => {
    const { clock, chans, ann } = setup(
      vn(2026, 12, 1, 7, 0),
      { graceMinutes: 60, staffChats: [{ channel: 'console', chatId: 'staff-room' }] },
      ['telegram', 'console'],
    );
    const [tg, con] = chans as [FakeChannel, FakeChannel];
    subscribeMany(ann, 2);
    const a = ann.create({
      title: 'Lỡ nhiều',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'at', at: vn(2026, 12, 1, 8) },
    });
    clock.t = vn(2026, 12, 1, 10, 0);
    ann.start();
    await clock.advance(3000);
    expect(tg.sent).toHaveLength(0);
    expect(ann.outbox.jobsOf(a.id)[0]!.status).toBe('missed');
    const report = con.to('staff-room');
    expect(report).toHaveLength(1);
    expect(report[0]!.title).toContain('Lỡ lịch');
    expect(JSON.stringify(report[0])).toContain('08:00 01/12/2026');
    await clock.advance(5000);
    expect(con.to('staff-room')).toHaveLength(1); // reported once
  });
});

describe('delivery', () => {
  it('pauses the whole job for retry_after on 429 and persists the pause', async () => {
    const { clock, ch, ann, db } = setup(vn(2026, 12, 1, 9), { concurrency: 1 });
    subscribeMany(ann, 5);
    let limited = false;
    ch.responder = (chatId) => {
      if (chatId === 'c3' && !limited) {
        limited = true;
        return {
          ok: false,
          kind: 'rate_limited',
          description: 'Too Many Requests: retry after 30',
          retryAfterMs: 30_000,
        };
      }
      return { ok: true };
    };
    ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(1000);
    expect(ch.sent.map((s) => s.chatId)).toEqual(['c1', 'c2']);
    const job = db.prepare('SELECT paused_until FROM ann_jobs').get() as { paused_until: number };
    // c3 went out 2 × 40 ms after c1 (25/s, a burst of 1): paused 30 s from then.
    expect(job.paused_until).toBe(vn(2026, 12, 1, 9) + 80 + 30_000);
    await clock.advance(20_000);
    expect(ch.sent).toHaveLength(2);
    await clock.advance(12_000);
    expect(ch.sent.map((s) => s.chatId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(ch.sent.slice(2).every((s) => s.at >= vn(2026, 12, 1, 9) + 30_000)).toBe(true);
  });

  it('keeps a 429 pause across a restart', async () => {
    const first = setup(vn(2026, 12, 1, 9), { concurrency: 1 });
    subscribeMany(first.ann, 3);
    first.ch.responder = (chatId) =>
      chatId === 'c2' ? { ok: false, kind: 'rate_limited', description: '429', retryAfterMs: 600_000 } : { ok: true };
    first.ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    first.ann.start();
    await first.clock.advance(1000);
    await first.ann.stop();
    expect(first.ch.sent).toHaveLength(1);
    const clock = new ManualClock(first.clock.t + 60_000);
    const ch = new FakeChannel('telegram', clock);
    const second = engine(clock, [ch], { db: first.db });
    running.push(second.ann);
    second.ann.start();
    await clock.advance(5000);
    expect(ch.sent).toHaveLength(0); // still paused after the restart
    await clock.advance(600_000);
    expect(ch.sent.map((s) => s.chatId)).toEqual(['c2', 'c3']);
  });

  it('marks a recipient who blocked the bot (403) inactive and stops sending to them', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9));
    subscribeMany(ann, 3);
    ch.responder = (chatId) =>
      chatId === 'c2'
        ? { ok: false, kind: 'blocked', description: 'Forbidden: bot was blocked by the user' }
        : { ok: true };
    ann.create({ title: 'Một', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(2000);
    expect(ann.subscriptions.get('telegram', 'c2')!.status).toBe('blocked');
    ann.create({ title: 'Hai', body: 'y', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    await clock.advance(2000);
    expect(titles(ch, 'c1')).toEqual(['Một', 'Hai']);
    expect(ch.to('c2')).toHaveLength(0);
    const jobs = ann.outbox.jobsOf(2);
    expect(ann.outbox.stats(jobs[0]!.id).total).toBe(2);
  });

  it('retries network errors with backoff and gives up after the maximum attempts', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), {
      worker: { maxAttempts: 3, backoffBaseMs: 1000, idleMs: 1000 },
    });
    subscribeMany(ann, 2);
    ch.responder = (chatId, n) =>
      chatId === 'c1' && n < 3
        ? { ok: false, kind: 'network', description: '502 Bad Gateway' }
        : chatId === 'c2'
          ? { ok: false, kind: 'network', description: 'timeout' }
          : { ok: true };
    ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(500);
    expect(ch.sent).toHaveLength(0);
    await clock.advance(10_000);
    expect(ch.to('c1')).toHaveLength(1);
    const stats = ann.outbox.stats(1);
    expect(stats.sent).toBe(1);
    expect(stats.failed).toEqual({ network: 1 });
  });

  it('sends a final report with delivered, failed by reason and skipped by window or quota', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), { progressIntervalMs: 1000 });
    subscribeMany(ann, 6);
    ch.responder = (id) =>
      id === 'c2'
        ? { ok: false, kind: 'window_closed', description: '-230' }
        : id === 'c3'
          ? { ok: false, kind: 'quota', description: '-211' }
          : id === 'c4'
            ? { ok: false, kind: 'unreachable', description: 'chat not found' }
            : { ok: true };
    ann.create({
      title: 'Báo cáo',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'now' },
      notify: { channel: 'telegram', chatId: 'staff1' },
    });
    ann.start();
    await clock.advance(3000);
    const toStaff = ch.to('staff1');
    const final = toStaff.at(-1)!;
    expect(final.title).toContain('Đã gửi xong');
    const text = JSON.stringify(final);
    expect(text).toContain('Đã gửi tới 3/6');
    expect(text).toContain('chờ người dân nhắn tin (quá 7 ngày chưa nhắn): 1');
    expect(text).toContain('hết hạn mức tin của kênh: 1');
    expect(text).toContain('không còn liên lạc được: 1');
  });

  it('edits one progress message in place while a large broadcast runs', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), {
      progressIntervalMs: 2000,
      policies: { telegram: { rate: 10, burst: 1 } },
    });
    subscribeMany(ann, 200);
    ann.create({
      title: 'Lớn',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'now' },
      notify: { channel: 'telegram', chatId: 'staff1' },
    });
    ann.start();
    await clock.advance(3000);
    const first = ch.to('staff1');
    expect(first).toHaveLength(1);
    expect(first[0]!.title).toContain('Đang gửi');
    await clock.advance(4000);
    expect(ch.edits.length).toBeGreaterThanOrEqual(1);
    expect(ch.edits.every((e) => e.chatId === 'staff1' && e.messageId === ch.edits[0]!.messageId)).toBe(true);
    expect(ch.to('staff1')).toHaveLength(1);
    await clock.advance(20_000);
    expect(ch.sent.filter((s) => s.chatId.startsWith('c'))).toHaveLength(200);
    expect(ch.to('staff1').at(-1)!.title).toContain('Đã gửi xong');
  });

  it('keeps to the channel rate: 10 messages per second overall', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), { policies: { telegram: { rate: 10, burst: 1 } } });
    subscribeMany(ann, 30);
    ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(1500);
    expect(ch.sent.length).toBeGreaterThanOrEqual(10);
    expect(ch.sent.length).toBeLessThanOrEqual(17);
    await clock.advance(3000);
    expect(ch.sent).toHaveLength(30);
  });

  it('defers promotional Zalo OA messages sent at night until the morning', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 23), {}, ['zalo-oa']);
    subscribeMany(ann, 2, 'zalo-oa');
    ann.create({ title: 'KM', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' }, promotional: true });
    ann.create({ title: 'Khẩn', body: 'y', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(5000);
    expect(titles(ch, 'c1')).toEqual(['Khẩn']);
    clock.t = vn(2026, 12, 2, 7, 59);
    await clock.advance(120_000);
    expect(titles(ch, 'c1')).toEqual(['Khẩn', 'KM']);
    const km = ch.sent.find((s) => s.reply.title === '📢 KM')!;
    expect(km.at).toBeGreaterThanOrEqual(vn(2026, 12, 2, 8));
    expect(km.opts).toEqual({ purpose: 'announcement', promotional: true });
    expect(ch.sent.find((s) => s.reply.title === '📢 Khẩn')!.opts).toEqual({
      purpose: 'announcement',
      promotional: false,
    });
  });

  it('sends to a topic and to chosen groups only', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9));
    ann.subscriptions.subscribe('telegram', 'a', false, ['thon:thon-dong']);
    ann.subscriptions.subscribe('telegram', 'b', false);
    ann.subscriptions.subscribe('telegram', '-100g', true);
    ann.create({
      title: 'Thôn',
      body: 'x',
      audience: { kind: 'topic', topic: 'thon:thon-dong' },
      schedule: { kind: 'now' },
    });
    ann.create({
      title: 'Nhóm',
      body: 'x',
      audience: { kind: 'chats', chats: [{ channel: 'telegram', chatId: '-100g' }] },
      schedule: { kind: 'now' },
    });
    ann.start();
    await clock.advance(2000);
    expect(titles(ch, 'a')).toEqual(['Thôn']);
    expect(titles(ch, 'b')).toEqual([]);
    expect(titles(ch, '-100g')).toEqual(['Nhóm']);
  });

  it('keeps to 20 messages per minute into one group without holding back private chats', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), {
      policies: { telegram: { rate: 1000, burst: 100, groupPerMinute: 20 } },
    });
    ann.subscriptions.subscribe('telegram', '-100g', true);
    ann.subscriptions.subscribe('telegram', 'p1', false);
    for (let i = 1; i <= 22; i++)
      ann.create({ title: `Tin ${i}`, body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(1000);
    expect(ch.to('-100g')).toHaveLength(20);
    expect(ch.to('p1')).toHaveLength(22);
    await clock.advance(57_000);
    expect(ch.to('-100g')).toHaveLength(20);
    await clock.advance(3000);
    expect(ch.to('-100g')).toHaveLength(22);
  });

  it('cancels the unsent part of a running job', async () => {
    const { clock, ch, ann } = setup(vn(2026, 12, 1, 9), { policies: { telegram: { rate: 1, burst: 1 } } });
    subscribeMany(ann, 10);
    const a = ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
    ann.start();
    await clock.advance(2500);
    const before = ch.sent.length;
    expect(ann.cancel(a.id)).toBe(true);
    await clock.advance(20_000);
    expect(ch.sent.length).toBeLessThanOrEqual(before + 1);
    const s = ann.outbox.stats(ann.outbox.jobsOf(a.id)[0]!.id);
    expect(s.cancelled + s.sent).toBe(10);
    expect(s.cancelled).toBeGreaterThan(5);
  });
});
