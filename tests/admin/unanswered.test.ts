import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unansweredReport } from '../../src/admin/unanswered.js';
import { recordQuestion } from '../../src/storage/core.js';
import { makeTestApp, replyText, type TestApp } from './helpers.js';

const env = { ADMIN_IDS: 'telegram:admin1' };
const DAY = 86_400_000;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function q(
  t: TestApp,
  normalized: string,
  daysAgo: number,
  o: { user?: string; best?: string | null; decision?: string; answered?: boolean; score?: number } = {},
) {
  recordQuestion(t.app.db, {
    channel: 'telegram',
    userHash: o.user ?? 'u1',
    normalized,
    bestId: o.best ?? null,
    score: o.score ?? null,
    decision: o.decision ?? 'no-match',
    answered: o.answered ?? false,
    latencyMs: 1,
    ts: t.clock.now - daysAgo * DAY,
  });
}

describe('unanswered questions report', () => {
  it('groups unanswered and suggestion-only questions by normalised text, most frequent first, over 7 or 30 days', async () => {
    t = await makeTestApp(env);
    for (const [u, d] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ] as const)
      q(t, 'xin trich luc khai sinh', d, { user: u, best: 'khai-sinh', decision: 'suggest', score: 0.3 });
    q(t, 'xin trich luc khai sinh', 2, { user: 'd', best: 'ket-hon', decision: 'suggest', score: 0.25 });
    q(t, 'gia vang hom nay', 1, { decision: 'off-topic' });
    q(t, 'gia vang hom nay', 2, { decision: 'off-topic' });
    q(t, 'cap lai so do', 10, { best: 'ket-hon', decision: 'low-confidence', score: 0.1 });
    q(t, 'cap lai so do', 12, { best: 'ket-hon', decision: 'low-confidence', score: 0.15 });
    q(t, 'cap lai so do', 20, { best: 'ket-hon', decision: 'low-confidence', score: 0.12 });
    q(t, 'lam giay khai sinh', 1, { best: 'khai-sinh', decision: 'answer', answered: true, score: 0.9 }); // answered: never listed
    q(t, '', 1, { decision: 'empty' });
    q(t, 'rat cu', 40, {});

    const week = unansweredReport(t.app.db, { days: 7, now: t.clock.now });
    expect(week.map((g) => [g.normalized, g.count, g.people, g.bestId, g.decision])).toEqual([
      ['xin trich luc khai sinh', 5, 4, 'khai-sinh', 'suggest'],
      ['gia vang hom nay', 2, 1, null, 'off-topic'],
    ]);
    const month = unansweredReport(t.app.db, { days: 30, now: t.clock.now });
    expect(month.map((g) => [g.normalized, g.count])).toEqual([
      ['xin trich luc khai sinh', 5],
      ['cap lai so do', 3],
      ['gia vang hom nay', 2],
    ]);
    expect(month[1]!.bestScore).toBe(0.15);
  });

  it('records real unanswered questions through the assistant and adds an alias in one step from the chat report', async () => {
    t = await makeTestApp(env, { now: Date.now() }); // the core question log stamps rows with the real clock
    for (const u of ['u1', 'u2', 'u3']) await t.say('zalo-oa', u, 'thủ tục khai sinh trích lục bản sao thế nào');
    await t.say('zalo-oa', 'u4', 'làm giấy khai sinh cho con cần gì');
    const rows = t.app.db.prepare('SELECT normalized, answered, best_id FROM questions ORDER BY id').all() as {
      normalized: string;
      answered: number;
      best_id: string | null;
    }[];
    expect(rows).toHaveLength(4);
    const unanswered = rows.filter((r) => r.answered === 0);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(rows[3]!).toMatchObject({ answered: 1, best_id: 'khai-sinh' });
    const report = await t.say('telegram', 'admin1', '/chuatraloi 7');
    const text = replyText(report[0]!);
    for (const r of unanswered) expect(text).toContain(`"${r.normalized}"`);
    expect(text).not.toContain(`"${rows[3]!.normalized}"`);

    // One step: an alias button on a group of the report (here: a group we seed with a known target).
    q(t, 'xin ban sao giay khai sinh', 1, { best: 'khai-sinh', decision: 'suggest', score: 0.3 });
    q(t, 'xin ban sao giay khai sinh', 1, { user: 'u9', best: 'khai-sinh', decision: 'suggest', score: 0.3 });
    const again = await t.say('telegram', 'admin1', '/chuatraloi');
    const button = again[0]!.buttons!.find((b) => b.payload.includes('xin ban sao giay khai sinh'))!;
    expect(button.payload).toBe('/themtukhoa khai-sinh xin ban sao giay khai sinh');
    const added = await t.say('telegram', 'admin1', button.payload, { fromButton: true });
    expect(replyText(added[0]!)).toContain('Đã thêm từ khoá');

    // The YAML file keeps its comments and gains the alias; the knowledge is live.
    const yaml = readFileSync(join(t.dir, 'procedures/ho-tich.yaml'), 'utf8');
    expect(yaml).toContain('# Hộ tịch (bản rút gọn cho kiểm thử). Giữ nguyên chú thích này khi thêm alias.');
    expect(yaml).toContain('# cách người dân hay hỏi');
    expect(yaml).toMatch(/- làm giấy khai sinh cho con\n\s+- xin ban sao giay khai sinh\n/);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.aliases).toContain('xin ban sao giay khai sinh');
    const asked = await t.say('zalo-oa', 'u5', 'xin bản sao giấy khai sinh');
    expect(asked[0]!.entryId).toBe('khai-sinh');

    // The same alias twice, an unknown entry, and an entry without aliases.
    let r = await t.say('telegram', 'admin1', button.payload);
    expect(replyText(r[0]!)).toContain('đã có ở mục khai-sinh');
    r = await t.say('telegram', 'admin1', '/themtukhoa khong-co-muc xin giay phep');
    expect(replyText(r[0]!)).toContain('Không có mục nào có mã "khong-co-muc"');
    r = await t.say('telegram', 'admin1', '/themtukhoa ket-hon dang ky ket hon o dau');
    expect(replyText(r[0]!)).toContain('Đã thêm từ khoá');
    expect(t.app.knowledge.kb.byId.get('ket-hon')!.aliases).toEqual(['dang ky ket hon o dau']);
    r = await t.say('telegram', 'admin1', '/themtukhoa');
    expect(r[0]!.kind).toBe('error');
  });

  it('rejects an alias when the knowledge would not reload, and puts the file back', async () => {
    t = await makeTestApp(env);
    const { writeFileSync } = await import('node:fs');
    const other = join(t.dir, 'entries.yaml');
    const before = readFileSync(join(t.dir, 'procedures/ho-tich.yaml'), 'utf8');
    // Another file is broken: the alias cannot be validated together with it.
    writeFileSync(other, readFileSync(other, 'utf8').replace('hours: Giờ hành chính', 'hours: ""'));
    const r = await t.say('telegram', 'admin1', '/themtukhoa khai-sinh giay khai sinh ban chinh');
    expect(replyText(r[0]!)).toMatch(/Chưa thêm được: .*entries\.yaml:\d+: hotlines\[0\]\.hours/s);
    expect(readFileSync(join(t.dir, 'procedures/ho-tich.yaml'), 'utf8')).toBe(before);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.aliases).not.toContain('giay khai sinh ban chinh');
  });
});

