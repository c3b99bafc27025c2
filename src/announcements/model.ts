/**
 * Types of the announcement part: topics, audiences, schedules and rows.
 */
import type { ChannelName } from '../core/types.js';

/** Built-in topics; villages are `thon:<village id>` from the commune profile. */
export const TOPIC_CCHC = 'cchc';
/** General notices. */
export const TOPIC_GENERAL = 'chung';
/** Topics a new subscriber gets when they do not choose. */
export const DEFAULT_TOPICS = [TOPIC_GENERAL, TOPIC_CCHC] as const;

/** A village topic id. */
export function villageTopic(villageId: string): string {
  return `thon:${villageId}`;
}

/** One chat on one channel. */
export interface ChatRef {
  channel: ChannelName;
  chatId: string;
}

/**
 * Who receives an announcement. `oa_article`: an OA-wide notice, Zalo's
 * broadcast of an OA article (`articleId`, published in the OA manager) to
 * every follower of the OA, as one send (src/channels/zalo-oa/article.ts).
 */
export type Audience =
  | { kind: 'all' }
  | { kind: 'topic'; topic: string }
  | { kind: 'chats'; chats: ChatRef[] }
  | { kind: 'oa_article'; articleId: string };

/** The one outbox chat of an `oa_article` audience (the OA channel recognises the prefix). */
export function oaArticleChat(articleId: string): string {
  return `article:${articleId}`;
}

/** When an announcement is sent. */
export type Schedule = { kind: 'now' } | { kind: 'at'; at: number } | { kind: 'cron'; cron: string };

/**
 * Life cycle of an announcement. `scheduled` also covers recurring ones
 * between runs. `pending_approval`: waiting for an approver (nothing is sent
 * or scheduled); `returned`: an approver sent it back with a comment.
 */
export type AnnouncementStatus = 'pending_approval' | 'returned' | 'scheduled' | 'done' | 'cancelled';

/** Statuses in which an announcement can still be edited or cancelled (nothing of it was sent yet, or it recurs). */
export const OPEN_STATUSES: readonly AnnouncementStatus[] = ['scheduled', 'pending_approval', 'returned'];

/** Who wrote an announcement and who reviewed it; people are `channel:<hashed id>`, never a raw id. */
export interface Review {
  /** Who created it (`channel:hash`, `cli`, or null for one declared in the knowledge base). */
  createdBy: string | null;
  /** Who last submitted it for approval (the creator, or the last editor), and when. */
  submittedBy: string | null;
  submittedAt: number | null;
  /** The approver who approved or returned it, and when. */
  reviewedBy: string | null;
  reviewedAt: number | null;
  /** The approver's comment when returned. */
  comment: string | null;
}

/** An announcement as stored. */
export interface Announcement {
  id: number;
  key: string | null;
  title: string | null;
  body: string;
  audience: Audience;
  promotional: boolean;
  schedule: Schedule;
  nextRunAt: number | null;
  status: AnnouncementStatus;
  notify: ChatRef | null;
  createdAt: number;
  review: Review;
}

/** Status of one run of an announcement. */
export type JobStatus = 'running' | 'done' | 'missed' | 'cancelled';

/** Status of one outbox row. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled';

/** Counts of a job's outbox, for progress and the final report. */
export interface JobStats {
  total: number;
  sent: number;
  pending: number;
  /** Of the pending: waiting for the morning (Zalo OA promotion messages are not sent at night). */
  night?: number;
  failed: Record<string, number>;
  skipped: Record<string, number>;
  cancelled: number;
}
