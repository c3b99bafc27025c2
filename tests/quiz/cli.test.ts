/**
 * `npm run quiz`: results, export and the seeded draw from the command
 * line, on a database file the assistant wrote; the draw is refused while
 * the quiz is open, gives the same winners twice and is audited.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { QuizStore } from '../../src/quiz/store.js';
import { openDatabase } from '../../src/storage/db.js';
import { runCli } from '../cli/run-cli.js';

/** A database with five finished attempts at the sample quiz (scores 6, 5, 5, 5, 2), still open. */
function seeded(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'quiz-cli-')), 'db.sqlite');
  const db = openDatabase(path, ALL_MIGRATIONS);
  const store = new QuizStore(db);
  const now = Date.now();
  store.setPeriod('cchc-2026', now - 86_400_000, now + 86_400_000, now, 'test');
  for (const [i, score] of [6, 5, 5, 5, 2].entries()) {
    const a = store.startAttempt({
      quizId: 'cchc-2026',
      userHash: `u${i}`,
      channel: 'telegram',
      chatId: String(i),
      total: 6,
      now,
    });
    for (let q = 0; q < 6; q++) store.recordAnswer(a.id, 1, q < score);
    store.setTiebreak(a.id, 5);
    store.finish(a.id, now);
  }
  db.close();
  return path;
}

describe('npm run quiz', () => {
  it('prints results, exports both files, and draws the same winners twice once closed', async () => {
    const DATABASE_PATH = seeded();
    const env = { DATABASE_PATH };
    const results = await runCli('quiz.ts', ['results', 'cchc-2026'], env);
    expect(results.code).toBe(0);
    expect(results.out).toContain('Bắt đầu: 5 người · hoàn thành: 5 · điểm trung bình: 4.6/6 · đúng hết: 1');

    const out = mkdtempSync(join(tmpdir(), 'quiz-out-'));
    const exported = await runCli('quiz.ts', ['export', 'cchc-2026', '--out', out], env);
    expect(exported.out).toContain('Đã xuất 5 bài thi');
    expect(existsSync(join(out, 'cuoc-thi-cchc-2026.csv')) && existsSync(join(out, 'cuoc-thi-cchc-2026.xlsx'))).toBe(
      true,
    );

    const early = await runCli('quiz.ts', ['draw', 'cchc-2026', '2', 'xsmb'], env);
    expect(early.code).toBe(1);
    expect(early.err).toContain('chưa kết thúc');
    expect((await runCli('quiz.ts', ['close', 'cchc-2026'], env)).code).toBe(0);

    const first = await runCli('quiz.ts', ['draw', 'cchc-2026', '2', 'xsmb', '31/12'], env);
    const second = await runCli('quiz.ts', ['draw', 'cchc-2026', '2', 'xsmb', '31/12'], env);
    const winners = (s: string) => [...s.matchAll(/Mã dự thi (\d+)/g)].map((m) => Number(m[1]));
    expect(first.code).toBe(0);
    expect(winners(first.out)[0]).toBe(1); // the only full score
    expect(winners(first.out)).toHaveLength(2);
    expect([2, 3, 4]).toContain(winners(first.out)[1]); // one of the three 5/6, by the seed
    expect(winners(second.out)).toEqual(winners(first.out));
    const db = openDatabase(DATABASE_PATH, ALL_MIGRATIONS);
    const audit = db.prepare("SELECT channel, action, detail FROM audit_log WHERE action = 'cuocthi'").all();
    db.close();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ channel: 'cli', detail: expect.stringContaining('seed=xsmb 31/12 entrants=5') });
  }, 60_000);

  it('exits 2 on a missing argument and 1 on an unknown quiz', async () => {
    const env = { DATABASE_PATH: seeded() };
    expect((await runCli('quiz.ts', ['draw', 'cchc-2026'], env)).code).toBe(2);
    const unknown = await runCli('quiz.ts', ['results', 'khong-co'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Không có cuộc thi "khong-co"');
  });
});