describe('npm run unanswered', () => {
  it('prints the groups with the command that adds each as an alias', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { openDatabase } = await import('../../src/storage/db.js');
    const { ALL_MIGRATIONS } = await import('../../src/app/migrations.js');
    const dir = mkdtempSync(join(tmpdir(), 'unanswered-cli-'));
    try {
      const dbPath = join(dir, 'x.db');
      const db = openDatabase(dbPath, ALL_MIGRATIONS);
      const now = Date.now();
      for (const [u, d] of [
        ['a', 1],
        ['b', 2],
        ['c', 20],
      ] as const) {
        recordQuestion(db, {
          channel: 'zalo-oa',
          userHash: u,
          normalized: 'xin trich luc khai sinh',
          bestId: 'khai-sinh',
          score: 0.3,
          decision: 'suggest',
          answered: false,
          latencyMs: 1,
          ts: now - d * DAY,
        });
      }
      db.close();
      const env = { ...process.env, DATABASE_PATH: dbPath, LOG_LEVEL: 'silent' };
      const week = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/unanswered.ts', '--days', '7'], {
        env,
        encoding: 'utf8',
      });
      expect(week.status).toBe(0);
      expect(week.stdout).toContain('2× (2 người) [chỉ gợi ý] xin trich luc khai sinh');
      expect(week.stdout).toContain('thêm từ khoá: /themtukhoa khai-sinh xin trich luc khai sinh');
      const month = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/unanswered.ts', '--days', '30'], {
        env,
        encoding: 'utf8',
      });
      expect(month.stdout).toContain('3× (3 người)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
