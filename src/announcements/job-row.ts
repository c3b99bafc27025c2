/** A broadcast job as stored in `ann_jobs`, as the worker and the progress reporter see it, and its statistics. */
import type { ChannelName, Reply } from '../core/types.js';
import type { ChatRef, JobStats, JobStatus } from './model.js';

/** A job as the worker and the progress reporter see it. */
export interface Job {
  id: number;
  announcementId: number;
  runAt: number;
  status: JobStatus;
  content: Reply;
  promotional: boolean;
  total: number;
  pausedUntil: number | null;
  pauseReason: string | null;
  startedAt: number;
  finishedAt: number | null;
  notify: ChatRef | null;
  progressMessageId: string | null;
  progressAt: number | null;
  reported: boolean;
}

export interface JobRow {
  id: number;
  announcement_id: number;
  run_at: number;
  status: JobStatus;
  content: string;
  promotional: number;
  total: number;
  paused_until: number | null;
  pause_reason: string | null;
  started_at: number;
  finished_at: number | null;
  notify_channel: string | null;
  notify_chat: string | null;
  progress_message_id: string | null;
  progress_at: number | null;
  reported: number;
}

export function jobFromRow(r: JobRow): Job {
  return {
    id: r.id,
    announcementId: r.announcement_id,
    runAt: r.run_at,
    status: r.status,
    content: JSON.parse(r.content) as Reply,
    promotional: r.promotional === 1,
    total: r.total,
    pausedUntil: r.paused_until,
    pauseReason: r.pause_reason,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    notify:
      r.notify_channel && r.notify_chat ? { channel: r.notify_channel as ChannelName, chatId: r.notify_chat } : null,
    progressMessageId: r.progress_message_id,
    progressAt: r.progress_at,
    reported: r.reported === 1,
  };
}

/** Rows of a job counted by status and reason. */
export interface StatusCount {
  status: string;
  reason: string | null;
  n: number;
}

/** A job's statistics from its rows counted by status and reason. */
export function statsOf(rows: readonly StatusCount[]): JobStats {
  const s: JobStats = { total: 0, sent: 0, pending: 0, failed: {}, skipped: {}, cancelled: 0 };
  for (const r of rows) {
    s.total += r.n;
    if (r.status === 'sent') s.sent += r.n;
    else if (r.status === 'pending' || r.status === 'sending') {
      s.pending += r.n;
      if (r.reason === 'night') s.night = (s.night ?? 0) + r.n;
    } else if (r.status === 'cancelled') s.cancelled += r.n;
    else {
      const bucket = r.status === 'failed' ? s.failed : s.skipped;
      const key = r.reason ?? 'unknown';
      bucket[key] = (bucket[key] ?? 0) + r.n;
    }
  }
  return s;
}
