/**
 * What residents read during a quiz: each question headed "Câu 1/N" with its
 * four options as buttons (the console and Zalo number them), the verdict
 * with the explanation and its official source, the village question, the
 * tie-break and the score. Every button sends a `/thi …` command, so a press
 * works even after the conversation state expired.
 *
 * @example
 * ```ts
 * questionReply(quiz, 0); // { title: 'Câu 1/6', sections: [...], buttons: [{ label: 'A. …', payload: '/thi cchc-2026 1 1' }, …] }
 * ```
 */
import type { Reply } from '../core/types.js';
import type { DeclaredQuiz } from '../knowledge/quiz-schema.js';

const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** The letter of option `n` (1–4). */
export function letter(n: number): string {
  return LETTERS[n - 1] ?? String(n);
}

/** A short info reply. */
export function say(text: string, title?: string): Reply {
  return { kind: 'info', ...(title ? { title } : {}), sections: [{ text }] };
}

/** Question `i` (0-based). Long options are also listed in the text, since buttons cut long labels. */
export function questionReply(quiz: DeclaredQuiz, i: number): Reply {
  const q = quiz.questions[i]!;
  const long = q.options.some((o) => Array.from(o).length > 56);
  return {
    kind: 'info',
    title: `Câu ${i + 1}/${quiz.questions.length}`,
    sections: [{ text: q.text }, ...(long ? [{ items: q.options.map((o, j) => `${letter(j + 1)}. ${o}`) }] : [])],
    buttons: q.options.map((o, j) => ({
      label: `${letter(j + 1)}. ${o}`,
      payload: `/thi ${quiz.id} ${i + 1} ${j + 1}`,
    })),
    footer: 'Bấm một phương án. Gõ /dung để tạm dừng.',
  };
}

/** Right or wrong, the explanation and the source shown to residents. */
export function verdictReply(quiz: DeclaredQuiz, i: number, chosen: number, source: string): Reply {
  const q = quiz.questions[i]!;
  const right = chosen === q.answer;
  return {
    kind: 'info',
    title: right ? '✅ Chính xác!' : `❌ Chưa đúng. Đáp án đúng: ${letter(q.answer)}. ${q.options[q.answer - 1]}`,
    sections: [{ text: q.explanation }],
    footer: `Nguồn: ${source}`,
  };
}

/** The village question, with a "prefer not to say" button. */
export function villageReply(quiz: DeclaredQuiz, villages: readonly { id: string; name: string }[]): Reply {
  return {
    kind: 'info',
    title: 'Bạn ở thôn, tổ dân phố nào?',
    sections: [{ text: 'Xã dùng thông tin này để thống kê số người tham gia theo thôn.' }],
    buttons: [
      ...villages.map((v) => ({ label: v.name, payload: `/thi ${quiz.id} thon ${v.id}` })),
      { label: 'Không muốn trả lời', payload: `/thi ${quiz.id} thon khong` },
    ],
  };
}

/** The tie-break question. */
export function tieBreakReply(quiz: DeclaredQuiz): Reply {
  return {
    kind: 'info',
    title: 'Câu dự đoán',
    sections: [{ text: quiz.tieBreak!.text }],
    footer: 'Gõ một số nguyên, ví dụ 120. Gõ /dung để tạm dừng.',
  };
}

/** The end of an attempt: the score and the attempt number to show when claiming a prize. */
export function scoreReply(quiz: DeclaredQuiz, score: number, attemptId: number, closesAt: string): Reply {
  const total = quiz.questions.length;
  return {
    kind: 'info',
    title: `Bạn trả lời đúng ${score}/${total} câu.`,
    sections: [
      { text: `Cảm ơn bạn đã tham gia ${quiz.title}. Mã dự thi của bạn là ${attemptId}.` },
      {
        text: `Cuộc thi kết thúc lúc ${closesAt}. Người đoạt giải được thông báo qua tin nhắn này và nhận giải tại UBND xã.`,
      },
    ],
  };
}

/** The list of open quizzes, one button each. */
export function openListReply(quizzes: readonly DeclaredQuiz[]): Reply {
  return {
    kind: 'list',
    title: 'Các cuộc thi đang mở',
    sections: [{ text: 'Bạn chọn một cuộc thi để bắt đầu.' }],
    buttons: quizzes.map((q) => ({ label: q.title, payload: `/thi ${q.id}` })),
  };
}
