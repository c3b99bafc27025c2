/**
 * The resident side of a quiz, a session-based conversation like the SIPAS
 * survey: `/thi` lists the open quizzes (or starts the only one), asks the
 * village, then each question; a button answers, the explanation follows,
 * the score comes at the end. The state that matters (answers, score) is in
 * the attempt row, so `/thi` resumes an unfinished attempt; the session only
 * says "a quiz is under way" so that a typed A–D, a number or `/dung` is read
 * as part of it. Anything else ends the session and is answered normally.
 *
 * @example
 * ```ts
 * registry.register(...quizCommands(service));
 * assistant.use(quizMiddleware(service));
 * // Resident: "/thi" → "Câu 1/6" with buttons "/thi cchc-2026 1 1" … "/thi cchc-2026 1 4"
 * ```
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { DeclaredQuiz } from '../knowledge/quiz-schema.js';
import { foldForCommand as fold } from '../text/fold.js';
import { openListReply, questionReply, say, scoreReply, tieBreakReply, verdictReply, villageReply } from './render.js';
import type { QuizService } from './service.js';
import type { Attempt } from './store.js';

/** Session key of this flow. */
export const QUIZ_SESSION_KEY = 'quiz';

interface QuizState {
  quizId: string;
  attemptId: number;
}

/** Words that pause a quiz (the raw text, lowercased: "dung" alone is also "đúng"). */
const STOP = /^(dừng|dừng lại|dừng thi|dung lai|dung thi|thoát|thoat|hủy|huỷ|huy|kết thúc|ket thuc|stop)$/;

/** Asks for what the attempt still needs, or finishes it with the score. */
function nextStep(svc: QuizService, ctx: TurnContext, quiz: DeclaredQuiz, a: Attempt): void {
  const villages = svc.villages();
  if (!a.villageAsked && quiz.askVillage && villages.length > 0) return ctx.reply(villageReply(quiz, villages));
  if (a.answers.length < quiz.questions.length) return ctx.reply(questionReply(quiz, a.answers.length));
  if (quiz.tieBreak && a.tiebreak === null) return ctx.reply(tieBreakReply(quiz));
  svc.store.finish(a.id, svc.now());
  ctx.session.set(QUIZ_SESSION_KEY, undefined);
  ctx.log.info({ quiz: quiz.id, attempt: a.id, score: a.score }, 'quiz attempt finished');
  const closes = svc.store.period(quiz.id)?.closesAt;
  ctx.reply(scoreReply(quiz, a.score, a.id, closes !== undefined ? svc.format(closes) : ''));
}

/** A quiz residents can answer now, or a reply saying why not. */
function openQuiz(svc: QuizService, ctx: TurnContext, id: string): DeclaredQuiz | undefined {
  const quiz = svc.quiz(id);
  if (!quiz || !svc.store.isOpen(id, svc.now())) {
    ctx.session.set(QUIZ_SESSION_KEY, undefined);
    ctx.reply(
      say(
        svc.ended(id)
          ? 'Cuộc thi này đã kết thúc. Cảm ơn bạn đã quan tâm.'
          : 'Không có cuộc thi đang mở với mã này. Gõ /thi để xem các cuộc thi đang mở.',
      ),
    );
    return undefined;
  }
  return quiz;
}

/** Starts (or resumes) a quiz for the sender, within the attempt limit. */
function start(svc: QuizService, ctx: TurnContext, id: string): void {
  const quiz = openQuiz(svc, ctx, id);
  if (!quiz) return;
  const mine = svc.store.attemptsOf(id, ctx.userHash);
  let a = mine.find((x) => x.finishedAt === null);
  if (!a && mine.length >= quiz.attempts) {
    const best = Math.max(...mine.map((x) => x.score));
    const times = quiz.attempts === 1 ? 'một lần' : `${quiz.attempts} lần`;
    ctx.reply(
      say(`Mỗi người được thi ${times}, và bạn đã thi đủ. Điểm cao nhất của bạn: ${best}/${quiz.questions.length}.`),
    );
    return;
  }
  if (!a) {
    const { channel, chatId } = ctx.message;
    a = svc.store.startAttempt({
      quizId: id,
      userHash: ctx.userHash,
      channel,
      chatId,
      total: quiz.questions.length,
      now: svc.now(),
    });
    const village = svc.subscribedVillage(channel, chatId);
    if (village) svc.store.setVillage(a.id, village);
    a = svc.store.attempt(a.id)!;
    ctx.log.info({ quiz: id, attempt: a.id }, 'quiz attempt started');
    ctx.reply(say(quiz.intro ?? `Bạn bắt đầu ${quiz.title}.`, quiz.title));
  } else ctx.reply(say('Bạn làm tiếp bài thi đang dở.', quiz.title));
  ctx.session.set(QUIZ_SESSION_KEY, { quizId: id, attemptId: a.id } satisfies QuizState);
  nextStep(svc, ctx, quiz, a);
}

