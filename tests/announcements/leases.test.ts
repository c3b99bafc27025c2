/**
 * Claims shared by several processes on one database: each row is claimed
 * by one process at a time; a process that stopped gives its rows back (at
 * once on this host, when the lease ends on another); a final report and a
 * progress update are sent by one process only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { Outbox } from '../../src/announcements/outbox.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { isAbandoned, thisWorker, workerIdentity, type WorkerIdentity } from '../../src/storage/workers.js';

const me = thisWorker();
/** A process of this host that has exited. */
const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
const local = (pid: number) => workerIdentity(me.host, pid, 1);
const remote = workerIdentity('may-chu-khac', 4242, 1);

let dir = '';
const dbs: Db[] = [];
let now = 1_000_000;
const open = (): Db => {
  const d = openDatabase(join(dir, 'a.db'), ALL_MIGRATIONS);
  dbs.push(d);
  return d;
};
const outbox = (worker: WorkerIdentity, leaseMs = 60_000) => new Outbox(open(), () => now, worker, leaseMs);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leases-'));
  now = 1_000_000;
});
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A running job with `n` pending Telegram rows; returns its id. */
function seedJob(o: Outbox, n: number): number {
  const recipients = Array.from({ length: n }, (_, i) => ({
    channel: 'telegram' as const,
    chatId: String(i),
    isGroup: false,
  }));
  return o.createJob({
    announcementId: 1,
    runAt: now,
    content: { kind: 'info', sections: [{ text: 'Thông báo' }] },
    promotional: false,
    notify: null,
    recipients,
    channels: new Set(['telegram']),
  })!;
}

function seedAnnouncement(d: Db): void {
  d.prepare(
    `INSERT INTO ann_announcements (id, title, body, audience, schedule_kind, status, created_at, updated_at)
       VALUES (1, 'T', 'B', '{"kind":"all"}', 'now', 'done', 0, 0)`,
  ).run();
}

describe('who holds a claimed row', () => {
  it('tells a stopped process of this host, never judges a live one, and leaves other hosts to their leases', () => {
    expect(isAbandoned(null, me)).toBe(true);
    expect(isAbandoned(me.id, me)).toBe(false);
    expect(isAbandoned(local(process.ppid).id, me)).toBe(false);
    expect(isAbandoned(local(deadPid!).id, me)).toBe(true);
    // The same pid started again (a restarted container): the earlier start is gone.
    expect(isAbandoned(local(process.pid).id, me)).toBe(true);
    expect(isAbandoned(remote.id, me)).toBe(false);
    expect(isAbandoned(remote.id, me, true)).toBe(true);
    expect(isAbandoned('không phải tên tiến trình', me)).toBe(true);
  });
});

describe('outbox claims shared by processes', () => {
  it('never hands one row to two processes', () => {
    const a = outbox(workerIdentity('may-a', 11, 1));
    const b = outbox(workerIdentity('may-b', 22, 1));
    seedAnnouncement(dbs[0]!);
    seedJob(a, 1000);
    const seen = new Map<number, string>();
    for (let turn = 0; turn < 20; turn++) {
      for (const [o, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        for (const r of o.claim('telegram', 37)) {
          expect(seen.get(r.id), `row ${r.id}`).toBeUndefined();
          seen.set(r.id, name);
        }
      }
    }
    expect(seen.size).toBe(1000);
    expect(new Set(seen.values())).toEqual(new Set(['a', 'b']));
  });

  it('gives back the rows of a stopped process of this host at once, of another host when its lease ends', () => {
    const mine = outbox(me);
    seedAnnouncement(dbs[0]!);
    seedJob(mine, 40);
    const holders = [local(process.ppid), local(deadPid!), remote].map((w) => outbox(w, 10_000));
    for (const h of holders) expect(h.claim('telegram', 10)).toHaveLength(10);
    expect(mine.claim('telegram', 10)).toHaveLength(10);
    // The stopped local process's 10 come back; the live one's, the other host's (lease running) and ours stay.
    expect(mine.recoverAbandoned()).toBe(10);
    now += 9_000;
    holders[2]!.renewLeases();
    now += 9_000;
    expect(mine.recoverAbandoned()).toBe(0);
    now += 1_001;
    expect(mine.recoverAbandoned()).toBe(10);
    // A live local process is never judged by its lease.
    now += 1_000_000;
    expect(mine.recoverAbandoned()).toBe(0);
    expect(mine.claim('telegram', 100)).toHaveLength(20);
  });

  it('lets one process send the final report and each progress update', () => {
    const a = outbox(workerIdentity('may-a', 11, 1));
    const b = outbox(workerIdentity('may-b', 22, 1));
    seedAnnouncement(dbs[0]!);
    const job = seedJob(a, 1);
    expect([a.claimReport(job), b.claimReport(job)]).toEqual([true, false]);
    expect([a.claimProgress(job, null, 5), b.claimProgress(job, null, 5)]).toEqual([true, false]);
    expect(b.claimProgress(job, 5, 10)).toBe(true);
  });
});
