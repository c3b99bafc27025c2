/**
 * The command registry over the whole app: help per role, one refusal
 * (audited) for every part, /lenh lists /thongbao, and votes go through the core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentAudit } from '../../src/admin/audit.js';
import { allowed, helpLine, refusalReply } from '../../src/core/commands/index.js';
import type { Role } from '../../src/core/assistant.js';
import type { Reply } from '../../src/core/types.js';
import { recordQuestion } from '../../src/storage/core.js';
import { makeTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({
    ADMIN_WEB_ENABLED: 'true',
    ADMIN_IDS: 'telegram:admin1',
    STAFF_IDS: 'telegram:staff1',
    APPROVER_IDS: 'telegram:appr1',
  });
});
afterAll(() => t.close());

const USER: Record<Role, string> = { resident: 'res1', staff: 'staff1', approver: 'appr1', admin: 'admin1' };
const items = (replies: Reply[]) => replies.flatMap((r) => r.sections.flatMap((s) => s.items ?? []));

describe('help generated from the command registry', () => {
  it('lists every command each role can use, in /help or /lenh', async () => {
    const registry = t.app.assistant.commands;
    for (const role of ['resident', 'staff', 'approver', 'admin'] as const) {
      const help = items(await t.say('telegram', USER[role], '/help'));
      const lenh = role === 'resident' ? [] : items(await t.say('telegram', USER[role], '/lenh'));
      for (const c of registry.list()) {
        if (c.listIn?.length === 0) continue; // reached through buttons only
        const shown = [...help, ...lenh];
        if (allowed(role, c.role)) expect(shown, `${role} /${c.name}`).toContain(helpLine(c));
        else expect(shown, `${role} /${c.name}`).not.toContain(helpLine(c));
      }
    }
  });

  it('puts /gopy, /dangky and /huy in /help, and /thongbao and /dangnhap in /lenh', async () => {
    const help = items(await t.say('telegram', 'res1', '/help')).join('\n');
    for (const name of ['/thutuc', '/hotline', '/tintuc', '/gopy', '/dangky', '/huy', '/help'])
      expect(help).toContain(name);
    expect(help).not.toContain('/thongbao');
    const lenh = items(await t.say('telegram', 'staff1', '/lenh')).join('\n');
    for (const name of ['/thongbao', '/dangnhap', '/xemphananh', '/nhan <số>', '/hangdoi', '/ketthuc'])
      expect(lenh).toContain(name);
    expect(lenh).not.toContain('/capnhat');
    expect(items(await t.say('telegram', 'admin1', '/lenh')).join('\n')).toContain('/capnhat');
  });

  it('answers a typed "help" with the same generated help', async () => {
    expect(await t.say('telegram', 'res1', 'help')).toEqual(await t.say('telegram', 'res1', '/help'));
  });
});

describe('one refusal for every part, always audited', () => {
  it('refuses staff commands of every part with the same reply, and audits each (ten /thongbao included)', async () => {
    const before = recentAudit(t.app.db, 10_000).filter((e) => e.outcome === 'refused').length;
    const tries = ['/capnhat', '/xemphananh', '/lenh', '/dangnhap', '/nhan 1', '/hangdoi'];
    const thongbao = [
      '',
      ' moi',
      ' ds',
      ' xem 1',
      ' sua 1',
      ' doigio 1 8:00',
      ' huy 1',
      ' tiendo 1',
      ' guilai 1',
      ' chon 1',
    ];
    for (const text of [...tries, ...thongbao.map((s) => `/thongbao${s}`)]) {
      expect(await t.say('telegram', 'res1', text), text).toEqual([refusalReply()]);
    }
    const refused = recentAudit(t.app.db, 10_000).filter((e) => e.outcome === 'refused');
    expect(refused.length - before).toBe(tries.length + thongbao.length);
    expect(refused.filter((e) => e.action === 'thongbao')).toHaveLength(10);
    expect(refused.every((e) => e.role === 'resident' && !JSON.stringify(e).includes('res1'))).toBe(true);
  });

  it('audits a staff member running /thongbao', async () => {
    await t.say('telegram', 'staff1', '/thongbao ds');
    expect(recentAudit(t.app.db, 1)[0]).toMatchObject({ action: 'thongbao ds', role: 'staff', outcome: 'ok' });
  });
});

describe('answer votes through the core', () => {
  it('records a vote once per person, and only the asker when asked to', () => {
    const a = t.app.assistant;
    const questionId = recordQuestion(a.db, {
      channel: 'web',
      userHash: a.hashUser('web', 'visitor1'),
      normalized: 'khai sinh',
      bestId: 'khai-sinh',
      score: 1,
      decision: 'answer',
      answered: true,
      latencyMs: 1,
      ts: a.now(),
    });
    const vote = { channel: 'web' as const, questionId, helpful: true, onlyAsker: true };
    expect(a.recordFeedback({ ...vote, userId: 'someone-else' })).toBe('refused');
    expect(a.recordFeedback({ ...vote, userId: 'visitor1' })).toBe('recorded');
    expect(a.recordFeedback({ ...vote, userId: 'visitor1', helpful: false })).toBe('repeated');
    expect(a.recordFeedback({ channel: 'telegram', userId: '42', questionId, helpful: false })).toBe('recorded');
    expect(a.recordFeedback({ channel: 'telegram', userId: '42', questionId: 999_999, helpful: true })).toBe('refused');
    const rows = a.db
      .prepare('SELECT helpful FROM answer_feedback WHERE question_id = ? ORDER BY rowid')
      .all(questionId);
    expect(rows).toEqual([{ helpful: 1 }, { helpful: 0 }]);
  });
});