/** The sender's unfinished attempt at an open quiz, or a reply saying there is none. */
function ongoing(svc: QuizService, ctx: TurnContext, id: string): { quiz: DeclaredQuiz; a: Attempt } | undefined {
  const quiz = openQuiz(svc, ctx, id);
  if (!quiz) return undefined;
  const a = svc.current(id, ctx.userHash);
  if (!a) {
    ctx.reply(say('Bạn chưa bắt đầu hoặc đã hoàn thành cuộc thi này. Gõ /thi để xem các cuộc thi đang mở.'));
    return undefined;
  }
  ctx.session.set(QUIZ_SESSION_KEY, { quizId: id, attemptId: a.id } satisfies QuizState);
  return { quiz, a };
}

/** Records the answer to question `n` (1-based) and goes on. */
function answer(svc: QuizService, ctx: TurnContext, id: string, n: number, option: number): void {
  const found = ongoing(svc, ctx, id);
  if (!found) return;
  const { quiz, a } = found;
  const i = a.answers.length;
  if (n !== i + 1 || i >= quiz.questions.length || (!a.villageAsked && quiz.askVillage && svc.villages().length > 0)) {
    ctx.reply(say(n <= i ? `Bạn đã trả lời câu ${n} rồi.` : 'Bạn trả lời câu hiện tại trước nhé.'));
    return nextStep(svc, ctx, quiz, a);
  }
  const q = quiz.questions[i]!;
  svc.store.recordAnswer(a.id, option, option === q.answer);
  ctx.reply(verdictReply(quiz, i, option, svc.sourceOf(q)));
  nextStep(svc, ctx, quiz, svc.store.attempt(a.id)!);
}

/** Records the village (or none) and goes on. */
function chooseVillage(svc: QuizService, ctx: TurnContext, id: string, village: string): void {
  const found = ongoing(svc, ctx, id);
  if (!found) return;
  const known = svc.villages().find((v) => v.id === village || fold(v.name) === fold(village));
  if (!found.a.villageAsked) svc.store.setVillage(found.a.id, known?.id ?? null);
  nextStep(svc, ctx, found.quiz, svc.store.attempt(found.a.id)!);
}

/** Records the tie-break guess and goes on. */
function guess(svc: QuizService, ctx: TurnContext, id: string, value: number): void {
  const found = ongoing(svc, ctx, id);
  if (!found) return;
  const { quiz, a } = found;
  if (quiz.tieBreak && a.answers.length >= quiz.questions.length && a.tiebreak === null)
    svc.store.setTiebreak(a.id, value);
  nextStep(svc, ctx, quiz, svc.store.attempt(a.id)!);
}

