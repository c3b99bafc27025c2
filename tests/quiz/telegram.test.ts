/**
 * A CCHC quiz end to end through the fake Telegram Bot API: staff open the
 * shipped sample quiz, three residents take it by pressing the buttons, the
 * one-attempt rule holds, staff read the results per village, export them
 * (CSV and XLSX) and draw winners with a seed: twice, with the same winners.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../src/announcements/time.js';
import type { FakeCall } from '../fakes/telegram-server.js';
import { boot, buttonsOf, messageOf, perTestTelegram, sentTo } from '../telegram/harness.js';

const t = perTestTelegram();
const STAFF = 900;
/** The right options of the sample quiz, in order (knowledge/quizzes/cchc-2026.yaml). */
const RIGHT = [2, 2, 3, 2, 3, 1];

/** The shipped knowledge with two villages in the commune profile. */
function knowledgeWithVillages(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quiz-kb-'));
  cpSync('knowledge', dir, { recursive: true });
  const p = join(dir, 'commune.yaml');
  const villages =
    '  villages:\n    - id: thon-dong\n      name: Thôn Đông\n    - id: thon-tay\n      name: Thôn Tây\n';
  writeFileSync(p, readFileSync(p, 'utf8').replace('  villages: []\n', villages));
  return dir;
}

const seen = new Map<number, number>();
/** The next message to `chat` (after those already seen) whose text matches. */
async function next(chat: number, pattern: RegExp): Promise<FakeCall> {
  let found: FakeCall | undefined;
  await t.fake.waitFor(() => {
    const calls = sentTo(t.fake, chat);
    const from = seen.get(chat) ?? 0;
    const i = calls.findIndex((c, j) => j >= from && pattern.test(String(c.params.text)));
    if (i < 0) return false;
    found = calls[i];
    seen.set(chat, i + 1);
    return true;
  });
  return found!;
}

