/**
 * The quiz part: CCHC quiz campaigns declared in `knowledge/quizzes/`
 * (`quizzes:` lists, validated by `kb:check`), opened by staff for a period
 * (`/cuocthi`), taken by residents in chat (`/thi`). See docs/quiz.md.
 *
 * @example
 * ```ts
 * const app = await createApp(config, logger); // quizPlugin is in DEFAULT_PLUGINS
 * const quizzes = quizzesOf(app)!;
 * quizzes.open('cchc-2026', Date.parse('2026-12-01T00:00:00+07:00'), Date.parse('2027-01-01T00:00:00+07:00'), 'cli');
 * ```
 */
import type { AppContext, PluginContext } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import { quizPersonalData } from './personal-data.js';
import { announcementsPlugin } from '../announcements/index.js';
import { quizCommands, quizMiddleware } from './conversation.js';
import { quizMigrations } from './migrations.js';
import { QuizService } from './service.js';
import { quizStaffCommand } from './staff.js';

const services = new WeakMap<PluginContext, QuizService>();

/** The one service of an app (commands, middleware and install share it). */
function serviceOf(ctx: PluginContext): QuizService {
  let s = services.get(ctx);
  if (!s) {
    const ann = ctx.use(announcementsPlugin);
    s = new QuizService({
      db: ctx.db,
      kb: () => ctx.knowledge.kb,
      now: () => ctx.assistant.now(),
      tz: ctx.config.TZ_NAME,
      villageOf: (channel, chatId) =>
        ann.subscriptions
          .get(channel, chatId)
          ?.topics.find((t) => t.startsWith('thon:'))
          ?.slice('thon:'.length),
    });
    services.set(ctx, s);
  }
  return s;
}

/** CCHC quizzes: `/thi` for residents, `/cuocthi` for staff. */
export const quizPlugin = definePlugin({
  name: 'quiz',
  dependencies: ['announcements'],
  migrations: quizMigrations,
  personalData: quizPersonalData,
  middleware: (ctx) => [quizMiddleware(serviceOf(ctx))],
  commands: (ctx) => [
    ...quizCommands(serviceOf(ctx)),
    quizStaffCommand(serviceOf(ctx), { reportsDir: ctx.config.REPORTS_DIR, tz: ctx.config.TZ_NAME, delivery: ctx }),
  ],
  install: (ctx) => serviceOf(ctx),
});

/** The quiz service of an app, if the part is installed (tests, the CLI). */
export function quizzesOf(app: AppContext): QuizService | undefined {
  return app.plugins.get(quizPlugin);
}
