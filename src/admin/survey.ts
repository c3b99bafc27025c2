/**
 * The optional satisfaction survey after an answered ticket: five questions,
 * one per SIPAS factor, each answered 1–5 (or skipped). Only the person who
 * filed the ticket can rate it, once.
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import type { AdminEnv } from './commands.js';
import { getTicket, hasRatings, rateTicket, SIPAS_FACTORS } from './tickets.js';
import { foldForCommand as fold } from '../text/fold.js';

/** Session key of this flow (other parts check it to leave the conversation to it). */
export const SURVEY_SESSION_KEY = 'survey';

interface SurveyState {
  ticket: number;
  step: number;
}

function question(step: number): Reply {
  const f = SIPAS_FACTORS[step]!;
  return {
    kind: 'info',
    title: `Câu ${step + 1}/${SIPAS_FACTORS.length}: ${f.label}`,
    sections: [{ text: `${f.question} (1 = rất không hài lòng, 5 = rất hài lòng)` }],
    buttons: [
      ...[1, 2, 3, 4, 5].map((n) => ({ label: String(n), payload: String(n) })),
      { label: 'Bỏ qua', payload: 'bỏ qua' },
    ],
  };
}

function say(text: string): Reply {
  return { kind: 'info', sections: [{ text }] };
}

/** `/danhgia <số>`: starts the survey of an answered ticket of the sender. */
function startSurvey(ctx: TurnContext, args: string): void {
  const t = /^\d{1,9}$/.test(args) ? getTicket(ctx.db, Number(args)) : undefined;
  if (!t || t.userHash !== ctx.userHash || t.state !== 'answered') {
    ctx.reply(say('Không tìm thấy phản ánh đã được trả lời của bạn với số này.'));
    return;
  }
  if (hasRatings(ctx.db, t.id)) {
    ctx.reply(say(`Bạn đã đánh giá phản ánh số ${t.id}. Cảm ơn bạn!`));
    return;
  }
  ctx.session.set(SURVEY_SESSION_KEY, { ticket: t.id, step: 0 } satisfies SurveyState);
  ctx.reply(question(0));
}

/** The survey's commands (reached through the buttons under a ticket answer). */
export const surveyCommands: Command[] = [
  {
    name: 'danhgia',
    role: 'resident',
    usage: '<số>',
    help: 'đánh giá mức độ hài lòng về một phản ánh đã được trả lời',
    listIn: [],
    run: (ctx, args) => startSurvey(ctx, args),
  },
  {
    name: 'khongdanhgia',
    role: 'resident',
    help: 'không đánh giá',
    listIn: [],
    run(ctx) {
      ctx.session.set(SURVEY_SESSION_KEY, undefined);
      ctx.reply(say('Cảm ơn bạn đã dùng dịch vụ.'));
    },
  },
];

/** The survey middleware: the answers 1–5 (or "bỏ qua") to the questions of a started survey. */
export function surveyMiddleware(env: AdminEnv): Middleware {
  return async (ctx, next) => {
    const state = ctx.session.get<SurveyState>(SURVEY_SESSION_KEY);
    if (!state) return next();
    const f = fold(ctx.text);
    const score = /^[1-5]$/.test(f) ? Number(f) : undefined;
    const skip = /^\/?(bo qua|boqua|skip)$/.test(f);
    if (score === undefined && !skip) {
      ctx.session.set(SURVEY_SESSION_KEY, undefined); // anything else ends the survey and is handled normally
      return next();
    }
    const factor = SIPAS_FACTORS[state.step]!;
    if (score !== undefined) rateTicket(ctx.db, state.ticket, factor.key, score, env.now());
    const nextStep = state.step + 1;
    if (nextStep >= SIPAS_FACTORS.length) {
      ctx.session.set(SURVEY_SESSION_KEY, undefined);
      ctx.log.info({ ticket: state.ticket }, 'satisfaction survey completed');
      ctx.reply(say('Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp xã phục vụ tốt hơn.'));
      return;
    }
    ctx.session.set(SURVEY_SESSION_KEY, { ...state, step: nextStep } satisfies SurveyState);
    ctx.reply(question(nextStep));
  };
}
