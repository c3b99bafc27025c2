import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { Announcements } from '../../src/announcements/service.js';
import { silentLogger } from '../../src/log/index.js';
import { openDatabase } from '../../src/storage/db.js';
import { KB_DIR } from './helpers.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/announce.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: db, KNOWLEDGE_DIR: KB_DIR, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

it('the staff CLI composes with a preview, lists, refuses bad input and draws a progress bar', () => {
  dir = mkdtempSync(join(tmpdir(), 'ann-cli-'));
  const db = join(dir, 'a.db');
  const c = cli(
    db,
    'compose',
    '--text',
    'Họp dân\nTối thứ Bảy 19h.',
    '--audience',
    'village:thon-dong',
    '--at',
    '08:00 01/12/2099',
    '--yes',
  );
  expect(c.code).toBe(0);
  expect(c.out).toContain('【📢 Họp dân】');
  expect(c.out).toContain('Người nhận: Người nhận tin "Thôn Đông"');
  expect(c.out).toContain('Gửi lúc 08:00 01/12/2099');
  expect(c.out).toMatch(/Đã tạo thông báo #1\./);
  const bad = cli(db, 'compose', '--text', 'x', '--audience', 'village:khong-co', '--now', '--yes');
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('Không có chủ đề/thôn "khong-co"');

  const d = openDatabase(db, ALL_MIGRATIONS);
  const ann = new Announcements({ db: d, log: silentLogger, channels: new Map(), hashUser: () => '' });
  for (let i = 0; i < 4; i++) ann.subscriptions.subscribe('telegram', `c${i}`, false);
  const a = ann.create({ title: 'Đang gửi', body: 'x', audience: { kind: 'all' }, schedule: { kind: 'now' } });
  const jobId = ann.outbox.createJob({
    announcementId: a.id,
    runAt: 1,
    content: { kind: 'info', title: 'Đang gửi', sections: [] },
    promotional: false,
    notify: null,
    recipients: ann.subscriptions.recipients({ kind: 'all' }),
    channels: new Set(['telegram']),
  })!;
  for (const r of ann.outbox.claim('telegram', 3)) ann.outbox.markSent(r.id);
  d.close();
  expect(jobId).toBeGreaterThan(0);

  const list = cli(db, 'list');
  expect(list.out).toContain('#1\tscheduled\t08:00 01/12/2099');
  const p = cli(db, 'progress', String(a.id));
  expect(p.code).toBe(0);
  expect(p.out).toContain('[███████████████████████░░░░░░░] 75% 3/4 · đã gửi 3');
}, 30_000);
