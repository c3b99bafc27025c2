/**
 * Progress and final reports for staff, as replies and as a text bar.
 */
import type { Reply } from '../core/types.js';
import type { JobStats } from './model.js';
import { formatLocal } from './time.js';

const REASONS: Record<string, string> = {
  blocked: 'đã chặn hoặc rời khỏi trợ lý',
  unreachable: 'không còn liên lạc được',
  network: 'lỗi mạng hoặc máy chủ (đã thử lại nhiều lần)',
  rate_limited: 'bị giới hạn tốc độ (đã thử lại nhiều lần)',
  invalid: 'nội dung hoặc địa chỉ không hợp lệ',
  auth: 'lỗi xác thực kênh',
  window_closed: 'chờ người dân nhắn tin (quá 7 ngày chưa nhắn)',
  quota: 'hết hạn mức tin của kênh',
  promo_limit: 'đã nhận đủ số tin truyền thông Zalo cho phép (trong ngày hoặc trong tháng)',
  channel_off: 'kênh đang tắt',
  unfollowed: 'đã bỏ quan tâm OA',
  unknown: 'không rõ',
};

/** A reason code in Vietnamese. */
export function reasonLabel(code: string): string {
  return REASONS[code] ?? code;
}

/** `[██████░░░░] 60%` */
export function progressBar(done: number, total: number, width = 20): string {
  const frac = total === 0 ? 1 : Math.min(1, done / total);
  const full = Math.round(frac * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${Math.floor(frac * 100)}%`;
}

/** Number of rows that need no more work. */
export function finishedCount(s: JobStats): number {
  return s.total - s.pending;
}

function sum(r: Record<string, number>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

/** A progress message for a running job. */
export function progressReply(
  jobId: number,
  title: string,
  s: JobStats,
  pausedUntil: number | null,
  now: number,
  tz: string,
): Reply {
  const lines = [
    `${progressBar(finishedCount(s), s.total)} (${finishedCount(s)}/${s.total})`,
    `Đã gửi: ${s.sent} · Lỗi: ${sum(s.failed)} · Bỏ qua: ${sum(s.skipped)} · Còn lại: ${s.pending}`,
  ];
  if (s.night) lines.push(`Chờ đến 08:00 (Zalo không gửi tin truyền thông ban đêm): ${s.night}`);
  if (pausedUntil !== null && pausedUntil > now)
    lines.push(`Tạm dừng đến ${formatLocal(pausedUntil, tz)} theo yêu cầu giới hạn tốc độ của kênh.`);
  return { kind: 'info', title: `Đang gửi thông báo #${jobId}: ${title}`, sections: [{ text: lines.join('\n') }] };
}

/** The final report of a job: delivered, failed by reason, skipped by reason. */
export function finalReply(jobId: number, title: string, s: JobStats, cancelled: boolean): Reply {
  const sections: Reply['sections'] = [{ text: `Đã gửi tới ${s.sent}/${s.total} người nhận.` }];
  const failed = Object.entries(s.failed);
  if (failed.length > 0)
    sections.push({
      heading: `Không gửi được (${sum(s.failed)})`,
      items: failed.map(([k, n]) => `${reasonLabel(k)}: ${n}`),
    });
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0)
    sections.push({ heading: `Bỏ qua (${sum(s.skipped)})`, items: skipped.map(([k, n]) => `${reasonLabel(k)}: ${n}`) });
  if (s.cancelled > 0) sections.push({ text: `Đã hủy trước khi gửi: ${s.cancelled}.` });
  return { kind: 'info', title: `${cancelled ? 'Đã hủy' : 'Đã gửi xong'} thông báo #${jobId}: ${title}`, sections };
}

/** The report of a run missed while the assistant was not running. */
export function missedReply(announcementId: number, title: string, runAt: number, tz: string): Reply {
  return {
    kind: 'info',
    title: `Lỡ lịch gửi thông báo #${announcementId}: ${title}`,
    sections: [
      {
        text: `Lịch gửi lúc ${formatLocal(runAt, tz)} đã bị lỡ vì trợ lý không chạy vào lúc đó, và đã quá thời gian cho phép gửi bù. Thông báo chưa được gửi.`,
      },
      { text: `Muốn gửi ngay, gõ: /thongbao guilai ${announcementId}` },
    ],
  };
}
