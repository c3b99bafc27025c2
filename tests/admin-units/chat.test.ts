/**
 * Old → new commune questions in chat, end to end through the fake Bot API:
 * a plain question answered with its source, an ambiguous name asked back
 * with buttons that answer when pressed, procedure questions left alone, and
 * `ask --json` giving the units as data.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { boot, buttonsOf, messageOf, perTestTelegram, sentTo, textsTo } from '../telegram/harness.js';

const t = perTestTelegram();

describe('old → new communes in a Telegram chat', () => {
  it('answers a plain question with the clause as the source', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('phường Lê Chân mới gồm những phường cũ nào?', { id: 7101, first_name: 'Dân' });
    await t.fake.waitFor(() => sentTo(t.fake, 7101).length > 0);
    const text = textsTo(t.fake, 7101).join('\n');
    expect(text).toContain('Phường Lê Chân (Thành phố Hải Phòng) gồm');
    expect(text).toContain('Toàn bộ Phường Hàng Kênh');
    expect(text).toContain('khoản 12 Điều 1 Nghị quyết 1669/NQ-UBTVQH15');
  });

  it('asks back with buttons when the name is ambiguous, and the button answers', async () => {
    t.h = await boot(t.fake);
    const from = { id: 7102, first_name: 'Dân' };
    t.fake.sendText('xa hoang tien cu gio thuoc phuong nao', from);
    await t.fake.waitFor(() => sentTo(t.fake, 7102).length > 0);
    const asked = sentTo(t.fake, 7102).at(-1)!;
    expect(String(asked.params.text)).toContain('Bạn hỏi đơn vị nào?');
    const buttons = buttonsOf(asked);
    const chiLinh = buttons.find((b) => b.text.includes('Chí Linh'));
    expect(buttons.map((b) => b.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('Hoằng Hóa'), expect.stringContaining('Chí Linh')]),
    );
    t.fake.press(chiLinh!.callback_data, from, messageOf(asked));
    await t.fake.waitFor(() => textsTo(t.fake, 7102).some((x) => x.includes('Trần Nhân Tông')));
    expect(textsTo(t.fake, 7102).join('\n')).toContain('khoản 38 Điều 1 Nghị quyết 1669/NQ-UBTVQH15');
  });

  it('leaves procedure questions that name a commune to the normal answer', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('làm giấy khai sinh ở phường Ba Đình cần gì', { id: 7103, first_name: 'Dân' });
    await t.fake.waitFor(() => sentTo(t.fake, 7103).length > 0);
    const text = textsTo(t.fake, 7103).join('\n');
    expect(text).toContain('khai sinh');
    expect(text).not.toContain('Nghị quyết 1656');
  });

  it('/dvhc takes a bare name and says clearly when it does not exist', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('/dvhc Tây Hưng Tiên Lãng', { id: 7104, first_name: 'Dân' });
    t.fake.sendText('/dvhc Qwerty', { id: 7105, first_name: 'Dân' });
    await t.fake.waitFor(() => sentTo(t.fake, 7104).length > 0 && sentTo(t.fake, 7105).length > 0);
    expect(textsTo(t.fake, 7104).join('\n')).toContain('nay thuộc Xã Chấn Hưng');
    expect(textsTo(t.fake, 7105).join('\n')).toContain('Không tìm thấy xã, phường nào tên &quot;Qwerty&quot;');
  });
});

describe('ask --json', () => {
  it('gives the units of an old → new question as data', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/ask.ts', '--json'], {
      input: 'xã Hoàng Tiến cũ giờ thuộc phường nào?\nlàm giấy khai sinh cần gì\n',
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const [unit, other] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(unit!.adminUnit).toMatchObject({
      direction: 'old-to-new',
      old: [
        {
          name: 'Phường Hoàng Tiến',
          district: 'Thành phố Chí Linh',
          province: 'Tỉnh Hải Dương',
          to: [{ name: 'Phường Trần Nhân Tông', source: 'khoản 38 Điều 1 Nghị quyết 1669/NQ-UBTVQH15' }],
        },
      ],
    });
    expect(other!.adminUnit).toBeUndefined();
  }, 30_000);
});
