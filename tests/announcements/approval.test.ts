/**
 * The approval rule and the engine's approval states, without a channel's
 * wire format: which announcements need approval (ANNOUNCE_APPROVAL), that
 * nothing waiting or returned is ever run by the scheduler (even when its
 * time has come) or resent, who may approve, when an approved one runs, that
 * an edit sends an approved one back, and that declared announcements follow
 * the same rule. The end-to-end flow through Telegram is approval-telegram.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { needsApproval, type ApprovalSubject } from '../../src/announcements/approval.js';
import { readDeclared, syncDeclared } from '../../src/announcements/declared.js';
import { parseApprovalRule } from '../../src/config/approval.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { renderPlainText as replyText } from '../../src/core/render-text.js';
import { engine, FakeChannel, KB_DIR, ManualClock, titles, vn } from './helpers.js';

const NOW = { kind: 'now' } as const;
const subject = (audience: ApprovalSubject['audience'], o: Partial<ApprovalSubject> = {}): ApprovalSubject => ({
  audience,
  schedule: NOW,
  promotional: false,
  ...o,
});

describe('ANNOUNCE_APPROVAL', () => {
  it('defaults to all subscribers and OA articles, reads lists, and refuses unknown items or always/never mixed with others', () => {
    expect(parseConfig({}).ANNOUNCE_APPROVAL).toEqual(['all', 'oa-article']);
    expect(parseConfig({ ANNOUNCE_APPROVAL: 'never' }).ANNOUNCE_APPROVAL).toEqual([]);
    expect(parseApprovalRule(' All, topic:cchc ,recurring,all ')).toEqual({
      ok: true,
      rule: ['all', 'topic:cchc', 'recurring'],
    });
    expect(parseApprovalRule('always, all').ok).toBe(false);
    expect(() => parseConfig({ ANNOUNCE_APPROVAL: 'moi nguoi' })).toThrow(ConfigError);
    try {
      parseConfig({ ANNOUNCE_APPROVAL: 'topic:cchc,tat-ca' });
    } catch (err) {
      expect((err as ConfigError).problems[0]).toMatchObject({ name: 'ANNOUNCE_APPROVAL' });
      expect((err as ConfigError).problems[0]!.message).toContain('"tat-ca" chưa đúng');
    }
  });

  it('matches audiences and kinds', () => {
    const all = subject({ kind: 'all' });
    const cchc = subject({ kind: 'topic', topic: 'cchc' });
    const village = subject({ kind: 'topic', topic: 'thon:thon-dong' });
    const groups = subject({ kind: 'chats', chats: [{ channel: 'telegram', chatId: '-1' }] });
    const article = subject({ kind: 'oa_article', articleId: 'abc' });
    const cron = subject({ kind: 'topic', topic: 'chung' }, { schedule: { kind: 'cron', cron: '0 8 1 * *' } });
    const promo = subject({ kind: 'topic', topic: 'chung' }, { promotional: true });
    const table: [string, ApprovalSubject, boolean][] = [
      ['all', all, true],
      ['all', cchc, false],
      ['all', village, false],
      ['topic:cchc', cchc, true],
      ['topic:cchc', all, false],
      ['village', village, true],
      ['village:thon-dong', village, true],
      ['village:thon-tay', village, false],
      ['groups', groups, true],
      ['oa-article', article, true],
      ['recurring', cron, true],
      ['recurring', promo, false],
      ['promo', promo, true],
      ['always', cchc, true],
      ['never', all, false],
    ];
    for (const [raw, s, want] of table) {
      const r = parseApprovalRule(raw);
      if (!r.ok) throw new Error(r.error);
      expect(needsApproval(r.rule, s), `${raw} ${JSON.stringify(s.audience)}`).toBe(want);
    }
  });
});

describe('the engine with approval', () => {
  const AUTHOR = 'telegram:author';
  const LEAD = { key: 'telegram:lead', role: 'approver' as const };
  const LEAD2 = { key: 'telegram:lead2', role: 'approver' as const };

  it('never runs one that waits, even when due; approval schedules it, and only then is it sent', async () => {
    const clock = new ManualClock(vn(2026, 12, 1, 9));
    const tg = new FakeChannel('telegram', clock);
    const { ann } = engine(clock, [tg], { approval: ['all'] });
    ann.subscriptions.subscribe('telegram', 'r1', false);
    ann.start();
    const a = ann.create({ title: 'Họp dân', body: 'x', audience: { kind: 'all' }, schedule: NOW, createdBy: AUTHOR });
    const b = ann.create({ title: 'Tin CCHC', body: 'y', audience: { kind: 'topic', topic: 'cchc' }, schedule: NOW });
    expect(a.status).toBe('pending_approval');
    expect(b.status).toBe('scheduled'); // the rule names "all" only
    await clock.advance(5000);
    expect(ann.scheduler.tick().started).toEqual([]);
    expect(ann.outbox.jobsOf(a.id)).toEqual([]);
    expect(ann.runNow(a.id)).toBe(false); // "gửi lại" does not go around it
    expect(ann.approve(a.id, { key: AUTHOR, role: 'admin' })).toMatchObject({ ok: false, reason: 'self' });
    expect(ann.approve(a.id, { key: 'telegram:staff', role: 'staff' })).toMatchObject({
      ok: false,
      reason: 'not_approver',
    });
    expect(ann.returnForChanges(a.id, LEAD, '   ')).toMatchObject({ ok: false, reason: 'no_comment' });
    expect(titles(tg, 'r1')).toEqual(['Tin CCHC']); // the one that needs no approval went out
    const ok = ann.approve(a.id, LEAD);
    expect(ok).toMatchObject({
      ok: true,
      late: false,
      announcement: { status: 'scheduled', review: { reviewedBy: LEAD.key } },
    });
    expect(ann.approve(a.id, LEAD2)).toMatchObject({ ok: false, reason: 'not_pending' });
    await clock.advance(5000);
    expect(titles(tg, 'r1')).toEqual(['Tin CCHC', 'Họp dân']);
    await ann.stop();
  });

  it('sends at once an approved one whose time passed while it waited, and a recurring one at its next run', () => {
    const clock = new ManualClock(vn(2026, 12, 1, 9));
    const { ann } = engine(clock, [], { approval: ['always'] });
    const at = ann.create({
      title: 'T',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'at', at: vn(2026, 12, 1, 10) },
    });
    const cron = ann.create({
      title: 'C',
      body: 'x',
      audience: { kind: 'all' },
      schedule: { kind: 'cron', cron: '0 8 * * *' },
    });
    clock.t = vn(2026, 12, 2, 9);
    expect(ann.approve(at.id, LEAD)).toMatchObject({ ok: true, late: true, announcement: { nextRunAt: clock.t } });
    expect(ann.approve(cron.id, LEAD)).toMatchObject({
      ok: true,
      late: false,
      announcement: { nextRunAt: vn(2026, 12, 3, 8) },
    });
  });

  it('sends an approved one back for approval when it is edited, clears the review, and the editor cannot approve it', () => {
    const clock = new ManualClock(vn(2026, 12, 1, 9));
    const { ann } = engine(clock, [], { approval: ['all'] });
    const at = { kind: 'at', at: vn(2026, 12, 5, 8) } as const;
    const a = ann.create({ title: 'T', body: 'x', audience: { kind: 'all' }, schedule: at, createdBy: AUTHOR });
    expect(ann.approve(a.id, LEAD).ok).toBe(true);
    expect(ann.edit(a.id, { schedule: { kind: 'at', at: vn(2026, 12, 6, 8) } }, LEAD.key)).toBe(true);
    expect(ann.store.get(a.id)).toMatchObject({
      status: 'pending_approval',
      review: { createdBy: AUTHOR, submittedBy: LEAD.key, reviewedBy: null, comment: null },
    });
    expect(ann.store.due(vn(2027, 1, 1, 0))).toEqual([]);
    expect(ann.approve(a.id, LEAD)).toMatchObject({ ok: false, reason: 'self' });
    expect(ann.returnForChanges(a.id, LEAD2, 'Ghi rõ địa điểm.').ok).toBe(true);
    expect(ann.store.get(a.id)).toMatchObject({ status: 'returned', review: { comment: 'Ghi rõ địa điểm.' } });
    expect(ann.store.list().map((x) => x.id)).toContain(a.id); // still listed as open
    // Edited to a topic the rule leaves out: scheduled without approval.
    expect(ann.edit(a.id, { audience: { kind: 'topic', topic: 'cchc' } }, AUTHOR)).toBe(true);
    expect(ann.store.get(a.id)!.status).toBe('scheduled');
    expect(ann.cancel(a.id)).toBe(true);
    expect(ann.edit(a.id, { body: 'y' }, AUTHOR)).toBe(false);
  });

  it('holds declared announcements by the same rule, and again after the file changes', () => {
    const clock = new ManualClock(vn(2026, 11, 22, 10));
    const { ann, kb } = engine(clock, [], { approval: ['topic:cchc'] });
    const decl = readDeclared(KB_DIR);
    syncDeclared(ann, decl, kb.kb, silentLogger);
    const a = ann.store.getByKey('nhac-dich-vu-cong')!;
    expect(a).toMatchObject({ status: 'pending_approval', review: { createdBy: null } });
    expect(ann.approve(a.id, LEAD).ok).toBe(true);
    expect(syncDeclared(ann, decl, kb.kb, silentLogger).updated).toEqual([]); // unchanged: stays approved
    expect(ann.store.get(a.id)!.status).toBe('scheduled');
    const changed = decl.map((x) => ({ ...x, text: 'Nội dung mới' }));
    expect(syncDeclared(ann, changed, kb.kb, silentLogger).updated).toEqual(['nhac-dich-vu-cong']);
    expect(ann.store.get(a.id)).toMatchObject({ status: 'pending_approval', body: 'Nội dung mới' });
  });
});

describe('telling approvers', () => {
  it('tells the staff chat once of each announcement waiting, also one created by another process (the CLI), again after an edit, and the author of the decision', async () => {
    const clock = new ManualClock(vn(2026, 12, 1, 9));
    const tg = new FakeChannel('telegram', clock);
    const staffChats = [{ channel: 'telegram' as const, chatId: '-100900' }];
    const approvers = () => [{ channel: 'telegram', userId: 'lead', role: 'approver' as const }];
    const { ann, db } = engine(clock, [tg], { approval: ['all'], staffChats, approvers });
    ann.start();
    const a = ann.create({
      title: 'Họp dân',
      body: 'x',
      audience: { kind: 'all' },
      schedule: NOW,
      createdBy: 'telegram:a',
      notify: { channel: 'telegram', chatId: 'author-chat' },
    });
    // The CLI: its own engine on the same database, not running, with no channels.
    const cli = engine(clock, [], { db, approval: ['all'] }).ann;
    const b = cli.create({
      title: 'Tiêm phòng',
      body: 'y',
      audience: { kind: 'all' },
      schedule: NOW,
      createdBy: 'cli',
    });
    await clock.advance(3000);
    const told = () => tg.to('-100900').map((r) => r.title);
    expect(told()).toEqual([`Thông báo #${a.id} chờ duyệt`, `Thông báo #${b.id} chờ duyệt`]);
    expect(tg.to('-100900')[0]!.buttons).toEqual([{ label: 'Xem và duyệt', payload: `/duyet ${a.id}` }]);
    expect(replyText(tg.to('-100900')[0]!)).toContain('Người duyệt được: telegram:lead (người duyệt).');
    await clock.advance(3000);
    expect(told()).toHaveLength(2); // once each
    await clock.advance(60_000);
    cli.edit(b.id, { body: 'z' }, 'cli');
    await clock.advance(3000);
    expect(told().at(-1)).toBe(`Thông báo #${b.id} chờ duyệt (đã sửa, cần duyệt lại)`);
    expect(told()).toHaveLength(3);
    // A decision made on the command line reaches the author's chat through the running assistant, once.
    expect(cli.returnForChanges(a.id, { key: 'telegram:lead', role: 'approver' }, 'Ghi rõ giờ họp.').ok).toBe(true);
    await clock.advance(3000);
    await clock.advance(3000);
    expect(tg.to('author-chat').map((r) => r.title)).toEqual([`Thông báo #${a.id} được trả lại để sửa`]);
    expect(replyText(tg.to('author-chat')[0]!)).toContain('Ghi rõ giờ họp.');
    await ann.stop();
  });
});
