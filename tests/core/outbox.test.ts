/**
 * The reply outbox: what a restart resumes (parts left, in order, once), and
 * what it leaves alone (replies sent whole, too old, or of the running process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { REPLY_LEASE_MS, ReplyOutbox, type PartSender } from '../../src/channels/shared/outbox.js';
import { sendChunks } from '../../src/channels/shared/turn.js';
import type { Reply } from '../../src/core/types.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { thisWorker, workerIdentity } from '../../src/storage/workers.js';

/** This process before a restart: the same host and pid, another start. */
const earlier = workerIdentity(thisWorker().host, process.pid, 1);

let dir: string;
let path: string;
const open: Db[] = [];
const db = (): Db => {
  const d = openDatabase(path, ALL_MIGRATIONS);
  open.push(d);
  return d;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-unit-'));
  path = join(dir, 'db.sqlite');
});
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

const reply = (text: string): Reply => ({ kind: 'info', sections: [{ text }] });

function recorder(): { calls: { chatId: string; text: string; skip: number }[]; send: PartSender } {
  const calls: { chatId: string; text: string; skip: number }[] = [];
  return {
    calls,
    send: async (chatId, r, parts) => {
      calls.push({ chatId, text: r.sections[0]!.text!, skip: parts.skip });
      return sendChunks(['a', 'b', 'c'], async () => ({ ok: true }), parts);
    },
  };
}

describe('reply outbox', () => {
  it('resumes each unfinished reply from its first unsent part, oldest first, once', async () => {
    const first = new ReplyOutbox(db(), 'zalo-bot', Date.now, earlier);
    const [a, b] = first.open('chat-1', [reply('A'), reply('B')]);
    const [c] = first.open('chat-2', [reply('C')]);
    first.progress(a!).sent(0);
    first.progress(a!).sent(1);
    first.close(c!);
    expect(b).toBeGreaterThan(a!);

    const again = new ReplyOutbox(db(), 'zalo-bot');
    const other = new ReplyOutbox(db(), 'telegram');
    const r = recorder();
    expect(await other.resume(r.send, silentLogger)).toBe(0);
    expect(await again.resume(r.send, silentLogger)).toBe(2);
    expect(r.calls).toEqual([
      { chatId: 'chat-1', text: 'A', skip: 2 },
      { chatId: 'chat-1', text: 'B', skip: 0 },
    ]);
    expect(await new ReplyOutbox(db(), 'zalo-bot').resume(r.send, silentLogger)).toBe(0);
    expect(r.calls).toHaveLength(2);
  });

  it('drops replies older than the limit and never resumes its own process’s replies', async () => {
    let now = 1_000_000_000;
    const old = new ReplyOutbox(db(), 'zalo-oa', () => now);
    old.open('chat-1', [reply('old')]);
    now += 2 * 60 * 60 * 1000;
    const current = new ReplyOutbox(db(), 'zalo-oa', () => now);
    current.open('chat-1', [reply('in flight')]);
    const r = recorder();
    expect(await current.resume(r.send, silentLogger)).toBe(0);
    expect(r.calls).toEqual([]);
    const count = db().prepare("SELECT count(*) AS n FROM reply_outbox WHERE channel = 'zalo-oa'").get() as {
      n: number;
    };
    expect(count.n).toBe(1);
  });

  it('leaves the replies of another running process alone, and takes over another host’s only when stale', async () => {
    let now = 1_000_000_000;
    // The parent process (vitest) runs on this host: its replies are its own to finish.
    const live = new ReplyOutbox(db(), 'zalo-bot', () => now, workerIdentity(thisWorker().host, process.ppid, 1));
    live.open('chat-1', [reply('live')]);
    const remote = new ReplyOutbox(db(), 'zalo-bot', () => now, workerIdentity('other-host', 4242, 1));
    remote.open('chat-2', [reply('remote')]);
    const r = recorder();
    expect(await new ReplyOutbox(db(), 'zalo-bot', () => now).resume(r.send, silentLogger)).toBe(0);
    now += REPLY_LEASE_MS + 1;
    expect(await new ReplyOutbox(db(), 'zalo-bot', () => now).resume(r.send, silentLogger)).toBe(1);
    expect(r.calls.map((c) => c.text)).toEqual(['remote']);
  });

  it('keeps sweeping for what another process that stopped left, until stopped', async () => {
    const running = new ReplyOutbox(db(), 'zalo-bot');
    const r = recorder();
    expect(await running.resume(r.send, silentLogger, undefined, 50)).toBe(0);
    // Another process of this host records a reply, then dies before sending it.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    new ReplyOutbox(db(), 'zalo-bot', Date.now, workerIdentity(thisWorker().host, deadPid, 1)).open('chat-9', [
      reply('left'),
    ]);
    await new Promise((ok) => setTimeout(ok, 200));
    running.stop();
    expect(r.calls).toEqual([{ chatId: 'chat-9', text: 'left', skip: 0 }]);
    expect((db().prepare('SELECT count(*) AS n FROM reply_outbox').get() as { n: number }).n).toBe(0);
  });

  it('stops resuming a chat after a failed send, and forgets its replies', async () => {
    const first = new ReplyOutbox(db(), 'zalo-bot', Date.now, earlier);
    first.open('chat-1', [reply('A'), reply('B')]);
    const calls: string[] = [];
    const again = new ReplyOutbox(db(), 'zalo-bot');
    await again.resume(async (_c, r) => {
      calls.push(r.sections[0]!.text!);
      return { ok: false, kind: 'blocked', description: 'x' };
    }, silentLogger);
    expect(calls).toEqual(['A']);
    expect((db().prepare('SELECT count(*) AS n FROM reply_outbox').get() as { n: number }).n).toBe(0);
  });
});
