/**
 * End-to-end conversations: the real grammY bot, unchanged, against the fake
 * Bot API server on 127.0.0.1 (through TELEGRAM_API_ROOT), long polling.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/channels/telegram/render.js';
import { boot, buttonsOf, messageOf, sentTo, settle, textsTo, perTestTelegram } from './harness.js';

const t = perTestTelegram();

describe('Telegram conversations (polling)', () => {
  it('registers the Vietnamese command menu, drops a stale webhook and greets on /start', async () => {
    t.h = await boot(t.fake);
    const commands = t.fake.callsOf('setMyCommands')[0]?.params.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['start', 'help', 'thutuc', 'hotline', 'tintuc']),
    );
    expect(commands.every((c) => /^[a-z0-9_]{1,32}$/.test(c.command) && c.description.length > 0)).toBe(true);
    expect(t.fake.callsOf('deleteWebhook')).toHaveLength(1);
    t.fake.sendText('/start', { id: 1001 });
    await t.fake.waitFor(() => sentTo(t.fake, 1001).length >= 1);
    expect(textsTo(t.fake, 1001)[0]).toContain('Xin chào');
    expect(sentTo(t.fake, 1001)[0]!.params.parse_mode).toBe('HTML');
  });

  it('answers a question typed without diacritics with the right procedure, 👍/👎 under the last part', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('cho e hoi lam giay khai sinh cho con can gi', { id: 1002 });
    await t.fake.waitFor(() => sentTo(t.fake, 1002).some((c) => c.params.reply_markup));
    const sent = sentTo(t.fake, 1002);
    expect(textsTo(t.fake, 1002).join('\n')).toContain('<b>Đăng ký khai sinh (mã 1.001193)</b>');
    expect(buttonsOf(sent.at(-1)!).map((b) => b.text)).toEqual(
      expect.arrayContaining(['👍 Hữu ích', '👎 Chưa hữu ích']),
    );
    expect(textsTo(t.fake, 1002).at(-1)).toMatch(/\n\nCâu trả lời có hữu ích không\?$/);
    expect(
      textsTo(t.fake, 1002)
        .slice(0, -1)
        .every((t) => !t.includes('hữu ích không')),
    ).toBe(true);
    expect(sent.slice(0, -1).every((c) => !c.params.reply_markup)).toBe(true);
  });

  it('records feedback once per user and answer, then removes the feedback question and buttons', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('đăng ký tạm trú', { id: 1003 });
    await t.fake.waitFor(() => sentTo(t.fake, 1003).some((c) => c.params.reply_markup));
    const last = sentTo(t.fake, 1003).at(-1)!;
    const msg = messageOf(last);
    const up = buttonsOf(last).find((b) => b.text.startsWith('👍'))!;
    // The fake edits its stored message in place, so keep the text as sent.
    const before = String((last.result as { text: string }).text);
    const formatting = structuredClone((last.result as { entities?: unknown[] }).entities);
    expect(formatting).toContainEqual(expect.objectContaining({ type: 'bold', offset: 0 }));
    expect(up.callback_data).toMatch(/^f:\d+:1$/);
    t.fake.press(up.callback_data, { id: 1003 }, msg);
    t.fake.press(up.callback_data, { id: 1003 }, msg);
    t.fake.press(up.callback_data.replace(/1$/, '0'), { id: 1099 }, msg);
    await t.fake.waitFor(() => t.fake.callsOf('answerCallbackQuery').length >= 3);
    const rows = t.h.app.db.prepare('SELECT helpful, entry_id FROM answer_feedback ORDER BY helpful').all();
    expect(rows).toEqual([
      { helpful: 0, entry_id: 'tam-tru' },
      { helpful: 1, entry_id: 'tam-tru' },
    ]);
    expect(t.fake.callsOf('answerCallbackQuery').map((c) => c.params.text)).toEqual([
      'Cảm ơn bạn đã góp ý!',
      'Bạn đã góp ý cho câu trả lời này rồi.',
      'Cảm ơn bạn đã góp ý!',
    ]);
    await t.fake.waitFor(() => t.fake.callsOf('editMessageText').some((c) => c.status === 200));
    const shown = t.fake.message(1003, msg.message_id)!;
    expect(before.endsWith('Câu trả lời có hữu ích không?')).toBe(true);
    expect(shown.text).toBe(before.slice(0, -'Câu trả lời có hữu ích không?'.length).trimEnd());
    expect(shown.entities).toEqual(formatting);
    expect(JSON.stringify(shown.reply_markup ?? {})).not.toContain('"f:');
  });

  it('offers "Ý bạn là…" buttons and answers the one pressed', async () => {
    t.h = await boot(t.fake);
    const question = 'bo me di lam xa, ong ba muon lam giam ho cho chau thi lam sao';
    expect(t.h.app.knowledge.engine.search(question).decision).toBe('suggest');
    t.fake.sendText(question, { id: 1004 });
    await t.fake.waitFor(() => sentTo(t.fake, 1004).length >= 1);
    const first = sentTo(t.fake, 1004)[0]!;
    expect(String(first.params.text)).toContain('Ý bạn là');
    const choice = buttonsOf(first).find((b) => b.callback_data === 'p:/xem giam-ho')!;
    expect(choice).toBeDefined();
    t.fake.press(choice.callback_data, { id: 1004 }, messageOf(first));
    await t.fake.waitFor(() => sentTo(t.fake, 1004).length >= 2);
    expect(t.fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(textsTo(t.fake, 1004)[1]).toContain('giám hộ');
  });

  it('tells the user a button is stale when its key was forgotten', async () => {
    t.h = await boot(t.fake);
    t.fake.press('k:zz', { id: 1013 }, { message_id: 1, chat: { id: 1013, type: 'private' } });
    await t.fake.waitFor(() => sentTo(t.fake, 1013).length >= 1);
    expect(textsTo(t.fake, 1013)[0]).toContain('Nút này đã cũ');
  });

  it('opens an entry from a deep link /start <id>', async () => {
    t.h = await boot(t.fake);
    t.fake.sendText('/start khai-sinh', { id: 1005 });
    t.fake.sendText('/start hotline-111', { id: 1015 });
    await t.fake.waitFor(() => sentTo(t.fake, 1005).length >= 1 && sentTo(t.fake, 1015).length >= 1);
    expect(textsTo(t.fake, 1005)[0]).toContain('<b>Đăng ký khai sinh');
    expect(textsTo(t.fake, 1015)[0]).toContain('111');
  });

  it('in a group, ignores messages not addressed to the bot and answers mentions, commands and replies', async () => {
    t.h = await boot(t.fake);
    const group = { id: -100200, type: 'supergroup', title: 'Thôn 1' };
    t.fake.sendText('mai họp thôn lúc 8 giờ nhé mọi người', { id: 2001 }, group);
    t.fake.sendText('lam giay khai sinh o dau', { id: 2002 }, group);
    t.fake.push({
      message: {
        message_id: 900,
        date: 0,
        chat: group,
        from: { id: 2006, is_bot: false, first_name: 'B' },
        photo: [{ file_id: 'p', file_unique_id: 'q', width: 1, height: 1 }],
      },
    });
    t.fake.push({
      message: {
        message_id: 901,
        date: 0,
        chat: group,
        from: { id: 2007, is_bot: false, first_name: 'C' },
        new_chat_members: [{ id: 2008, is_bot: false, first_name: 'D' }],
      },
    });
    t.fake.sendText('/hotline@other_bot', { id: 2005 }, group);
    await settle();
    expect(sentTo(t.fake, -100200)).toHaveLength(0);
    t.fake.sendText('@tro_ly_xa_bot lam giay khai sinh o dau', { id: 2003 }, group);
    await t.fake.waitFor(() => textsTo(t.fake, -100200).some((t) => t.startsWith('<b>Đăng ký khai sinh')));
    t.fake.sendText('/hotline@tro_ly_xa_bot', { id: 2004 }, group);
    await t.fake.waitFor(() => textsTo(t.fake, -100200).some((t) => t.includes('Số điện thoại cần biết')));
    const answer = renderHtml(
      (
        await t.h.app.assistant.handle({
          channel: 'telegram',
          userId: '9',
          chatId: '9',
          text: 'lam giay khai sinh o dau',
        })
      )[0]!,
    );
    expect(textsTo(t.fake, -100200)).toHaveLength(answer.length + 1);
    const botMsg = messageOf(sentTo(t.fake, -100200)[0]!);
    t.fake.sendText('thế còn khai tử thì sao', { id: 2009 }, group, {
      reply_to_message: { ...t.fake.message(-100200, botMsg.message_id) },
    });
    await t.fake.waitFor(() => sentTo(t.fake, -100200).length > answer.length + 1);
  });

  it('answers a sticker, a photo, a voice note and an edited message politely, and ignores service messages', async () => {
    t.h = await boot(t.fake);
    const chat = { id: 1006, type: 'private' };
    const from = { id: 1006, is_bot: false, first_name: 'A' };
    t.fake.push({ message: { message_id: 9, date: 0, chat, from, pinned_message: { message_id: 1, date: 0, chat } } });
    t.fake.push({
      message: {
        message_id: 10,
        date: 0,
        chat,
        from,
        sticker: {
          file_id: 'x',
          file_unique_id: 'y',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
    });
    t.fake.push({
      message: {
        message_id: 11,
        date: 0,
        chat,
        from,
        photo: [{ file_id: 'p', file_unique_id: 'q', width: 1, height: 1 }],
        caption: 'giấy này là gì',
      },
    });
    t.fake.push({
      message: { message_id: 12, date: 0, chat, from, voice: { file_id: 'v', file_unique_id: 'w', duration: 3 } },
    });
    t.fake.push({ edited_message: { message_id: 13, date: 0, edit_date: 1, chat, from, text: 'sửa' } });
    await t.fake.waitFor(() => sentTo(t.fake, 1006).length >= 4);
    await settle(200);
    const texts = textsTo(t.fake, 1006);
    expect(texts).toHaveLength(4);
    expect(texts.slice(0, 3).every((t) => t.includes('chỉ đọc được tin nhắn chữ'))).toBe(true);
    expect(texts[3]).toContain('tin đã sửa');
  });

  it('escapes HTML and splits long replies at 4,096 characters through send()', async () => {
    t.h = await boot(t.fake);
    const r = await t.h.channel.send('1011', {
      kind: 'info',
      title: 'Phí <b>& lệ phí</b>',
      sections: [{ text: 'Số 0912.345.678 (a < b), 50.000đ' }],
    });
    expect(r).toMatchObject({ ok: true });
    expect(textsTo(t.fake, 1011)[0]).toBe(
      '<b>Phí &lt;b&gt;&amp; lệ phí&lt;/b&gt;</b>\n\nSố 0912.345.678 (a &lt; b), 50.000đ',
    );
    const long = {
      kind: 'info' as const,
      sections: Array.from({ length: 40 }, (_, i) => ({
        heading: `Mục ${i}`,
        items: Array.from({ length: 5 }, () => 'chữ & '.repeat(40)),
      })),
    };
    const res = await t.h.channel.send('1012', long);
    expect(res).toMatchObject({ ok: true });
    expect(textsTo(t.fake, 1012)).toEqual(renderHtml(long));
    expect(sentTo(t.fake, 1012).length).toBeGreaterThan(1);
    expect(t.fake.sentTo(1012).every((m) => Array.from(String(m.text)).length <= 4096)).toBe(true);
  });
});
