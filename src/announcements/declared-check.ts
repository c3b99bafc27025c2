/**
 * The knowledge check of declared announcements' schedules: a recurring
 * schedule in `knowledge/*.yaml` obeys the same minimum interval as one
 * typed in chat or the CLI (`SCHEDULE_MIN_INTERVAL_HOURS`), so an admin's
 * `cron: "* * * * *"` is refused by `kb:check` and by a live reload, with the
 * file and line, instead of messaging every subscriber each minute.
 *
 * @example
 * ```ts
 * // announcementsPlugin declares it; kb:check and the app run it on every file.
 * const hook = declaredScheduleCheck('Asia/Ho_Chi_Minh', 24);
 * hook('knowledge/announcements.yaml', data, locate); // [{ line: 16, field: 'announcements[0].schedule.cron', … }]
 * ```
 */
import type { FileHook, KnowledgeProblem } from '../knowledge/loader.js';
import { cronRunsError } from './time.js';

/** A {@link FileHook} refusing declared cron schedules more frequent than `minIntervalHours`. */
export function declaredScheduleCheck(tz: string, minIntervalHours: number): FileHook {
  return (file, data, locate) => {
    const list = data.announcements;
    if (!Array.isArray(list)) return [];
    const problems: KnowledgeProblem[] = [];
    list.forEach((item: unknown, i) => {
      const cron = (item as { schedule?: { cron?: unknown } } | null)?.schedule?.cron;
      if (typeof cron !== 'string') return;
      // The schema already reports a pattern that is not cron at all; this check is about its runs.
      const message = cronRunsError(cron, tz, { minIntervalHours });
      if (!message) return;
      const path = ['announcements', i, 'schedule', 'cron'];
      problems.push({ file, line: locate(path), field: `announcements[${i}].schedule.cron`, message });
    });
    return problems;
  };
}
