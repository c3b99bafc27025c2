import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeWatcher } from '../../src/admin/knowledge-watcher.js';
import { adminHandles } from '../../src/admin/plugin.js';
import { makeTestApp, replyText, type TestApp } from './helpers.js';

const env = { ADMIN_IDS: 'telegram:admin1,zalo-oa:admin2', STAFF_IDS: 'telegram:staff1' };

let t: TestApp | undefined;
let watcher: KnowledgeWatcher | undefined;
afterEach(async () => {
  watcher?.stop();
  watcher = undefined;
  await t?.close();
  t = undefined;
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const FILE = 'procedures/ho-tich.yaml';

for (const perFolder of [false, true]) {
  describe(`live knowledge updates (${perFolder ? 'one watcher per folder' : 'recursive watch'})`, () => {
    it('keeps the previous knowledge on a bad edit, tells the admins where, and picks up the fix', async () => {
      t = await makeTestApp(env);
      const h = adminHandles(t.app)!;
      watcher = new KnowledgeWatcher({
        store: t.app.knowledge,
        log: t.app.logger,
        notifyAdmins: h.notifyAdmins,
        debounceMs: 40,
        perFolder,
      });
      watcher.start();
      const path = join(t.dir, FILE);
      const good = readFileSync(path, 'utf8');
      const admins = [t.fakes.get('telegram')!, t.fakes.get('zalo-oa')!];

      // Bad edit: fee becomes a list (line 16) and a typo key on ket-hon.
      const bad = good
        .replace('    fee: Miễn lệ phí khi đăng ký đúng hạn', '    fee: [Miễn lệ phí]')
        .replace(
          '    agency: UBND cấp xã\n    where: [Trung tâm Phục vụ hành chính công cấp xã]\n    online: { available: true }',
          '    agencyy: UBND cấp xã\n    where: [Trung tâm Phục vụ hành chính công cấp xã]\n    online: { available: true }',
        );
      expect(bad).not.toBe(good);
      writeFileSync(path, bad);
      await until(() => admins.every((a) => a.sent.length > 0));
      for (const a of admins) {
        const text = replyText(a.sent[0]!.reply);
        expect(text).toContain('Cập nhật tri thức bị từ chối');
        expect(text).toMatch(/ho-tich\.yaml:16: procedures\[0\]\.fee: /);
        expect(text).toMatch(/ho-tich\.yaml:\d+: procedures\[1\]/);
      }
      expect(admins[0]!.sent[0]!.chatId).toBe('admin1');
      expect(admins[1]!.sent[0]!.chatId).toBe('admin2');
      // The previous knowledge stays live and answers.
      expect(t.app.knowledge.kb.byId.get('khai-sinh')).toBeDefined();
      expect(t.app.knowledge.kb.byId.get('ket-hon')).toBeDefined();
      const r = await t.say('console', 'u1', 'làm giấy khai sinh cho con cần gì');
      expect(r[0]!.entryId).toBe('khai-sinh');

      // The same bad file saved again does not spam the admins.
      writeFileSync(path, `${bad}\n`);
      await new Promise((res) => setTimeout(res, 300));
      expect(admins[0]!.sent).toHaveLength(1);

      // The fix (with a new alias) is picked up, and admins are told.
      const fixed = good.replace(
        '      - làm giấy khai sinh cho con\n',
        '      - làm giấy khai sinh cho con\n      - xin giấy khai sinh cho cháu nội\n',
      );
      writeFileSync(path, fixed);
      await until(() => admins[0]!.sent.length >= 2);
      expect(replyText(admins[0]!.sent[1]!.reply)).toContain('Đã sửa xong');
      expect(t.app.knowledge.kb.byId.get('khai-sinh')!.aliases).toContain('xin giấy khai sinh cho cháu nội');

      // A new sub-folder with a new file is picked up too.
      mkdirSync(join(t.dir, 'moi'));
      writeFileSync(
        join(t.dir, 'moi', 'them.yaml'),
        'hotlines:\n  - id: cong-an-113\n    name: Công an\n    number: "113"\n    who: Công an\n    hours: 24/7\n    whenToCall: [Có tội phạm]\n    sources: [Luật]\n    lastVerified: 2026-11-22\n',
      );
      await until(() => t!.app.knowledge.kb.byId.has('cong-an-113'));
    });
  });
}

describe('/capnhat', () => {
  it('reloads on command, reports problems to the admin and keeps the old knowledge', async () => {
    t = await makeTestApp(env);
    const path = join(t.dir, FILE);
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace("code: '1.001193'", "code: '1001193'"));
    let r = await t.say('telegram', 'admin1', '/capnhat');
    expect(r[0]!.kind).toBe('error');
    expect(replyText(r[0]!)).toMatch(/ho-tich\.yaml:4: procedures\[0\]\.code: mã thủ tục có dạng 1\.001193/);
    expect(t.app.knowledge.kb.byId.get('khai-sinh')!.data).toMatchObject({ code: '1.001193' });
    writeFileSync(path, good.replace('name: Đăng ký kết hôn', 'name: Đăng ký kết hôn (sửa)'));
    r = await t.say('telegram', 'admin1', '/capnhat');
    expect(replyText(r[0]!)).toContain('Đã cập nhật tri thức');
    expect(t.app.knowledge.kb.byId.get('ket-hon')!.title).toBe('Đăng ký kết hôn (sửa)');
    // Broken YAML syntax is reported with a line too.
    writeFileSync(path, `${good}\n  - id: [oops\n`);
    r = await t.say('telegram', 'admin1', '/capnhat');
    expect(replyText(r[0]!)).toMatch(/ho-tich\.yaml:\d+: \(cú pháp YAML\)/);
    expect(t.app.knowledge.kb.byId.get('ket-hon')!.title).toBe('Đăng ký kết hôn (sửa)');
  });
});
