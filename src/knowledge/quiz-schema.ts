/**
 * Schema of quizzes declared in the knowledge base (the `quizzes:` key, e.g.
 * in `knowledge/quizzes/cchc-2026.yaml`), validated with the rest of the
 * knowledge base. Like announcements it is a kind of knowledge, so it lives
 * here: the quiz part depends on knowledge, never the reverse. Cross-file
 * rules (each question's source is an existing entry) are in `quiz-checks.ts`.
 *
 * @example
 * ```yaml
 * quizzes:
 *   - id: cchc-2026
 *     title: Cuộc thi tìm hiểu cải cách hành chính năm 2026
 *     questions:
 *       - text: Thời hạn đăng ký khai sinh cho trẻ là bao lâu kể từ ngày sinh?
 *         options: [15 ngày, 30 ngày, 60 ngày, 90 ngày]
 *         answer: 3
 *         explanation: Đăng ký khai sinh trong 60 ngày kể từ ngày sinh.
 *         source: khai-sinh
 *     lastVerified: 2026-11-22
 * ```
 */
import { z } from 'zod';

const Slug = z
  .string()
  .max(30, 'mã cuộc thi tối đa 30 ký tự')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id phải là chữ thường không dấu nối bằng dấu gạch, ví dụ "cchc-2026"');
const EntryId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'nguồn là mã của một mục trong cơ sở tri thức, ví dụ "khai-sinh"');
const Text = z.string().trim().min(1, 'không được để trống');
const Day = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD'),
);

/** One question: four options, the right one (1–4), an explanation and the entry it comes from. */
export const QuizQuestion = z
  .strictObject({
    text: Text.max(500, 'câu hỏi tối đa 500 ký tự'),
    options: z.array(Text.max(120, 'mỗi phương án tối đa 120 ký tự')).length(4, 'mỗi câu hỏi có đúng 4 phương án'),
    /** The right option, 1 to 4 (1 = the first listed). */
    answer: z.number().int().min(1, 'đáp án là số từ 1 đến 4').max(4, 'đáp án là số từ 1 đến 4'),
    explanation: Text.max(1000, 'giải thích tối đa 1000 ký tự'),
    /** Id of the knowledge entry the fact comes from (a procedure, hotline or article). */
    source: EntryId,
    /** Which of the entry's sources (or legal bases) to show; default: the entry's first source. */
    cite: Text.optional(),
  })
  .refine((q) => new Set(q.options.map((o) => o.toLowerCase())).size === q.options.length, {
    message: 'các phương án phải khác nhau',
    path: ['options'],
  });

/** The optional tie-break: a number to guess; the closest guess wins among equal scores. */
export const QuizTieBreak = z.strictObject({
  text: Text.max(300, 'câu dự đoán tối đa 300 ký tự'),
  /** The right number; when absent, the number of people who finished the quiz (known at the draw). */
  answer: z.number().int().min(0).optional(),
});

/** One quiz. */
export const DeclaredQuiz = z.strictObject({
  id: Slug,
  title: Text.max(120, 'tên cuộc thi tối đa 120 ký tự'),
  /** A line shown before the first question (rules, prizes). */
  intro: Text.max(1000, 'lời giới thiệu tối đa 1000 ký tự').optional(),
  /** How many times one person may take it (default 1). */
  attempts: z.number().int().min(1, 'số lượt thi ít nhất là 1').max(10, 'số lượt thi tối đa là 10').default(1),
  /** Whether to ask the resident's village first (default true, when the commune lists villages). */
  askVillage: z.boolean().default(true),
  questions: z.array(QuizQuestion).min(1, 'cần ít nhất một câu hỏi').max(50, 'tối đa 50 câu hỏi'),
  tieBreak: QuizTieBreak.optional(),
  lastVerified: Day,
});

/** A validated quiz. */
export type DeclaredQuiz = z.infer<typeof DeclaredQuiz>;
/** A validated quiz question. */
export type QuizQuestion = z.infer<typeof QuizQuestion>;
