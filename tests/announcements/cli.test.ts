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

it('the CLI holds an announcement to all subscribers for approval, names the author with --as, and approves or returns', () => {
  dir = mkdtempSync(join(tmpdir(), 'ann-cli-approval-'));
  const db = join(dir, 'a.db');
  const roles = { ADMIN_IDS: 'telegram:701', STAFF_IDS: 'telegram:501', APPROVER_IDS: 'telegram:601,telegram:602' };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/announce.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: db, KNOWLEDGE_DIR: KB_DIR, LOG_LEVEL: 'silent', ...roles },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const text = ['--text', 'Họp dân\nTối thứ Bảy 19h.', '--audience', 'all', '--at', '08:00 01/12/2099', '--yes'];
  // Needs approval, so the author must be named (the self-approval rule and the audit need them).
  const anonymous = run('compose', ...text);
  expect(anonymous.code).toBe(2);
  expect(anonymous.err).toContain('cần được duyệt');
  expect(run('compose', ...text, '--as', 'telegram:999').err).toContain('không có quyền cán bộ');
  const c = run('compose', ...text, '--as', 'telegram:601');
  expect(c.code).toBe(0);
  expect(c.out).toContain('Chờ duyệt: thông báo #1 chỉ được gửi sau khi được duyệt.');
  expect(c.out).toContain('telegram:602 (người duyệt)');
  expect(run('list').out).toMatch(/#1\tpending_approval/);
  expect(run('pending').out).toContain('#1\tHọp dân');

  const self = run('approve', '1', '--as', 'telegram:601');
  expect(self.code).toBe(1);
  expect(self.err).toContain('không tự duyệt được');
  const staff = run('approve', '1', '--as', 'telegram:501');
  expect(staff.err).toContain('Chỉ người duyệt hoặc quản trị viên');
  expect(run('approve', '1').code).toBe(2); // who approves must be named
  expect(run('resend', '1').out).toContain('Không gửi lại được');
  const ok = run('approve', '1', '--as', 'telegram:602');
  expect(ok.code).toBe(0);
  expect(ok.out).toContain('Đã duyệt thông báo #1.');
  expect(run('list').out).toMatch(/#1\tscheduled/);

  // An edit of the approved one (by the approver who approved it) asks for approval again.
  const edit = run('edit', '1', '--at', '09:00 02/12/2099', '--as', 'telegram:602');
  expect(edit.out).toContain('Chờ duyệt');
  expect(run('approve', '1', '--as', 'telegram:602').err).toContain('không tự duyệt được');
  // 601 wrote it and 602 last edited it: an admin decides, and a return needs its comment.
  expect(run('return', '1', '--as', 'telegram:601', '--comment', 'x').err).toContain('không tự duyệt được');
  expect(run('return', '1', '--as', 'telegram:701').code).toBe(2);
  const back = run('return', '1', '--as', 'telegram:701', '--comment', 'Ghi rõ địa điểm.');
  expect(back.out).toContain('Đã trả lại thông báo #1');
  const shown = run('show', '1').out;
  expect(shown).toContain('Trạng thái: được trả lại để sửa (returned)');
  expect(shown).toContain('Góp ý của người duyệt: Ghi rõ địa điểm.');

  const d = openDatabase(db, ALL_MIGRATIONS);
  const lines = d.prepare('SELECT action, outcome, detail FROM audit_log ORDER BY id').all() as {
    action: string;
    outcome: string;
  }[];
  d.close();
  const actions = lines.map((l) => `${l.action}:${l.outcome}`);
  for (const a of [
    'cli thongbao tao:ok',
    'cli thongbao duyet:failed',
    'cli thongbao duyet:ok',
    'cli thongbao sua:ok',
    'cli thongbao tralai:ok',
  ])
    expect(actions).toContain(a);
  // The user id as a whole number (timestamps may hold the same digits).
  expect(JSON.stringify(lines)).not.toMatch(/(?<![\d.])601(?![\d.])/);
}, 60_000);
