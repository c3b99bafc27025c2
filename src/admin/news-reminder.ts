/**
 * The monthly CCHC news plan: the communes' plans ask for at least
 * `REPORT_TARGET_CCHC_NEWS_PER_MONTH` (default 2) administrative-reform news
 * items a month. A week before the month ends, when fewer have been sent,
 * the staff chat (or the admins) is reminded once, with how many are missing.
 *
 * @example
 * ```ts
 * const reminder = new NewsPlanReminder({ env, target: 2 });
 * await reminder.check(Date.now()); // sends at most one reminder a month
 * ```
 */
import type { Service } from '../app/context.js';
import { sendToAll } from '../core/deliver.js';
import type { Reply } from '../core/types.js';
import { type AdminEnv, staffChatOrAdmins } from './commands.js';
import { currentMonth } from './period.js';
import { announcementFigures } from './report-data.js';

const DAY = 86_400_000;
/** The reminder comes when this many days (or fewer) are left in the month. */
export const REMIND_DAYS_BEFORE = 7;

/** Options of {@link NewsPlanReminder}. */
export interface NewsPlanReminderOptions {
  env: AdminEnv;
  /** CCHC news items a month the plan asks for; 0 turns the reminder off. */
  target: number;
  /** How often to look (default hourly). */
  intervalMs?: number;
}

/** Reminds the staff chat when the month's CCHC news target is not yet met a week before its end. */
export class NewsPlanReminder implements Service {
  readonly name = 'news-plan-reminder';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: NewsPlanReminderOptions) {}

  start(): void {
    if (this.opts.target <= 0) return;
    // The first look is an interval after start, not at start: a reminder an hour late is fine,
    // and a restart loop never floods the staff chat.
    this.timer = setInterval(
      () =>
        void this.check(this.opts.env.now()).catch((err: unknown) =>
          this.opts.env.app.logger.error({ err }, 'news plan reminder failed'),
        ),
      this.opts.intervalMs ?? 3_600_000,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Sends this month's reminder if it is due and not sent yet; returns whether it sent one. */
  async check(now: number): Promise<boolean> {
    const { env, target } = this.opts;
    const tz = env.app.config.TZ_NAME;
    const month = currentMonth(now, tz);
    if (month.to - now > REMIND_DAYS_BEFORE * DAY) return false;
    const db = env.app.db;
    if (db.prepare('SELECT 1 FROM news_reminders WHERE month = ?').get(month.label)) return false;
    const figures = announcementFigures(db, month);
    if (!figures.available || figures.cchcNews >= target) return false;
    // The month is claimed before sending: of several processes on one database, one reminds.
    if (
      db.prepare('INSERT OR IGNORE INTO news_reminders (month, sent_at) VALUES (?, ?)').run(month.label, now)
        .changes === 0
    )
      return false;
    const n = await sendToAll(
      env.app,
      staffChatOrAdmins(env),
      reminderReply(month.title, figures.cchcNews, target, month.to - now),
    );
    env.app.logger.info({ month: month.label, sent: figures.cchcNews, target, delivered: n }, 'news plan reminder');
    return true;
  }
}

/** "Tháng 12/2026: mới gửi 1/2 tin CCHC…" */
export function reminderReply(monthTitle: string, sent: number, target: number, msLeft: number): Reply {
  const days = Math.max(1, Math.ceil(msLeft / DAY));
  return {
    kind: 'info',
    title: 'Nhắc kế hoạch tin cải cách hành chính',
    sections: [
      {
        text: `${monthTitle}: mới gửi ${sent}/${target} tin CCHC theo kế hoạch. Còn ${days} ngày, cần thêm ${target - sent} tin.`,
      },
      { text: 'Soạn tin bằng /thongbao moi và chọn chủ đề cải cách hành chính.' },
    ],
  };
}
