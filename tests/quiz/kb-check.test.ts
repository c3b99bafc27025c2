/**
 * Quizzes in the knowledge base: the shipped sample validates and cites
 * only shipped entries; a malformed quiz file is reported by `kb:check` with
 * its file and line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';

function kbWith(quiz: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kb-quiz-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
  const file = join(dir, 'quizzes', 'thu.yaml');
  mkdirSync(join(dir, 'quizzes'));
  writeFileSync(file, quiz);
  return { dir, file };
}

const GOOD_QUESTION = `      - text: Thời hạn đăng ký khai sinh?
        options: [15 ngày, 30 ngày, 60 ngày, 90 ngày]
        answer: 3
        explanation: Trong 60 ngày kể từ ngày sinh.
        source: khai-sinh
`;

const quizFile = (questions: string) => `quizzes:
  - id: thu
    title: Thi thử
    questions:
${questions}    lastVerified: 2026-12-01
`;

describe('quizzes in the knowledge base', () => {
  it('loads the shipped sample quiz, each question citing an existing entry and one of its sources', () => {
    const r = loadKnowledge('knowledge');
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    const quiz = r.kb.quizzes.find((q) => q.id === 'cchc-2026')!;
    expect(quiz.questions.length).toBeGreaterThanOrEqual(5);
    for (const q of quiz.questions) {
      const entry = r.kb.byId.get(q.source);
      expect(entry, q.source).toBeDefined();
      const citable = [...entry!.data.sources, ...('legalBasis' in entry!.data ? entry!.data.legalBasis : [])];
      if (q.cite) expect(citable).toContain(q.cite);
      expect(q.options).toHaveLength(4);
    }
  });

  it('accepts a well-formed quiz', () => {
    const { dir } = kbWith(quizFile(GOOD_QUESTION));
    const r = loadKnowledge(dir);
    expect(r.ok && r.kb.quizzes.map((q) => [q.id, q.attempts])).toEqual([['thu', 1]]);
  });

  it('reports three options, an answer out of range, a missing entry and a wrong cite with file and line', () => {
    const { dir } = kbWith(
      quizFile(`${GOOD_QUESTION}      - text: Câu có ba phương án
        options: [Một, Hai, Ba]
        answer: 5
        explanation: Giải thích.
        source: khai-sinh
      - text: Câu trỏ tới mục không có
        options: [Một, Hai, Ba, Bốn]
        answer: 1
        explanation: Giải thích.
        source: khong-co-muc-nay
      - text: Câu dẫn nguồn không có trong mục
        options: [Một, Hai, Ba, Bốn]
        answer: 1
        explanation: Giải thích.
        source: khai-sinh
        cite: Nghị định 999/2099/NĐ-CP
`),
    );
    const r = loadKnowledge(dir);
    expect(r.ok).toBe(false);
    const lines = r.ok
      ? []
      : r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/.*kb-quiz-[^/]+\//, '') }));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^quizzes\/thu\.yaml:11: quizzes\[0\]\.questions\[1\]\.options: mỗi câu hỏi có đúng 4 phương án/,
        ),
        expect.stringMatching(/^quizzes\/thu\.yaml:12: quizzes\[0\]\.questions\[1\]\.answer: đáp án là số từ 1 đến 4/),
      ]),
    );
    // The entry checks run once the file itself validates.
    const { dir: dir2 } = kbWith(
      quizFile(`${GOOD_QUESTION}      - text: Câu trỏ tới mục không có
        options: [Một, Hai, Ba, Bốn]
        answer: 1
        explanation: Giải thích.
        source: khong-co-muc-nay
      - text: Câu dẫn nguồn không có trong mục
        options: [Một, Hai, Ba, Bốn]
        answer: 1
        explanation: Giải thích.
        source: khai-sinh
        cite: Nghị định 999/2099/NĐ-CP
`),
    );
    const r2 = loadKnowledge(dir2);
    const lines2 = r2.ok
      ? []
      : r2.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/.*kb-quiz-[^/]+\//, '') }));
    expect(lines2).toEqual([
      'quizzes/thu.yaml:14: thu.questions[1].source: không có mục nào có id "khong-co-muc-nay"',
      'quizzes/thu.yaml:20: thu.questions[2].cite: mục "khai-sinh" không có nguồn này; chép đúng một dòng trong sources hoặc legalBasis của mục',
    ]);
  });

  it('npm run kb:check prints the file and line of a malformed quiz and exits 1', () => {
    const { dir } = kbWith(quizFile(GOOD_QUESTION.replace('        answer: 3\n', '')));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb-check.ts', dir], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/quizzes\/thu\.yaml:5: quizzes\[0\]\.questions\[0\]\.answer: thiếu trường `answer`/);
  });
});
