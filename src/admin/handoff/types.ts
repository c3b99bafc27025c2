/**
 * Types of the handoff desk's API (desk.ts): who the resident and the staff
 * member are, the settings, and the outcome of each call (errors are values).
 */
import type { Role } from '../../core/assistant.js';
import type { ChannelName } from '../../core/types.js';
import type { WorkingHours } from '../../config/working-hours.js';
import type { Handoff, HandoffMessage } from './store.js';

/** Timings and hours of the desk (from HANDOFF_* and TZ_NAME). */
export interface HandoffSettings {
  hours: WorkingHours;
  timeZone: string;
  waitMinutes: number;
  idleMinutes: number;
  retentionDays: number;
}

/** The resident asking for a person. */
export interface ResidentRef {
  channel: ChannelName;
  /** The private chat (handoffs never happen in groups). */
  chatId: string;
  userId: string;
  /** Platform display name (personal data: stored, shown to staff, never logged). */
  name?: string;
}

/** A staff member acting on a handoff. */
export interface StaffRef {
  /** A running channel (`telegram`, `zalo-oa`…) or the console's own name (then nothing is pushed to them). */
  channel: string;
  userId: string;
  /** Their role now; anything below `staff` is refused (and audited). */
  role: Role;
  /** Where resident messages are pushed to; default `userId` (the private chat on Telegram and Zalo). */
  chatId?: string;
  /** Shown to the resident instead of "Cán bộ xã" when set (e.g. "Cán bộ Một cửa"). */
  displayName?: string;
}

/** Outcome of {@link HandoffDesk.requestHandoff}. */
export type RequestResult =
  | { kind: 'queued'; handoff: Handoff; notified: number }
  /** The chat already has a waiting or active handoff. */
  | { kind: 'open'; handoff: Handoff }
  | { kind: 'ticketed'; handoff: Handoff; reason: 'closed' | 'unreachable'; ticketId: number | undefined };

/** Outcome of {@link HandoffDesk.takeHandoff}; `again` when this staff member already had it. */
export type TakeResult =
  | { ok: true; handoff: Handoff; again: boolean; transcript: HandoffMessage[]; residentNotified: boolean }
  | { ok: false; reason: 'refused' | 'not-found' | 'taken' | 'closed' | 'busy'; busyWith?: number };

/** Outcome of {@link HandoffDesk.sendStaffMessage}. */
export type StaffMessageResult =
  | { ok: true; delivered: boolean }
  | { ok: false; reason: 'refused' | 'not-found' | 'closed' | 'not-yours' };

/** Outcome of {@link HandoffDesk.residentMessage}; `delivered` is null when the staff member has no channel to push to. */
export type ResidentMessageResult =
  | { state: 'waiting'; firstReminder: boolean }
  | { state: 'active'; delivered: boolean | null };

/** Outcome of {@link HandoffDesk.endHandoff}. */
export type EndResult =
  | { ok: true; handoff: Handoff; wasWaiting: boolean }
  | { ok: false; reason: 'refused' | 'not-found' | 'closed' };
