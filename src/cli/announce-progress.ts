/**
 * `npm run announce -- progress <id> [--follow]`: a progress bar of the
 * latest run of an announcement, then its final report.
 */
import { finalReply, finishedCount, progressBar } from '../announcements/report.js';
import type { Announcements } from '../announcements/service.js';
import { formatLocal } from '../announcements/time.js';
import { renderPlainText } from '../core/render-text.js';

/** Prints the progress of announcement `id` (once, or until its run ends with `follow`). */
export async function followProgress(ann: Announcements, id: number, follow: boolean): Promise<void> {
  const tz = ann.tz;
  for (;;) {
    const job = ann.outbox.jobsOf(id)[0];
    if (!job) {
      process.stdout.write('Chưa bắt đầu gửi (trợ lý cần đang chạy để gửi).\n');
      if (!follow) return;
    } else {
      const s = ann.outbox.stats(job.id);
      const line = `${progressBar(finishedCount(s), s.total, 30)} ${finishedCount(s)}/${s.total} · đã gửi ${s.sent}`;
      if (job.status !== 'running') {
        process.stdout.write(
          `\r${line}\n${renderPlainText(finalReply(job.id, job.content.title ?? '', s, job.status === 'cancelled'))}\n`,
        );
        return;
      }
      process.stdout.write(
        `\r${line}${job.pausedUntil && job.pausedUntil > Date.now() ? ` · tạm dừng đến ${formatLocal(job.pausedUntil, tz)}` : ''}   `,
      );
      if (!follow) return void process.stdout.write('\n');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
