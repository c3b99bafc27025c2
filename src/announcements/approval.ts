/**
 * Approval before publishing: which announcements need it (the commune's
 * `ANNOUNCE_APPROVAL` rule, see config/approval.ts), who may approve (an
 * approver or an admin who is neither its author nor its last editor), and
 * when an approved one runs. The engine ({@link Announcements}) applies these
 * on every create, edit, approval and return, whoever calls it (chat, CLI,
 * web console, declared announcements).
 *
 * @example
 * ```ts
 * needsApproval(['all'], { audience: { kind: 'all' }, schedule: { kind: 'now' }, promotional: false }); // true
 * needsApproval(['all'], { audience: { kind: 'topic', topic: 'cchc' }, schedule: { kind: 'now' }, promotional: false }); // false
 * reviewRefusal(a, { key: 'telegram:ab12', role: 'approver' }); // 'self' when ab12 wrote it
 * ```
 */
import type { ApprovalRule } from '../config/approval.js';
import type { Role } from '../core/assistant.js';
import { allowed } from '../core/commands/access.js';
import type { Announcement, Audience, Schedule } from './model.js';
import { firstRun } from './store.js';

/** What the rule looks at. */
export type ApprovalSubject = { audience: Audience; schedule: Schedule; promotional?: boolean };

/** The rule's items an audience matches (`all`, `topic:cchc`, `village`, `village:thon-1`, `groups`, `oa-article`). */
function audienceItems(a: Audience): string[] {
  if (a.kind === 'all') return ['all'];
  if (a.kind === 'chats') return ['groups'];
  if (a.kind === 'oa_article') return ['oa-article'];
  if (a.topic.startsWith('thon:')) return ['village', `village:${a.topic.slice(5)}`, `topic:${a.topic}`];
  return [`topic:${a.topic}`];
}

/** Whether the rule asks for approval of this announcement. */
export function needsApproval(rule: ApprovalRule, s: ApprovalSubject): boolean {
  if (rule.includes('always')) return true;
  const items = audienceItems(s.audience);
  if (s.schedule.kind === 'cron') items.push('recurring');
  if (s.promotional) items.push('promo');
  return items.some((i) => rule.includes(i));
}

/** Who reviews: `key` is `channel:<hashed id>` (as stored in `created_by`), `role` their role now. */
export interface Reviewer {
  key: string;
  role: Role;
}

/** Why a review was not recorded. */
export type ReviewRefusal = 'missing' | 'not_pending' | 'self' | 'not_approver' | 'no_comment';

/** The result of approving or returning. `late`: the planned time had passed, so it is sent now. */
export type ReviewOutcome =
  | { ok: true; announcement: Announcement; late: boolean }
  | { ok: false; reason: ReviewRefusal; announcement?: Announcement };

/** Whether a role may approve (approvers and admins). */
export function canApprove(role: Role): boolean {
  return allowed(role, 'approver');
}

/** Whether `key` wrote or last edited the announcement (they cannot approve it). */
export function isAuthor(a: Announcement, key: string): boolean {
  return key === a.review.createdBy || key === a.review.submittedBy;
}

/** Why `who` may not review `a` now, or undefined when they may. */
export function reviewRefusal(a: Announcement | undefined, who: Reviewer): ReviewRefusal | undefined {
  if (!canApprove(who.role)) return 'not_approver';
  if (!a) return 'missing';
  if (a.status !== 'pending_approval') return 'not_pending';
  if (isAuthor(a, who.key)) return 'self';
  return undefined;
}

/**
 * When an approved announcement runs: its planned time, computed again from
 * now (a cron line's next occurrence); a planned time already past is "now",
 * flagged late so the approver is told.
 */
export function runAfterApproval(a: Announcement, now: number, tz: string): { next: number | null; late: boolean } {
  const next = firstRun(a.schedule, now, tz);
  if (a.schedule.kind === 'at' && next !== null && next < now) return { next: now, late: true };
  return { next, late: false };
}

/** The Vietnamese reason of a refusal, for chat, CLI and console. */
export function refusalText(reason: ReviewRefusal, id: number): string {
  switch (reason) {
    case 'missing':
      return `Không có thông báo #${id}.`;
    case 'not_pending':
      return `Thông báo #${id} không chờ duyệt (đã được duyệt, đã trả lại hoặc đã hủy).`;
    case 'self':
      return `Bạn là người soạn hoặc người sửa lần cuối thông báo #${id} nên không tự duyệt được. Một người duyệt khác cần xem thông báo này.`;
    case 'not_approver':
      return 'Chỉ người duyệt hoặc quản trị viên mới duyệt được thông báo.';
    case 'no_comment':
      return 'Bạn vui lòng ghi góp ý để người soạn biết cần sửa gì.';
  }
}

/** One person who can approve, as listed to authors ("who can approve"). */
export interface ApproverRef {
  channel: string;
  userId: string;
  role: Role;
}

/** "Người duyệt được: …", or how to name one when nobody can approve yet. */
export function approversText(list: readonly ApproverRef[]): string {
  if (list.length === 0)
    return 'Chưa có ai có quyền duyệt: quản trị viên cấp quyền bằng /capquyen <kênh:id> nguoiduyet (hoặc APPROVER_IDS trong .env).';
  const names = list.map((p) => `${p.channel}:${p.userId} (${p.role === 'admin' ? 'quản trị viên' : 'người duyệt'})`);
  return `Người duyệt được: ${names.join(', ')}.`;
}
