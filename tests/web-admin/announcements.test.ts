/**
 * Thông báo in the staff console: compose, exact preview per channel with
 * the number of recipients, send now to subscribed residents with live
 * progress and the final report, schedule, edit and cancel; staff only,
 * CSRF-checked, audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announcementsOf } from '../../src/announcements/index.js';
import { announcementReply } from '../../src/announcements/render.js';
import { renderChunks } from '../../src/channels/shared/turn.js';
import { renderHtml } from '../../src/channels/telegram/render.js';
import { OA_TEXT_LIMIT } from '../../src/channels/zalo-oa/channel.js';
import { esc } from '../../src/web-admin/layout.js';
import { checkValues, valuesOf } from '../../src/web-admin/pages/announce-form.js';
import { makeTestApp, type TestApp } from '../admin/helpers.js';
import { anonymous, auditActions, signIn, waitFor, type Session } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ ADMIN_WEB_ENABLED: 'true', ADMIN_IDS: 'telegram:admin1', STAFF_IDS: 'telegram:staff1' });
  await t.app.http.ready();
});
afterEach(async () => t.close());

const ann = () => announcementsOf(t.app)!;
const TITLE = 'Cắt điện thôn Đông';
const BODY =
  'Thứ Hai 16/3 cắt điện từ 7h đến 11h để sửa đường dây.\n\nBà con chủ động sắp xếp công việc & "nước uống".';
const previewedKey = (body: string) => /name="previewed" value="([^"]+)"/.exec(body)![1]!;

/** Previews, then confirms what was previewed (as staff do). */
async function confirm(staff: Session, url: string, fields: Record<string, string>) {
  const p = await staff.post(url, { ...fields, step: 'preview' });
  expect(p.statusCode, p.body).toBe(200);
  return staff.post(url, { ...fields, step: 'confirm', previewed: previewedKey(p.body) });
}

const announcementSends = (chatId: string) =>
  t.fakes.get('telegram')!.sent.filter((s) => s.chatId === chatId && s.reply.title?.startsWith('📢'));

