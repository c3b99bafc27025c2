/**
 * An update whose sender is malformed (`from` missing on a private message,
 * `from.id` not a number) is ignored with one warning line (channel and
 * update id, nothing of the payload), never a TypeError stack.
 */
import { describe, expect, it } from 'vitest';
import { boot, settle, perTestTelegram } from './harness.js';

const env = {
  TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/webhooks/telegram',
  TELEGRAM_WEBHOOK_SECRET: 'a1b2c3d4e5f6g7h8i9j0',
};
const header = { 'x-telegram-bot-api-secret-token': env.TELEGRAM_WEBHOOK_SECRET };
const t = perTestTelegram();

/** Posts a private text update from user 4001 with its `from` replaced by `from`. */
async function post(updateId: number, from: unknown, drop = false): Promise<number> {
  const u = t.fake.textUpdate('giấy khai sinh bí mật', { id: 4001 }) as { message: Record<string, unknown> };
  if (drop) delete u.message.from;
  else u.message.from = from;
  const res = await t.h!.app.http.inject({
    method: 'POST',
    url: '/webhooks/telegram',
    headers: header,
    payload: { update_id: updateId, ...u },
  });
  return res.statusCode;
}

describe('malformed Telegram updates', () => {
  it.each([
    ['from.id a string', { id: 'abc', is_bot: false, first_name: 'X' }, false],
    ['from without id', { is_bot: false, first_name: 'X' }, false],
    ['from missing', undefined, true],
    ['from null', null, false],
  ])('%s: one warning line, no stack, no reply', async (_name, from, drop) => {
    t.h = await boot(t.fake, env);
    expect(await post(7001, from, drop)).toBe(200);
    await settle();
    const lines = t.h.logs.filter((l) => l.includes('7001') || /TypeError|"err"|stack/.test(l));
    expect(lines, t.h.logs.join('')).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 40, channel: 'telegram', updateId: 7001 });
    expect(lines[0]).not.toMatch(/khai sinh|TypeError|stack|abc/);
    expect(t.fake.callsOf('sendMessage')).toHaveLength(0);
  });
});
