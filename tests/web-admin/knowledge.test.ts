/**
 * Tri thức in the staff console: browse and search (staff), how an entry
 * reads to residents, editing a field (admins: validated like kb:check
 * before anything is written, comments kept, reloaded, audited; an invalid
 * value changes nothing), and the catalogue import (dry run, then for real).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';
import { anonymous, auditActions, signIn } from './helpers.js';

const imports = mkdtempSync(join(tmpdir(), 'admin-imports-'));
cpSync('tests/fixtures/portal', join(imports, 'portal'), { recursive: true });
afterAll(() => rmSync(imports, { recursive: true, force: true }));

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({
    ADMIN_WEB_ENABLED: 'true',
    ADMIN_IDS: 'telegram:admin1',
    STAFF_IDS: 'telegram:staff1',
    ADMIN_IMPORT_DIR: imports,
  });
  await t.app.http.ready();
});
afterEach(async () => t.close());

const hoTich = () => join(t.dir, 'procedures', 'ho-tich.yaml');
const oldOf = (body: string, field: string) =>
  new RegExp(`name="field" value="${field}"><input type="hidden" name="old" value="([^"]+)"`).exec(body)![1]!;

describe('Tri thức: browse and search', () => {
  it('lets staff search and read an entry as residents get it, and keeps editing and import for admins', async () => {
    expect((await anonymous(t, '/admin/tri-thuc')).statusCode).toBe(401);
    const staff = await signIn(t, 'telegram', 'staff1');
    const list = await staff.get('/admin/tri-thuc');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/admin/tri-thuc/muc/khai-sinh"');
    const found = await staff.get(`/admin/tri-thuc?q=${encodeURIComponent('làm giấy khai sinh cho con')}`);
    expect(found.body).toContain('trợ lý trả lời bằng mục đầu tiên');
    expect(found.body.indexOf('muc/khai-sinh')).toBeLessThan(
      found.body.indexOf('muc/ket-hon') === -1 ? Infinity : found.body.indexOf('muc/ket-hon'),
    );
    expect((await staff.get('/admin/tri-thuc?loai=hotline')).body).not.toContain('muc/khai-sinh');
    const entry = await staff.get('/admin/tri-thuc/muc/khai-sinh');
    expect(entry.body).toContain('【Đăng ký khai sinh (mã 1.001193)】');
    expect(entry.body).toContain('Miễn lệ phí khi đăng ký đúng hạn');
    expect(entry.body).toContain('Chỉ quản trị viên sửa được');
    expect(entry.body).not.toContain('name="value"');
    expect((await staff.get('/admin/tri-thuc/muc/khong-co')).statusCode).toBe(404);
    const before = readFileSync(hoTich(), 'utf8');
    const refused = await staff.post('/admin/tri-thuc/muc/khai-sinh', { field: 'fee', value: 'x' });
    expect(refused.statusCode).toBe(403);
    expect((await staff.get('/admin/tri-thuc/nhap')).statusCode).toBe(403);
    expect(readFileSync(hoTich(), 'utf8')).toBe(before);
    expect(auditActions(t)).toContain('web POST /admin/tri-thuc/muc/:id:refused');
  });

  it('pages through the real knowledge base', async () => {
    const app = await createApp(
      parseConfig({
        DATABASE_PATH: ':memory:',
        LOG_LEVEL: 'silent',
        KNOWLEDGE_WATCH: 'false',
        ADMIN_WEB_ENABLED: 'true',
        STAFF_IDS: 'telegram:s',
        USER_ID_SALT: 'admin-test-salt-0123456789',
      }),
      silentLogger,
    );
    try {
      await app.http.ready();
      const t2 = {
        app,
        say: (channel: 'telegram', userId: string, text: string) =>
          app.assistant.handle({ channel, userId, chatId: userId, text }),
      } as unknown as TestApp;
      const s = await signIn(t2, 'telegram', 's');
      const n = app.knowledge.kb.entries.length;
      expect(n).toBeGreaterThan(500);
      const first = await s.get('/admin/tri-thuc');
      const pages = Math.ceil(n / 50);
      expect(first.body).toContain(`Trang 1/${pages}`);
      expect(first.body.match(/href="\/admin\/tri-thuc\/muc\//g)).toHaveLength(50);
      const last = await s.get(`/admin/tri-thuc?trang=${pages}`);
      expect(last.body.match(/href="\/admin\/tri-thuc\/muc\//g)).toHaveLength(n - 50 * (pages - 1));
      expect(last.body).toContain('rel="prev"');
      expect(last.body).not.toContain('rel="next"');
      const imported = await s.get('/admin/tri-thuc?nguon=nhap&q=khai+sinh');
      expect(imported.body).toContain('(nhập)');
    } finally {
      await app.stop();
    }
  });
});

describe('Tri thức: editing a field (admins)', () => {
  it('writes a valid value with comments kept, reloads it and audits it', async () => {
    const admin = await signIn(t, 'telegram', 'admin1');
    const page = await admin.get('/admin/tri-thuc/muc/khai-sinh');
    const before = readFileSync(hoTich(), 'utf8');
    const fee = 'Miễn lệ phí khi đăng ký đúng hạn; quá hạn: 8.000 đồng';
    const saved = await admin.post('/admin/tri-thuc/muc/khai-sinh', {
      field: 'fee',
      value: fee,
      old: oldOf(page.body, 'fee'),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).toMatch(/Đã lưu trường fee \([^)]*ho-tich\.yaml:16\)/);
    const text = readFileSync(hoTich(), 'utf8');
    // Only the edited line changed (a value with ": " is quoted, as YAML needs).
    const diff = before
      .split('\n')
      .map((l, i) => (l === text.split('\n')[i] ? null : [l, text.split('\n')[i]]))
      .filter(Boolean);
    expect(diff).toEqual([['    fee: Miễn lệ phí khi đăng ký đúng hạn', `    fee: "${fee}"`]]);
    expect(text).toContain('# Hộ tịch (bản rút gọn cho kiểm thử). Giữ nguyên chú thích này khi thêm alias.');
    expect(text).toContain('# cách người dân hay hỏi');
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.data).toMatchObject({ fee });
    const [r] = await t.say('telegram', 'r1', '/xem khai-sinh day-du');
    expect(replyText(r!)).toContain('quá hạn: 8.000 đồng');
    // A list: one alias a line; the new one is searchable at once.
    const aliases = await admin.post('/admin/tri-thuc/muc/khai-sinh', {
      field: 'aliases',
      value: 'làm giấy khai sinh\r\nlàm giấy khai sinh cho con\r\nlàm khai sanh cho bé',
      old: oldOf(page.body, 'aliases'),
    });
    expect(aliases.statusCode, aliases.body).toBe(200);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.aliases).toEqual([
      'làm giấy khai sinh',
      'làm giấy khai sinh cho con',
      'làm khai sanh cho bé',
    ]);
    expect(readFileSync(hoTich(), 'utf8')).toContain('# cách người dân hay hỏi');
    expect(auditActions(t).filter((a) => a.startsWith('web trithuc sua'))).toEqual([
      'web trithuc sua:ok',
      'web trithuc sua:ok',
    ]);
    // A form shown before the change is refused instead of overwriting it.
    const stale = await admin.post('/admin/tri-thuc/muc/khai-sinh', {
      field: 'fee',
      value: 'khác',
      old: oldOf(page.body, 'fee'),
    });
    expect(stale.statusCode).toBe(409);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.data).toMatchObject({ fee });
  });

  it('shows an invalid value with its file and line, and changes nothing', async () => {
    const admin = await signIn(t, 'telegram', 'admin1');
    const page = await admin.get('/admin/tri-thuc/muc/khai-sinh');
    const before = readFileSync(hoTich());
    const bad = await admin.post('/admin/tri-thuc/muc/khai-sinh', {
      field: 'lastVerified',
      value: 'hôm qua',
      old: oldOf(page.body, 'lastVerified'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/ho-tich\.yaml:19: procedures\[0\]\.lastVerified: ngày phải có dạng YYYY-MM-DD/);
    expect(bad.body).toContain('value="hôm qua"');
    const empty = await admin.post('/admin/tri-thuc/muc/khai-sinh', {
      field: 'name',
      value: '  ',
      old: oldOf(page.body, 'name'),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/ho-tich\.yaml:5: procedures\[0\]\.name: không được để trống/);
    expect(readFileSync(hoTich()).equals(before)).toBe(true);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.data).toMatchObject({
      name: 'Đăng ký khai sinh',
      lastVerified: '2026-11-22',
    });
    const [r] = await t.say('telegram', 'r1', '/xem khai-sinh');
    expect(r!.title).toBe('Đăng ký khai sinh (mã 1.001193)');
    expect((await admin.post('/admin/tri-thuc/muc/khai-sinh', { field: 'code', value: '1.000001' })).body).toContain(
      'không sửa được',
    );
    expect(
      (await admin.post('/admin/tri-thuc/muc/khai-sinh', { field: 'fee', value: 'x' }, { csrf: false })).statusCode,
    ).toBe(403);
    expect(readFileSync(hoTich()).equals(before)).toBe(true);
    const actions = auditActions(t);
    expect(actions.filter((a) => a === 'web trithuc sua:failed')).toHaveLength(3);
    expect(actions).toContain('web POST /admin/tri-thuc/muc/:id:refused');
  });
});

describe('Tri thức: validating an edit', () => {
  it('validates the whole folder with a changed text in memory, as a reload would, without touching the live knowledge', async () => {
    const file = join(t.dir, 'procedures', 'ho-tich.yaml');
    const text = readFileSync(file, 'utf8');
    const bad = await t.app.knowledge.validate(new Map([[file, text.replace('- id: ket-hon', '- id: khai-sinh')]]));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('trùng'));
    expect(
      await t.app.knowledge.validate(new Map([[file, text.replace('01 ngày làm việc', '02 ngày làm việc')]])),
    ).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.data).toMatchObject({ processingTime: '01 ngày làm việc' });
  });
});

describe('Tri thức: catalogue import (admins)', () => {
  it('shows the dry run report without writing, refuses paths outside the import folder, then imports for real', async () => {
    const admin = await signIn(t, 'telegram', 'admin1');
    const form = await admin.get('/admin/tri-thuc/nhap');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="portal">');
    const catalog = join(t.dir, 'catalog');
    const entries = t.app.knowledge.kb.entries.length;
    const dry = await admin.post('/admin/tri-thuc/nhap', { source: 'portal', step: 'dry' });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.body).toContain('Báo cáo chạy thử (chưa ghi tệp nào)');
    expect(dry.body).toMatch(/Thêm mới \d+, cập nhật 0/);
    expect(dry.body).toContain('đã có mục viết tay cùng mã');
    expect(dry.body).toContain('Bản ghi lỗi');
    expect(dry.body).toContain('value="run"');
    expect(existsSync(catalog)).toBe(false);
    expect(t.app.knowledge.kb.entries).toHaveLength(entries);
    for (const source of ['..', '/etc', '../../etc/passwd', 'khong-co']) {
      const r = await admin.post('/admin/tri-thuc/nhap', { source, step: 'dry' });
      expect(r.statusCode, source).toBe(400);
      expect(r.body).toContain('Không dùng được đường dẫn này');
    }
    const run = await admin.post('/admin/tri-thuc/nhap', { source: 'portal', step: 'run' });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.body).toContain('Đã nhập và nạp lại tri thức.');
    expect(existsSync(catalog)).toBe(true);
    expect(t.app.knowledge.kb.entries.length).toBeGreaterThan(entries);
    // Editing an imported field adds it to the entry's keep: list, so the next import leaves it.
    const p = t.app.knowledge.kb.procedures.find((x) => x.portal && x.details)!;
    const page = await admin.get(`/admin/tri-thuc/muc/${p.id}`);
    expect(page.body).toContain('mục nhập từ Cổng Dịch vụ công');
    const kept = await admin.post(`/admin/tri-thuc/muc/${p.id}`, {
      field: 'fee',
      value: 'Miễn lệ phí (đã hỏi Bộ phận Một cửa)',
      old: oldOf(page.body, 'fee'),
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.body).toContain('Đã thêm vào keep');
    expect(t.app.knowledge.kb.byId.get(p.id)!.data).toMatchObject({
      fee: 'Miễn lệ phí (đã hỏi Bộ phận Một cửa)',
      keep: ['fee'],
    });
    const again = await admin.post('/admin/tri-thuc/nhap', { source: 'portal', step: 'dry' });
    expect(again.body).toMatch(new RegExp(`Giữ bản sửa tay ở ${p.code!.replace('.', '\\.')}: fee`));
    const actions = auditActions(t);
    expect(actions).toContain('web trithuc nhap thu:ok');
    expect(actions).toContain('web trithuc nhap thu:refused');
    expect(actions).toContain('web trithuc nhap:ok');
  });
});