describe('Thông báo', () => {
  it('is for staff: signed-out visitors get the sign-in help, residents cannot sign in, forms need the CSRF token', async () => {
    expect((await anonymous(t, '/admin/thong-bao')).statusCode).toBe(401);
    const [r] = await t.say('telegram', 'r1', '/dangnhap');
    expect(r!.kind).toBe('refusal');
    const staff = await signIn(t, 'telegram', 'staff1');
    const page = await staff.get('/admin/thong-bao');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Thông báo</h1>');
    expect(page.body).toContain('name="body"');
    const refused = await staff.post(
      '/admin/thong-bao',
      { body: BODY, audience: 'all', when: 'now', step: 'confirm' },
      { csrf: false },
    );
    expect(refused.statusCode).toBe(403);
    expect(ann().store.list({ all: true })).toHaveLength(0);
    expect(auditActions(t)).toContain('web POST /admin/thong-bao:refused');
  });

  it('previews exactly what each channel sends with the recipients per channel, sends now, and shows progress up to the final report', async () => {
    for (const u of ['r1', 'r2']) await t.say('telegram', u, '/dangky');
    await t.say('zalo-oa', 'z1', '/dangky');
    await t.say('telegram', 'r3', '/dangky');
    await t.say('telegram', 'r3', '/huy');
    const staff = await signIn(t, 'telegram', 'staff1');
    const fields = { title: TITLE, body: BODY, audience: 'topic:chung', when: 'now', notify: 'on' };
    const preview = await staff.post('/admin/thong-bao', { ...fields, step: 'preview' });
    expect(preview.statusCode).toBe(200);
    const reply = announcementReply(TITLE, BODY);
    // Telegram: the channel's own HTML (bold title, escaped text); Zalo: the plain text it sends, split at its limit.
    expect(preview.body).toContain(renderHtml(reply)[0]!);
    expect(preview.body).toContain(esc(renderChunks(reply, OA_TEXT_LIMIT)[0]!));
    expect(preview.body).toContain('&amp; &quot;nước uống&quot;');
    expect(preview.body).not.toContain('& "nước uống"');
    expect(preview.body).toMatch(/<td>telegram<\/td><td>2<\/td><td>0<\/td>/);
    expect(preview.body).toMatch(/<td>zalo-oa<\/td><td>1<\/td>/);
    expect(preview.body).toContain('3 nơi nhận');
    expect(preview.body).toContain('value="confirm"');
    expect(ann().store.list({ all: true })).toHaveLength(0);
    // Confirming a text other than the one previewed shows the new preview, and sends nothing.
    const changed = await staff.post('/admin/thong-bao', {
      ...fields,
      body: `${BODY} Thêm.`,
      step: 'confirm',
      previewed: previewedKey(preview.body),
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('đã thay đổi sau lần xem trước');
    expect(ann().store.list({ all: true })).toHaveLength(0);

    const sent = await staff.post('/admin/thong-bao', {
      ...fields,
      step: 'confirm',
      previewed: previewedKey(preview.body),
    });
    expect(sent.statusCode).toBe(303);
    const a = ann().store.list({ all: true })[0]!;
    expect(sent.headers.location).toBe(`/admin/thong-bao/${a.id}?moi=1`);
    expect(a).toMatchObject({
      title: TITLE,
      audience: { kind: 'topic', topic: 'chung' },
      schedule: { kind: 'now' },
      notify: { channel: 'telegram', chatId: 'staff1' },
    });
    expect(auditActions(t)).toContain('web thongbao xacnhan:ok');

    // The scheduler turns it into a run: the page follows it live.
    ann().scheduler.tick();
    const running = await staff.get(`/admin/thong-bao/${a.id}`);
    expect(running.body).toContain('<meta http-equiv="refresh" content="5">');
    expect(running.body).toContain('(0/3)');
    expect(running.body).toContain('đang gửi');

    ann().worker.start();
    try {
      await waitFor(
        () =>
          announcementSends('r1').length === 1 &&
          announcementSends('r2').length === 1 &&
          t.fakes.get('zalo-oa')!.sent.some((s) => s.chatId === 'z1'),
      );
      // Sends are marked in small batches right after they return; then the reporter closes the run.
      const job = ann().outbox.jobsOf(a.id)[0]!;
      await waitFor(() => ann().outbox.stats(job.id).pending === 0);
      await ann().reporter.tick();
      expect(ann().outbox.job(job.id)!.status).toBe('done');
    } finally {
      await ann().worker.stop();
    }
    expect(announcementSends('r3')).toHaveLength(0);
    expect(announcementSends('r1')[0]!.reply).toEqual(reply);
    const done = await staff.get(`/admin/thong-bao/${a.id}`);
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(done.body).toContain('100%');
    expect(done.body).toContain('Đã gửi tới 3/3 người nhận.');
    // The author also got the final report in chat, as with /thongbao.
    expect(t.fakes.get('telegram')!.textTo('staff1')).toContain('Đã gửi xong');
    const list = await staff.get('/admin/thong-bao?trangthai=done');
    expect(list.body).toContain(`href="/admin/thong-bao/${a.id}"`);
  });

  it('shows how Zalo OA delivers (message types, waiting, quota) and warns before the monthly limit', async () => {
    await t.say('zalo-oa', 'z1', '/dangky');
    await t.say('zalo-oa', 'z2', '/dangky');
    const seen: unknown[] = [];
    Object.assign(t.app.channels.get('zalo-oa')!, {
      estimateReach: async (chats: unknown[], opts: unknown) => {
        seen.push(chats, opts);
        return {
          byType: { cs: 1 },
          waiting: 0,
          overLimit: 1,
          quotaCost: 0,
          quotaRemaining: 12,
          monthlyLimit: 4,
          atLastOfMonth: 0,
        };
      },
    });
    const staff = await signIn(t, 'telegram', 'staff1');
    const preview = await staff.post('/admin/thong-bao', {
      title: TITLE,
      body: BODY,
      audience: 'all',
      when: 'now',
      promotional: 'on',
      step: 'preview',
    });
    expect(preview.statusCode).toBe(200);
    expect(seen[1]).toEqual({ purpose: 'announcement', promotional: true });
    expect(preview.body).toContain('Cách gửi trên zalo-oa:');
    expect(preview.body).toContain(
      '1 tin tư vấn (người đã nhắn trong 7 ngày), 1 đã nhận đủ tin trong ngày hoặc tháng.',
    );
    expect(preview.body).toContain('hạn mức còn 12');
    expect(preview.body).toContain('⚠️ 1 người đã nhận đủ số tin truyền thông Zalo cho phép (4 tin/tháng, 1 tin/ngày)');
  });

  it('schedules at a time, edits it while it waits, and cancels it', async () => {
    await t.say('telegram', 'r1', '/dangky');
    const staff = await signIn(t, 'telegram', 'staff1');
    const at = {
      title: 'Họp dân',
      body: 'Tối thứ Bảy 19h tại nhà văn hóa.',
      // A topic: the default approval rule (ANNOUNCE_APPROVAL=all) leaves it out; approval has its own test below.
      audience: 'topic:chung',
      when: 'at',
      at: '2031-05-01T08:00',
    };
    const past = await staff.post('/admin/thong-bao', { ...at, at: '2020-01-01T08:00', step: 'confirm' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Thời điểm này đã qua');
    const badCron = await staff.post('/admin/thong-bao', { ...at, when: 'cron', cron: 'mỗi sáng', step: 'preview' });
    expect(badCron.body).toContain('cron');
    expect(badCron.statusCode).toBe(400);
    expect((await staff.post('/admin/thong-bao', { ...at, body: '  ', step: 'preview' })).body).toContain(
      'nhập nội dung',
    );

    const created = await confirm(staff, '/admin/thong-bao', at);
    const id = Number(/\/admin\/thong-bao\/(\d+)/.exec(created.headers.location as string)![1]);
    const a = ann().store.get(id)!;
    expect(a.schedule).toEqual({ kind: 'at', at: Date.UTC(2031, 4, 1, 1, 0) });
    const detail = await staff.get(`/admin/thong-bao/${id}`);
    expect(detail.body).toContain('đang chờ gửi');
    expect(detail.body).toContain('value="2031-05-01T08:00"');

    const edited = await confirm(staff, `/admin/thong-bao/${id}/sua`, {
      ...at,
      title: 'Họp dân (đổi giờ)',
      at: '2031-05-02T09:30',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.body).toContain('Đã sửa thông báo');
    expect(ann().store.get(id)).toMatchObject({
      title: 'Họp dân (đổi giờ)',
      schedule: { kind: 'at', at: Date.UTC(2031, 4, 2, 2, 30) },
    });

    expect((await staff.post(`/admin/thong-bao/${id}/huy`, {}, { csrf: false })).statusCode).toBe(403);
    expect(ann().store.get(id)!.status).toBe('scheduled');
    const cancelled = await staff.post(`/admin/thong-bao/${id}/huy`, {});
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.body).toContain(`Đã hủy thông báo #${id}.`);
    expect(ann().store.get(id)!.status).toBe('cancelled');
    const again = await staff.post(`/admin/thong-bao/${id}/huy`, {});
    expect(again.statusCode).toBe(409);
    const noEdit = await staff.post(`/admin/thong-bao/${id}/sua`, { ...at, step: 'confirm' });
    expect(noEdit.statusCode).toBe(409);
    expect((await staff.get('/admin/thong-bao?trangthai=cancelled')).body).toContain('Họp dân (đổi giờ)');
    const actions = auditActions(t);
    expect(actions).toContain('web thongbao sua:ok');
    expect(actions).toContain('web thongbao huy:ok');
    expect(actions).toContain('web thongbao huy:failed');
    expect(actions).toContain('web POST /admin/thong-bao/:id/huy:refused');
    // Nothing was sent: it was cancelled before its time.
    expect(t.fakes.get('telegram')!.sent).toHaveLength(0);
  });
});

describe('approval in the console', () => {
  it('holds an announcement to all subscribers for approval, lets a second person approve or return it, and an edit asks again', async () => {
    await t.close();
    t = await makeTestApp({
      ADMIN_WEB_ENABLED: 'true',
      ADMIN_IDS: 'telegram:admin1',
      STAFF_IDS: 'telegram:staff1',
      APPROVER_IDS: 'telegram:lead1,telegram:lead2',
    });
    await t.app.http.ready();
    await t.say('telegram', 'r1', '/dangky');
    const staff = await signIn(t, 'telegram', 'staff1');
    const fields = {
      title: 'Họp dân',
      body: 'Tối thứ Bảy 19h tại nhà văn hóa.',
      audience: 'all',
      when: 'at',
      at: '2031-05-01T08:00',
    };
    const created = await confirm(staff, '/admin/thong-bao', fields);
    const id = Number(/\/admin\/thong-bao\/(\d+)/.exec(created.headers.location as string)![1]);
    expect(ann().store.get(id)!.status).toBe('pending_approval');
    const mine = await staff.get(`/admin/thong-bao/${id}?moi=1`);
    expect(mine.body).toContain('Chờ duyệt');
    expect(mine.body).toContain('telegram:lead1 (người duyệt)');
    expect(mine.body).not.toContain(`/admin/thong-bao/${id}/duyet`); // staff get no approval form
    expect(mine.body).not.toContain(`/admin/thong-bao/${id}/guilai`); // nor a way around it
    expect((await staff.post(`/admin/thong-bao/${id}/duyet`, {})).statusCode).toBe(409);
    expect((await staff.get('/admin/thong-bao?trangthai=pending_approval')).body).toContain('Họp dân');

    const lead = await signIn(t, 'telegram', 'lead1');
    const page = await lead.get(`/admin/thong-bao/${id}`);
    expect(page.body).toContain(`action="/admin/thong-bao/${id}/duyet"`);
    expect(page.body).toContain('aria-label="Telegram"'); // the exact preview of each channel is on the same page
    const ok = await lead.post(`/admin/thong-bao/${id}/duyet`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain(`Đã duyệt thông báo #${id}.`);
    expect(ann().store.get(id)).toMatchObject({ status: 'scheduled', nextRunAt: Date.UTC(2031, 4, 1, 1, 0) });

    // The approver edits it: it waits again, and now they are its last editor, so another approver decides.
    const edited = await confirm(lead, `/admin/thong-bao/${id}/sua`, { ...fields, title: 'Họp dân (đổi giờ)' });
    expect(edited.body).toContain('cần được duyệt lại');
    expect(ann().store.get(id)!.status).toBe('pending_approval');
    const self = await lead.post(`/admin/thong-bao/${id}/duyet`, {});
    expect(self.statusCode).toBe(409);
    expect(self.body).toContain('không tự duyệt được');
    const lead2 = await signIn(t, 'telegram', 'lead2');
    expect((await lead2.post(`/admin/thong-bao/${id}/tralai`, { comment: '  ' })).statusCode).toBe(409);
    const back = await lead2.post(`/admin/thong-bao/${id}/tralai`, { comment: 'Ghi rõ thôn nào họp.' });
    expect(back.statusCode).toBe(200);
    expect(ann().store.get(id)).toMatchObject({ status: 'returned', review: { comment: 'Ghi rõ thôn nào họp.' } });
    expect((await staff.get(`/admin/thong-bao/${id}`)).body).toContain('Ghi rõ thôn nào họp.');
    const actions = auditActions(t);
    for (const a of [
      'web thongbao duyet:ok',
      'web thongbao duyet:failed',
      'web thongbao tralai:ok',
      'web thongbao sua:ok',
    ])
      expect(actions).toContain(a);
    expect(t.fakes.get('telegram')!.sent.filter((s) => s.reply.title?.startsWith('📢'))).toHaveLength(0);
  });
});

describe('an OA article broadcast in the web form', () => {
  it('keeps its audience when edited (not turned into an empty group list)', () => {
    const a = ann().create({
      title: TITLE,
      body: BODY,
      audience: { kind: 'oa_article', articleId: 'bd5ea1c5a7c44e9a17d5' },
      schedule: { kind: 'at', at: Date.now() + 86_400_000 },
    });
    const v = valuesOf(a, 'Asia/Ho_Chi_Minh');
    expect(v.audience).toBe('oa-article:bd5ea1c5a7c44e9a17d5');
    const r = checkValues(v, ann(), t.app.knowledge.kb);
    expect(r.ok && r.draft.audience).toEqual({ kind: 'oa_article', articleId: 'bd5ea1c5a7c44e9a17d5' });
    expect(checkValues({ ...v, audience: 'oa-article:<script>' }, ann(), t.app.knowledge.kb).ok).toBe(false);
  });
});
