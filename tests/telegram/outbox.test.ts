/**
 * A Telegram reply left half sent by a crash (rows in the outbox of the same
 * database file) is completed when the bot starts: the missing HTML parts,
 * in order, the keyboard under the last one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { ReplyOutbox } from '../../src/channels/shared/outbox.js';
import { thisWorker, workerIdentity } from '../../src/storage/workers.js';
import { renderHtml } from '../../src/channels/telegram/render.js';
import type { Reply } from '../../src/core/types.js';
import { openDatabase } from '../../src/storage/db.js';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { boot, settle, textsTo, type Harness } from './harness.js';

let fake: FakeTelegramServer;
let h: Harness | undefined;
let dir: string;

beforeEach(async () => {
  fake = await new FakeTelegramServer({ maxLongPollMs: 200 }).start();
  dir = mkdtempSync(join(tmpdir(), 'tg-outbox-'));
});
afterEach(async () => {
  await h?.app.stop();
  h = undefined;
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Telegram reply outbox', () => {
  it('sends the parts a crash left unsent when the bot starts, once', async () => {
    const path = join(dir, 'db.sqlite');
    const long: Reply = {
      kind: 'info',
      sections: Array.from({ length: 40 }, (_, i) => ({
        heading: `Mục ${i}`,
        items: Array.from({ length: 5 }, () => 'chữ & '.repeat(40)),
      })),
      footer: 'Nguồn: Cổng Dịch vụ công quốc gia',
      buttons: [{ label: 'Thủ tục khác', payload: '/thutuc' }],
    };
    const parts = renderHtml(long);
    expect(parts.length).toBeGreaterThan(2);
    const before = openDatabase(path, ALL_MIGRATIONS);
    // Recorded by an earlier run of the app (same host and pid, another start).
    const ob = new ReplyOutbox(before, 'telegram', Date.now, workerIdentity(thisWorker().host, process.pid, 1));
    const [id] = ob.open('2001', [long, { kind: 'info', sections: [{ text: 'Phần sau' }] }]);
    ob.progress(id!).sent(0);
    before.close();

    h = await boot(fake, { DATABASE_PATH: path });
    await fake.waitFor(() => textsTo(fake, 2001).length >= parts.length);
    await settle(300);
    const texts = textsTo(fake, 2001);
    expect(texts).toEqual([...parts.slice(1), 'Phần sau']);
    const calls = fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === 2001);
    expect(calls.at(-2)!.params.reply_markup).toBeDefined();
  });
});
