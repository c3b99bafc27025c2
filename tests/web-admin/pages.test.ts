/**
 * The staff console's pages Câu hỏi chưa trả lời, Phản ánh and Báo cáo
 * through the real app (fixture knowledge, fake channels): each action is
 * role-checked, CSRF-protected and audited, and does what its chat command does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../src/web-admin/sessions.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({
    ADMIN_WEB_ENABLED: 'true',
    ADMIN_IDS: 'telegram:admin1',
    STAFF_IDS: 'telegram:staff1,telegram:staff2',
    STAFF_CHAT: 'telegram:-100777',
    HANDOFF_HOURS: 'Mon-Sun 00:00-24:00',
  });
  await t.app.http.ready();
});
afterEach(async () => t.close());

async function signIn(id: string): Promise<{ cookie: string; csrf: string }> {
  const [r] = await t.say('telegram', id, '/dangnhap');
  const token = new URL(r!.links![0]!.url).searchParams.get('token')!;
  const res = await t.app.http.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${token}`,
  });
  const cookie = `${ADMIN_COOKIE}=${res.cookies.find((c) => c.name === ADMIN_COOKIE)!.value}`;
  const home = await t.app.http.inject({ url: '/admin', headers: { cookie } });
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(home.body)![1]! };
}
const get = (url: string, s: { cookie: string }) => t.app.http.inject({ url, headers: { cookie: s.cookie } });
const post = (url: string, s: { cookie: string; csrf: string }, body: Record<string, string>) =>
  t.app.http.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: s.csrf, ...body }).toString(),
  });
const audits = () =>
  (
    t.app.db.prepare("SELECT action, outcome FROM audit_log WHERE action LIKE 'web %' ORDER BY id").all() as {
      action: string;
      outcome: string;
    }[]
  ).map((r) => `${r.action}:${r.outcome}`);

describe('Câu hỏi chưa trả lời', () => {
  it('adds a question as a name of the entry found by the search box, and the question is answered', async () => {
    const question = 'giay chao doi cho be';
    const [before] = await t.say('telegram', 'r1', question);
    expect(before!.entryId).toBeUndefined();
    const admin = await signIn('admin1');
    const queue = await get('/admin/cau-hoi', admin);
    // The queue shows questions as the search read them (no diacritics, no filler words).
    const normalized = /name="normalized" value="([^"]+)"/.exec(queue.body)![1]!;
    expect(normalized).toBe('giay chao doi be');
    const found = await get(
      `/admin/cau-hoi?q=${encodeURIComponent(normalized)}&tim=${encodeURIComponent('khai sinh')}`,
      admin,
    );
    expect(found.body).toContain('name="id" value="khai-sinh"');
    const added = await post('/admin/cau-hoi/them-ten', admin, { alias: normalized, id: 'khai-sinh' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Đã thêm tên gọi cho mục khai-sinh');
    const [after] = await t.say('telegram', 'r1', question);
    expect(after!.entryId).toBe('khai-sinh');
    // The same name twice is refused with the reason.
    const twice = await post('/admin/cau-hoi/them-ten', admin, { alias: normalized, id: 'khai-sinh' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('đã có ở mục khai-sinh');
    expect(audits()).toEqual(['web dangnhap:ok', 'web themtukhoa:ok', 'web themtukhoa:failed']);
  });

  it('lets staff mark a question "not ours" but not change the knowledge', async () => {
    await t.say('telegram', 'r2', 'gia vang hom nay bao nhieu mot chi');
    const staff = await signIn('staff1');
    const queue = await get('/admin/cau-hoi', staff);
    const normalized = /name="normalized" value="([^"]+)"/.exec(queue.body)![1]!;
    expect((await post('/admin/cau-hoi/them-ten', staff, { alias: 'vang', id: 'khai-sinh' })).statusCode).toBe(403);
    const done = await post('/admin/cau-hoi/khong-thuoc-xa', staff, { normalized });
    expect(done.body).toContain('Đã bỏ câu hỏi khỏi danh sách');
    expect(done.body).not.toContain(`value="${normalized}"`);
  });
});

describe('Phản ánh, kiến nghị', () => {
  it('takes, assigns and answers a ticket; the answer reaches the resident on their channel', async () => {
    const r = (text: string) => t.say('zalo-bot', 'r-42', text);
    await r('/gopy');
    await r('Đèn đường ở thôn Đông bị hỏng hai tuần nay, buổi tối rất tối');
    await r('0912 345 678');
    const staff = await signIn('staff1');
    const inbox = await get('/admin/phan-anh', staff);
    expect(inbox.body).toContain('thôn Đông');
    const detail = await get('/admin/phan-anh/1', staff);
    expect(detail.body).toContain('0912345678');
    expect((await post('/admin/phan-anh/1/xu-ly', staff, {})).body).toContain('Đã nhận xử lý');
    expect(t.fakes.get('zalo-bot')!.textTo('r-42')).toContain('đang được cán bộ xã xử lý');
    expect((await post('/admin/phan-anh/1/giao', staff, { to: 'telegram:nobody' })).statusCode).toBe(400);
    expect((await post('/admin/phan-anh/1/giao', staff, { to: 'telegram:staff1' })).body).toContain(
      'Đã giao cho telegram:staff1',
    );
    const answered = await post('/admin/phan-anh/1/tra-loi', staff, {
      answer: 'Xã đã cử người thay bóng đèn, tối nay sẽ sáng.',
    });
    expect(answered.body).toContain('Đã gửi trả lời tới người phản ánh');
    const last = t.fakes.get('zalo-bot')!.sent.at(-1)!;
    expect(replyText(last.reply)).toContain('thay bóng đèn');
    expect(last.reply.buttons?.map((b) => b.payload)).toContain('/danhgia 1');
    expect((await post('/admin/phan-anh/1/tra-loi', staff, { answer: 'Lần nữa' })).statusCode).toBe(409);
    expect(audits()).toEqual([
      'web dangnhap:ok',
      'web xemphananh:ok',
      'web xuly:ok',
      'web giaophananh:ok',
      'web traloi:ok',
      'web traloi:failed',
    ]);
  });
});

describe('Báo cáo', () => {
  it('shows a period and downloads it as Markdown, CSV and XLSX', async () => {
    const staff = await signIn('staff1');
    const page = await get('/admin/bao-cao?ky=2026Q1', staff);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quý I/2026');
    const md = await get('/admin/bao-cao/tai?ky=2026Q1&dang=md', staff);
    expect(md.headers['content-disposition']).toBe('attachment; filename="bao-cao-2026Q1.md"');
    expect(md.body).toContain('Quý I/2026');
    const csv = await get('/admin/bao-cao/tai?ky=2026Q1&dang=csv', staff);
    expect(csv.body.startsWith('\uFEFFphan,chi_so')).toBe(true);
    const xlsx = await get('/admin/bao-cao/tai?ky=2026Q1&dang=xlsx', staff);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await get('/admin/bao-cao?ky=quy-nay', staff)).statusCode).toBe(400);
  });
});

describe('Gặp cán bộ', () => {
  it('lets one staff member take a waiting resident, write to them and end it; the page never resends', async () => {
    const [queued] = await t.say('zalo-oa', 'r-5', 'tôi muốn gặp cán bộ');
    expect(queued!.title).toBe('Đang chờ gặp cán bộ xã');
    const a = await signIn('staff1');
    const b = await signIn('staff2');
    expect((await get('/admin/gap-can-bo', a)).body).toContain('<meta http-equiv="refresh" content="5">');
    expect((await post('/admin/gap-can-bo/1/nhan', a, { _csrf: 'wrong' })).statusCode).toBe(403);
    const taken = await post('/admin/gap-can-bo/1/nhan', a, {});
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe('/admin/gap-can-bo?n=taken-ok');
    expect(t.fakes.get('zalo-oa')!.textTo('r-5')).toContain('đã tham gia');
    // The second staff member is told it is taken, and cannot write into it.
    expect((await post('/admin/gap-can-bo/1/nhan', b, {})).headers.location).toBe('/admin/gap-can-bo?n=taken');
    expect((await post('/admin/gap-can-bo/1/gui', b, { text: 'xen ngang' })).headers.location).toBe(
      '/admin/gap-can-bo?n=not-yours',
    );
    expect((await post('/admin/gap-can-bo/1/gui', a, { text: 'Chào bạn, mình là cán bộ xã.' })).headers.location).toBe(
      '/admin/gap-can-bo',
    );
    expect(t.fakes.get('zalo-oa')!.textTo('r-5')).toContain('Chào bạn, mình là cán bộ xã.');
    expect(t.fakes.get('zalo-oa')!.textTo('r-5')).not.toContain('xen ngang');
    const [relayed] = await t.say('zalo-oa', 'r-5', 'Cho tôi hỏi lịch tiếp dân');
    expect(relayed).toBeUndefined();
    const page = await get('/admin/gap-can-bo', a);
    expect(page.body).toContain('Cho tôi hỏi lịch tiếp dân');
    expect((await post('/admin/gap-can-bo/1/ket-thuc', a, {})).headers.location).toBe('/admin/gap-can-bo?n=ended');
    expect((await get('/admin/gap-can-bo?n=ended', a)).body).toContain('Đã kết thúc cuộc trò chuyện');
    const acts = (
      t.app.db
        .prepare("SELECT action, outcome FROM audit_log WHERE action IN ('nhan','tinnhan','ketthuc') ORDER BY id")
        .all() as { action: string; outcome: string }[]
    ).map((r) => `${r.action}:${r.outcome}`);
    expect(acts).toEqual(['nhan:ok', 'nhan:failed', 'tinnhan:failed', 'tinnhan:ok', 'ketthuc:ok']);
  });
});
