/**
 * The residents' rights end to end through the fake Telegram Bot API: the
 * notice once, /dulieucuatoi, then /xoadulieu with its confirmation, and the
 * database (tables and file bytes) checked afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../admin/helpers.js';
import { boot, buttonsOf, messageOf, perTestTelegram, sentTo, textsTo } from '../telegram/harness.js';
import { cellsContaining, fileBytes } from './helpers.js';

const t = perTestTelegram();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const RESIDENT = { id: 7007001, first_name: 'Trần Thị Mai' };
const PHONE = '0912 777 314';
const CONTENT = 'Đèn đường xóm Bắc Kỳ Lân hỏng từ tuần trước';

async function bootWithFile() {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-tg-'));
  dirs.push(dir);
  const path = join(dir, 'db.sqlite');
  t.h = await boot(t.fake, {
    DATABASE_PATH: path,
    PRIVACY_NOTICE: 'true',
    DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
    TELEGRAM_FLOOD_LIMIT: '0', // one resident writes many messages in a row here
  });
  return path;
}

/** Sends a text and waits until the bot has sent `n` messages to the resident in all. */
async function say(text: string, n: number): Promise<string[]> {
  t.fake.sendText(text, RESIDENT);
  await t.fake.waitFor(() => sentTo(t.fake, RESIDENT.id).length >= n);
  return textsTo(t.fake, RESIDENT.id);
}

describe('privacy notice on Telegram', () => {
  it('follows the answer to the first message only, once per resident, never in a group', async () => {
    await bootWithFile();
    const first = await say('/hotline', 2);
    expect(first.at(-1)).toContain('Dữ liệu cá nhân của bạn');
    expect(first.at(-1)).toContain('/xoadulieu');
    const again = await say('/hotline', 3);
    expect(again).toHaveLength(3);
    expect(again.at(-1)).not.toContain('Dữ liệu cá nhân của bạn');
    const group = { id: -100777, type: 'supergroup', title: 'Nhóm thôn' };
    t.fake.sendText('/hotline', { id: 7007002 }, group);
    await t.fake.waitFor(() => sentTo(t.fake, group.id).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(textsTo(t.fake, group.id).join('\n')).not.toContain('Dữ liệu cá nhân của bạn');
    const repeat = await say('/quyenriengtu', 4);
    expect(repeat.at(-1)).toContain('Dữ liệu cá nhân của bạn');
  });
});

describe('export and erasure on Telegram', () => {
  it('shows the resident their data, then erases it after the confirmation, leaving no trace', async () => {
    const path = await bootWithFile();
    const app = t.h!.app;
    const hash = app.assistant.hashUser('telegram', String(RESIDENT.id));
    let n = (await say('cho hỏi làm giấy khai sinh', 1)).length;
    n = (await say('/dangky', n + 1)).length;
    n = (await say(`/gopy ${CONTENT}`, n + 1)).length;
    n = (await say(PHONE, n + 1)).length;
    expect(textsTo(t.fake, RESIDENT.id).at(-1)).toContain('Đã nhận phản ánh số');
    // The contact details are encrypted in the table.
    const stored = app.db.prepare('SELECT name, phone FROM tickets').get() as { name: string; phone: string };
    expect(stored.phone).toMatch(/^enc1:/);
    expect(stored.name).toMatch(/^enc1:/);

    const exported = (await say('/dulieucuatoi', n + 1)).at(-1)!;
    n = sentTo(t.fake, RESIDENT.id).length;
    expect(exported).toContain('Dữ liệu trợ lý đang lưu về bạn');
    expect(exported).toContain(CONTENT);
    expect(exported).toContain('0912777314');
    expect(exported).toContain('Trần Thị Mai');
    expect(exported).toContain('Đăng ký nhận thông báo');
    expect(exported).toContain('Số câu hỏi đã lưu: 1');
    expect(exported).toContain(`bạn đưa mã: telegram:${RESIDENT.id}`);

    await say('/xoadulieu', n + 1);
    const ask = sentTo(t.fake, RESIDENT.id).at(-1)!;
    expect(String(ask.params.text)).toContain('không hoàn tác được');
    // Nothing is erased before the confirmation.
    expect(cellsContaining(app.db, [hash])).not.toEqual([]);
    const yes = buttonsOf(ask).find((b) => b.text === 'Xoá dữ liệu của tôi')!;
    t.fake.press(yes.callback_data, RESIDENT, messageOf(ask));
    await t.fake.waitFor(() => textsTo(t.fake, RESIDENT.id).some((x) => x.includes('Đã xoá dữ liệu')));

    const id = String(RESIDENT.id);
    expect(cellsContaining(app.db, [hash, id, PHONE, '0912777314', 'Trần Thị Mai', CONTENT])).toEqual([]);
    const byId = app.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM ann_subscriptions WHERE chat_id = ?) + (SELECT COUNT(*) FROM sessions WHERE user_id = ?)
         + (SELECT COUNT(*) FROM tickets WHERE user_id = ? OR chat_id = ?) AS n`,
      )
      .get(id, id, id, id) as { n: number };
    expect(byId.n).toBe(0);
    // Figures stay for the reports; the audit record has counts only.
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 1 });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM questions').get()).toEqual({ n: 1 });
    const audit = app.db.prepare('SELECT channel, via, counts FROM privacy_erasures').all() as {
      channel: string;
      via: string;
      counts: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.via).toBe('chat');
    expect(JSON.parse(audit[0]!.counts)).toMatchObject({ tickets: 1, ann_subscriptions: 1, questions: 1 });
    expect(audit[0]!.counts).not.toContain(id);
    // Logs never held the contact details or the text, and the erasure's line has no hash.
    const logs = t.h!.logs.join('\n');
    for (const secret of ['0912777314', '777 314', 'Trần Thị Mai', CONTENT, 'khai sinh'])
      expect(logs).not.toContain(secret);
    const erased = t.h!.logs.find((l) => l.includes('personal data erased'))!;
    expect(erased).not.toContain(hash);
    // The file itself no longer holds the ticket text (secure_delete, WAL checkpointed).
    expect(fileBytes(path).includes(Buffer.from(CONTENT))).toBe(false);
    expect(fileBytes(path).includes(Buffer.from(hash))).toBe(false);
  });

  it('keeps everything when the resident cancels', async () => {
    await bootWithFile();
    await say('/dangky', 2);
    await say('/xoadulieu', 3);
    const ask = sentTo(t.fake, RESIDENT.id).at(-1)!;
    const no = buttonsOf(ask).find((b) => b.text === 'Hủy')!;
    t.fake.press(no.callback_data, RESIDENT, messageOf(ask));
    await t.fake.waitFor(() => textsTo(t.fake, RESIDENT.id).some((x) => x.includes('Đã hủy')));
    const subs = t.h!.app.db.prepare('SELECT COUNT(*) AS n FROM ann_subscriptions').get();
    expect(subs).toEqual({ n: 1 });
    // A typed "/xoadulieu xacnhan" without a pending confirmation only asks again.
    await say('/xoadulieu xacnhan', 5);
    expect(textsTo(t.fake, RESIDENT.id).at(-1)).toContain('không hoàn tác được');
    expect(t.h!.app.db.prepare('SELECT COUNT(*) AS n FROM ann_subscriptions').get()).toEqual({ n: 1 });
  });
});