/** Presses the button of `msg` whose label starts with `label`. */
function press(user: number, msg: FakeCall, label: string): void {
  const b = buttonsOf(msg).find((x) => x.text.startsWith(label));
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(buttonsOf(msg))}`);
  t.fake.press(b.callback_data, { id: user }, messageOf(msg));
}

/** One resident takes the quiz: village button, one button per question, then the typed guess. */
async function takeQuiz(user: number, village: string, answers: number[], guess: string): Promise<string> {
  t.fake.sendText('/thi', { id: user });
  const ask = await next(user, /Bạn ở thôn, tổ dân phố nào\?/);
  expect(buttonsOf(ask).map((b) => b.text)).toEqual(['Thôn Đông', 'Thôn Tây', 'Không muốn trả lời']);
  press(user, ask, village);
  for (const [i, option] of answers.entries()) {
    const q = await next(user, new RegExp(`Câu ${i + 1}/6`));
    expect(buttonsOf(q)).toHaveLength(4);
    press(user, q, `${'ABCD'[option - 1]}.`);
    const verdict = await next(user, /Chính xác|Chưa đúng/);
    const text = String(verdict.params.text);
    expect(text).toContain(option === RIGHT[i] ? 'Chính xác!' : 'Chưa đúng. Đáp án đúng');
    expect(text).toContain('Nguồn:');
    expect(text).not.toMatch(/github/i);
  }
  await next(user, /Câu dự đoán/);
  t.fake.sendText(guess, { id: user });
  return String((await next(user, /Bạn trả lời đúng/)).params.text);
}

/** Sends a staff command and returns the reply's text. */
async function staff(text: string, pattern: RegExp): Promise<string> {
  t.fake.sendText(text, { id: STAFF });
  return String((await next(STAFF, pattern)).params.text);
}

function dmy(at: number): string {
  const p = localParts('Asia/Ho_Chi_Minh', at);
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
}

describe('quiz through Telegram', () => {
  it('three residents take the quiz; results, one attempt, export and a reproducible seeded draw', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'quiz-reports-'));
    t.h = await boot(t.fake, {
      KNOWLEDGE_DIR: knowledgeWithVillages(),
      STAFF_IDS: `telegram:${STAFF}`,
      REPORTS_DIR: reports,
      TELEGRAM_FLOOD_LIMIT: '0', // residents here press faster than people read
    });
    seen.clear();
    t.fake.sendText('/thi', { id: 1001 });
    await next(1001, /Hiện chưa có cuộc thi nào đang mở/);
    const opened = await staff(`/cuocthi mo cchc-2026 ${dmy(Date.now())} ${dmy(Date.now() + 2 * 86_400_000)}`, /Đã mở/);
    expect(opened).toContain('Người dân gõ /thi để tham gia.');

    expect(await takeQuiz(1001, 'Thôn Đông', RIGHT, '5')).toContain('Bạn trả lời đúng 6/6 câu.');
    expect(await takeQuiz(1002, 'Thôn Đông', [2, 2, 3, 1, 3, 2], '10')).toContain('Bạn trả lời đúng 4/6 câu.');
    expect(await takeQuiz(1003, 'Không muốn', [2, 2, 3, 2, 1, 2], '3')).toContain('Bạn trả lời đúng 4/6 câu.');

    // One attempt per person: a second /thi is refused, and an old button changes nothing.
    t.fake.sendText('/thi', { id: 1001 });
    expect(String((await next(1001, /thi đủ/)).params.text)).toContain('Mỗi người được thi một lần');
    t.fake.press('p:/thi cchc-2026 1 1', { id: 1001 }, { message_id: 1, chat: { id: 1001, type: 'private' } });
    await next(1001, /đã hoàn thành cuộc thi này/);
    const scores = t.h.app.db.prepare('SELECT score, village FROM quiz_attempts ORDER BY id').all();
    expect(scores).toEqual([
      { score: 6, village: 'thon-dong' },
      { score: 4, village: 'thon-dong' },
      { score: 4, village: null },
    ]);

    const results = await staff('/cuocthi ketqua cchc-2026', /Kết quả/);
    expect(results).toContain('Bắt đầu: 3 người · hoàn thành: 3 · điểm trung bình: 4.67/6 · đúng hết: 1');
    expect(results).toContain('Thôn Đông: 2 bắt đầu, 2 hoàn thành, điểm trung bình 5, đúng hết 1');
    expect(results).toContain('Thôn Tây: 0 bắt đầu');
    expect(results).toContain('Không nêu thôn: 1 bắt đầu, 1 hoàn thành, điểm trung bình 4, đúng hết 0');

    expect(await staff('/cuocthi xuat cchc-2026', /Đã xuất/)).toContain('Đã xuất 3 bài thi');
    const csv = readFileSync(join(reports, 'cuoc-thi-cchc-2026.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('Mã dự thi,Thôn,Kênh,Bắt đầu,Hoàn thành,Số câu đúng,Số câu,Dự đoán');
    expect(csv.slice(1).map((l) => l.split(',').filter((_, i) => [1, 2, 5, 6, 7].includes(i)))).toEqual([
      ['Thôn Đông', 'telegram', '6', '6', '5'],
      ['Thôn Đông', 'telegram', '4', '6', '10'],
      ['Không nêu thôn', 'telegram', '4', '6', '3'],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(reports, 'cuoc-thi-cchc-2026.xlsx'));
    expect(wb.getWorksheet('Bài thi')!.rowCount).toBe(4);
    expect(wb.getWorksheet('Theo thôn')!.getRow(2).values).toEqual([undefined, 'Thôn Đông', 2, 2, 5, 1]);

    expect(await staff('/cuocthi quay cchc-2026 2 xsmb-31-12', /chưa kết thúc/)).toContain('/cuocthi dong cchc-2026');
    await staff('/cuocthi dong cchc-2026', /Đã đóng/);
    t.fake.sendText('/thi cchc-2026', { id: 1004 });
    await next(1004, /đã kết thúc/);

    // Same seed, same winners: the full score first, then the closest guess (3 people finished) among the 4/6.
    const first = await staff('/cuocthi quay cchc-2026 2 xsmb-31-12', /Quay thưởng/);
    const again = await staff('/cuocthi quay cchc-2026 2 xsmb-31-12', /Quay thưởng/);
    const winners = (s: string) => [...s.matchAll(/Mã dự thi (\d+)/g)].map((m) => Number(m[1]));
    expect(winners(first)).toEqual([1, 3]);
    expect(winners(again)).toEqual(winners(first));
    const audit = t.h.app.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'cuocthi' AND detail LIKE 'draw cchc-2026 #%' ORDER BY id")
      .all() as { detail: string }[];
    expect(audit.map((a) => a.detail.replace(/#\d+ /, ''))).toEqual([
      'draw cchc-2026 prizes=2 seed=xsmb-31-12 entrants=3 winners=1,3',
      'draw cchc-2026 prizes=2 seed=xsmb-31-12 entrants=3 winners=1,3',
    ]);

    expect(await staff('/cuocthi bao cchc-2026', /người đoạt giải/)).toContain('Đã nhắn 2/2');
    expect(String((await next(1001, /Chúc mừng/)).params.text)).toContain('đoạt giải 1');
    expect(String((await next(1003, /Chúc mừng/)).params.text)).toContain('đoạt giải 2');
    expect(sentTo(t.fake, 1002).some((c) => /Chúc mừng/.test(String(c.params.text)))).toBe(false);
  });
});