/** `/thi [mã] [câu phương án | thon <thôn> | dudoan <số>]`. */
function runThi(svc: QuizService, ctx: TurnContext, args: string): void {
  if (ctx.message.isGroup) return ctx.reply(say('Bạn nhắn riêng cho trợ lý để dự thi nhé.'));
  const [id, ...rest] = args.split(/\s+/).filter(Boolean);
  if (!id) {
    const open = svc.openQuizzes();
    if (open.length === 1) return start(svc, ctx, open[0]!.id);
    return ctx.reply(
      open.length === 0 ? say('Hiện chưa có cuộc thi nào đang mở. Cảm ơn bạn đã quan tâm.') : openListReply(open),
    );
  }
  const [w1, w2] = rest;
  if (w1 === undefined) return start(svc, ctx, id);
  if (fold(w1) === 'thon') return chooseVillage(svc, ctx, id, rest.slice(1).join(' '));
  if (fold(w1) === 'dudoan' && w2 && /^\d{1,9}$/.test(w2)) return guess(svc, ctx, id, Number(w2));
  if (/^\d{1,2}$/.test(w1) && w2 && /^[1-4]$/.test(w2)) return answer(svc, ctx, id, Number(w1), Number(w2));
  ctx.reply(say('Gõ /thi để bắt đầu hoặc làm tiếp bài thi.'));
}

/** Pauses the quiz under way (the attempt stays, `/thi` resumes it). */
function stop(ctx: TurnContext): void {
  const had = ctx.session.get<QuizState>(QUIZ_SESSION_KEY) !== undefined;
  ctx.session.set(QUIZ_SESSION_KEY, undefined);
  ctx.reply(
    say(
      had ? 'Bạn đã tạm dừng bài thi. Gõ /thi để làm tiếp khi cuộc thi còn mở.' : 'Bạn không có bài thi nào đang làm.',
    ),
  );
}

/** The resident commands: `/thi` and `/dung`. */
export function quizCommands(svc: QuizService): Command[] {
  return [
    {
      name: 'thi',
      aliases: ['duthi'],
      role: 'resident',
      usage: '[mã cuộc thi]',
      help: 'tham gia cuộc thi tìm hiểu cải cách hành chính đang mở',
      run: (ctx, args) => runThi(svc, ctx, args),
    },
    {
      name: 'dung',
      aliases: ['dừng'],
      role: 'resident',
      help: 'tạm dừng bài thi đang làm',
      listIn: [],
      run: (ctx) => stop(ctx),
    },
  ];
}

/** Typed answers while a quiz is under way: A–D or 1–4, the tie-break number, a village name, or a stop word. */
export function quizMiddleware(svc: QuizService): Middleware {
  return async (ctx, next) => {
    const state = ctx.session.get<QuizState>(QUIZ_SESSION_KEY);
    if (!state || ctx.message.isGroup) return next();
    const f = fold(ctx.text);
    if (f.startsWith('/thi') || f.startsWith('/dung')) return next();
    if (STOP.test(ctx.text.trim().toLowerCase())) return stop(ctx);
    const a = svc.store.attempt(state.attemptId);
    const quiz = svc.quiz(state.quizId);
    if (a && quiz && a.finishedAt === null) {
      const typed = typedStep(svc, quiz, a, f);
      if (typed) return runThi(svc, ctx, `${quiz.id} ${typed}`);
    }
    // Anything else is not hijacked: the quiz pauses and the message is answered normally.
    ctx.session.set(QUIZ_SESSION_KEY, undefined);
    await next();
    if (a && a.finishedAt === null) ctx.reply(say('Bài thi của bạn đang tạm dừng. Gõ /thi để làm tiếp.'));
  };
}

/** The `/thi` arguments a typed text stands for at the attempt's current step, if any. */
function typedStep(svc: QuizService, quiz: DeclaredQuiz, a: Attempt, f: string): string | undefined {
  const villages = svc.villages();
  if (!a.villageAsked && quiz.askVillage && villages.length > 0) {
    const v = villages.find((x) => fold(x.name) === f || x.id === f);
    if (v) return `thon ${v.id}`;
    return /^khong/.test(f) ? 'thon khong' : undefined;
  }
  if (a.answers.length < quiz.questions.length) {
    const m = /^([abcd1-4])[.)]?$/.exec(f);
    if (!m) return undefined;
    const n = /\d/.test(m[1]!) ? Number(m[1]) : 'abcd'.indexOf(m[1]!) + 1;
    return `${a.answers.length + 1} ${n}`;
  }
  if (quiz.tieBreak && a.tiebreak === null) {
    const digits = f.replace(/[.,\s]/g, '');
    return /^\d{1,9}$/.test(digits) ? `dudoan ${digits}` : undefined;
  }
  return undefined;
}
