/**
 * `/loa <id> âm thanh` end to end through the fake Bot API: the staff member
 * gets the script, then the WAV file uploaded as a document (multipart, as
 * grammY sends it), or a clear message when the engine is missing or the
 * channel cannot take files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLoaArgs } from '../../src/loudspeaker/audio-reply.js';
import { espeakNg } from '../../src/loudspeaker/voice.js';
import { makeTestApp, replyText, type TestApp } from '../admin/helpers.js';
import { boot, perTestTelegram, settle, textsTo } from '../telegram/harness.js';

const present = await espeakNg().available();
// CI installs espeak-ng (.ci/run): there a missing engine is a failure, not a skip.
const itWithEngine = present || process.env.CI ? it : it.skip;
const t = perTestTelegram();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'loa-chat-'));
  dirs.push(d);
  return d;
}

/** Length in seconds of a PCM WAV held in memory (header byte rate and data size). */
function wavBytesSeconds(b: Buffer): number {
  expect(b.toString('ascii', 0, 4)).toBe('RIFF');
  const byteRate = b.readUInt32LE(28);
  const data = b.indexOf('data', 12, 'ascii');
  return (b.length - data - 8) / byteRate;
}

describe('/loa … âm thanh in chat', () => {
  it('reads the arguments: the id, then words asking for the file', () => {
    expect(parseLoaArgs('khai-sinh')).toEqual({ id: 'khai-sinh', audio: false });
    expect(parseLoaArgs('khai-sinh âm thanh')).toEqual({ id: 'khai-sinh', audio: true });
    expect(parseLoaArgs('12 am thanh')).toEqual({ id: '12', audio: true });
    expect(parseLoaArgs('12 --audio')).toEqual({ id: '12', audio: true });
    expect(parseLoaArgs('12 xin chào')).toEqual({ id: '12', audio: false });
  });

  itWithEngine(
    'sends staff the WAV file as a document in their Telegram chat, with its length',
    async () => {
      const dir = dataDir();
      t.h = await boot(t.fake, { STAFF_IDS: 'telegram:5001', DATA_DIR: dir });
      t.fake.sendText('/loa khai-sinh âm thanh', { id: 5001 });
      await t.fake.waitFor(() => t.fake.uploads(5001).length === 1, 30_000);
      const texts = textsTo(t.fake, 5001).join('\n');
      expect(texts).toContain('Bài đọc trên loa: Đăng ký khai sinh');
      expect(texts).toContain('Đang tạo tệp âm thanh');
      const [up] = t.fake.uploads(5001);
      expect(up!.filename).toBe('loa-khai-sinh.wav');
      expect(up!.caption).toMatch(/^Bài đọc trên loa: Đăng ký khai sinh \(\d+ phút( \d+ giây)?\)\.$/);
      const seconds = wavBytesSeconds(up!.bytes);
      expect(seconds).toBeGreaterThan(60);
      // The bytes uploaded are the file kept on the server, whole (written under a temporary name, then renamed).
      expect(up!.bytes.equals(readFileSync(join(dir, 'loa', 'loa-khai-sinh.wav')))).toBe(true);
    },
    60_000,
  );

  it('says clearly in the chat when the speech program is missing, and residents cannot ask for it', async () => {
    t.h = await boot(t.fake, {
      STAFF_IDS: 'telegram:5002',
      DATA_DIR: dataDir(),
      TTS_COMMAND: '/nonexistent/espeak-ng',
    });
    t.fake.sendText('/loa khai-sinh âm thanh', { id: 5002 });
    await t.fake.waitFor(() => textsTo(t.fake, 5002).some((x) => x.includes('chưa cài chương trình đọc')), 15_000);
    expect(t.fake.uploads()).toHaveLength(0);
    expect(t.h.logs.join('\n')).toContain('loudspeaker audio failed');
    t.fake.sendText('/loa khai-sinh âm thanh', { id: 5003 });
    await t.fake.waitFor(() => textsTo(t.fake, 5003).length > 0);
    await settle();
    expect(textsTo(t.fake, 5003).join('\n')).toContain('chỉ dành cho cán bộ');
    expect(t.fake.uploads()).toHaveLength(0);
  });
});

describe('/loa … âm thanh on a channel without files', () => {
  let app: TestApp | undefined;
  afterEach(async () => app?.close());

  it('tells staff how to get the file instead on a Zalo OA chat (the OA channel sends no files)', async () => {
    app = await makeTestApp({ STAFF_IDS: 'zalo-oa:staff9' });
    const replies = await app.say('zalo-oa', 'staff9', '/loa khai-sinh âm thanh');
    const last = replies.at(-1)!;
    expect(last.kind).toBe('error');
    expect(replyText(last)).toContain('Kênh này chưa nhận được tệp âm thanh');
    expect(replyText(last)).toContain('npm run loa -- khai-sinh --audio');
  });
});
