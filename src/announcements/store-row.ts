/**
 * The rows of `ann_announcements` as SQLite returns them, and their reading
 * into an {@link Announcement} (see store.ts).
 */
import type { ChannelName } from '../core/types.js';
import type { Announcement, AnnouncementStatus, Audience, Schedule } from './model.js';

/** One row of `ann_announcements`. */
export interface Row {
  id: number;
  key: string | null;
  title: string | null;
  body: string;
  audience: string;
  promotional: number;
  schedule_kind: Schedule['kind'];
  schedule_at: number | null;
  cron: string | null;
  next_run_at: number | null;
  status: AnnouncementStatus;
  notify_channel: string | null;
  notify_chat: string | null;
  created_by: string | null;
  created_at: number;
  submitted_by: string | null;
  submitted_at: number | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_comment: string | null;
}

/** An announcement read from its row. */
export function fromRow(r: Row): Announcement {
  const schedule: Schedule =
    r.schedule_kind === 'cron'
      ? { kind: 'cron', cron: r.cron ?? '' }
      : r.schedule_kind === 'at'
        ? { kind: 'at', at: r.schedule_at ?? 0 }
        : { kind: 'now' };
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    body: r.body,
    audience: JSON.parse(r.audience) as Audience,
    promotional: r.promotional === 1,
    schedule,
    nextRunAt: r.next_run_at,
    status: r.status,
    notify:
      r.notify_channel && r.notify_chat ? { channel: r.notify_channel as ChannelName, chatId: r.notify_chat } : null,
    createdAt: r.created_at,
    review: {
      createdBy: r.created_by,
      submittedBy: r.submitted_by,
      submittedAt: r.submitted_at,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
      comment: r.review_comment,
    },
  };
}
