/**
 * The handoff desk: the module API of the live handoff, used by the chat
 * side (middleware.ts) and meant for the web console.
 *
 * A resident's request is queued during working hours (the staff chat gets
 * a notice with a "Nhận" button) or becomes a ticket. A staff member takes
 * it; then each side's messages are stored and pushed to the other side
 * through its channel (`app.channels.get(channel).send`), until either side
 * ends it or it stays idle. {@link HandoffDesk.sweep} expires waiting
 * requests nobody took (they become tickets) and ends idle conversations.
 *
 * Every method pushes to the *other* side only; the caller shows its own
 * user the outcome. Staff actions check the role passed in {@link StaffRef}
 * (the caller authenticates the person) and are written to the audit log.
 * A staff member whose channel is not running (a web console) is not pushed
 * to: the console reads new messages with {@link HandoffDesk.transcript}.
 */
import type { ChannelName, Reply, SendResult } from '../../core/types.js';
import { isWithinHours } from '../../config/working-hours.js';
import { writeAudit } from '../audit.js';
import { allowed, type AdminEnv } from '../commands.js';
import { sendTo, sendToAll } from '../../core/deliver.js';
import * as R from './replies.js';
import * as S from './store.js';
import type { EndedBy, Handoff, HandoffMessage } from './store.js';
import { ticketFromHandoff } from './ticketing.js';
import type {
  EndResult,
  HandoffSettings,
  RequestResult,
  ResidentMessageResult,
  ResidentRef,
  StaffMessageResult,
  StaffRef,
  TakeResult,
} from './types.js';

export type * from './types.js';

/**
 * The live handoff service (one per app; see the module comment).
 *
 * @example
 * ```ts
 * const { desk } = handoffHandles(app)!;
 * const req = await desk.requestHandoff({ channel: 'telegram', chatId: '42', userId: '42' }, { text: 'Tôi cần gặp cán bộ' });
 * if (req.kind === 'queued') {
 *   const staff = { channel: 'telegram', userId: '7', role: 'staff' as const };
 *   const t = await desk.takeHandoff(req.handoff.id, staff);
 *   if (t.ok) await desk.sendStaffMessage(req.handoff.id, staff, 'Chào bạn, tôi là cán bộ xã.');
 * }
 * ```
 */
export class HandoffDesk {
  constructor(
    private readonly env: AdminEnv,
    readonly settings: HandoffSettings,
  ) {}

  private get db() {
    return this.env.app.db;
  }

  /** Whether requests are taken now (working hours). */
  isOpen(now = this.env.now()): boolean {
    return isWithinHours(this.settings.hours, now, this.settings.timeZone);
  }

  /** One handoff. */
  get(id: number): Handoff | undefined {
    return S.getHandoff(this.db, id);
  }

  /** The waiting or active handoff of a resident's chat. */
  openFor(channel: string, chatId: string): Handoff | undefined {
    return S.openHandoffOf(this.db, channel, chatId);
  }

  /** The handoff a staff member is in conversation with. */
  activeOf(staff: Pick<StaffRef, 'channel' | 'userId'>): Handoff | undefined {
    return S.activeHandoffOfStaff(this.db, principal(staff));
  }

  /** Requests waiting for a staff member, oldest first. */
  waitingHandoffs(): Handoff[] {
    return S.handoffsIn(this.db, 'waiting');
  }

  /** Conversations going on, oldest first. */
  activeHandoffs(): Handoff[] {
    return S.handoffsIn(this.db, 'active');
  }

  /** The messages of a handoff, oldest first; `afterId` returns only newer ones (for a console that polls). */
  transcript(id: number, opts: { afterId?: number } = {}): HandoffMessage[] {
    return S.messagesOf(this.db, id, opts.afterId ?? 0);
  }

  /**
   * A resident asks for a person; `text` (what they typed, if they typed a
   * request) starts the transcript. Queues it and notifies the staff chat
   * (STAFF_CHAT, or every staff member and admin when it is not set) during
   * working hours; otherwise, or when no staff member can be reached, opens
   * a ticket instead.
   */
  async requestHandoff(resident: ResidentRef, opts: { text?: string } = {}): Promise<RequestResult> {
    const open = this.openFor(resident.channel, resident.chatId);
    if (open) return { kind: 'open', handoff: open };
    const now = this.env.now();
    const userHash = this.env.app.assistant.hashUser(resident.channel, resident.userId);
    const within = this.isOpen(now);
    const id = S.insertHandoff(this.db, {
      channel: resident.channel,
      chatId: resident.chatId,
      userId: resident.userId,
      userHash,
      ...(resident.name ? { userName: resident.name } : {}),
      state: within ? 'waiting' : 'ticketed',
      now,
    });
    if (opts.text) S.addMessage(this.db, id, 'resident', opts.text, now);
    const log = { channel: resident.channel, user: userHash, handoff: id };
    if (!within) {
      this.env.app.logger.info(log, 'handoff requested outside working hours');
      return { kind: 'ticketed', handoff: this.get(id)!, reason: 'closed', ticketId: await this.ticket(id, 'closed') };
    }
    const notice = R.staffNoticeReply(this.get(id)!, opts.text, {
      waitMinutes: this.settings.waitMinutes,
      timeZone: this.settings.timeZone,
    });
    const config = this.env.app.config;
    const targets = config.STAFF_CHAT.length > 0 ? config.STAFF_CHAT : this.env.roles.holders();
    const notified = await sendToAll(this.env.app, targets, notice);
    if (notified === 0 && S.markTicketed(this.db, id, this.env.now())) {
      this.env.app.logger.warn(log, 'handoff requested but no staff chat reachable');
      return {
        kind: 'ticketed',
        handoff: this.get(id)!,
        reason: 'unreachable',
        ticketId: await this.ticket(id, 'unreachable'),
      };
    }
    this.env.app.logger.info({ ...log, notified }, 'handoff requested');
    return { kind: 'queued', handoff: this.get(id)!, notified };
  }

  /** A staff member takes a waiting request (atomic: of two at once, one wins); the resident is told. */
  async takeHandoff(id: number, staff: StaffRef): Promise<TakeResult> {
    const who = principal(staff);
    const refuse = (reason: Exclude<TakeResult, { ok: true }>['reason'], busyWith?: number): TakeResult => {
      this.audit(staff, 'nhan', reason === 'refused' ? 'refused' : 'failed', `handoff ${id}: ${reason}`);
      return { ok: false, reason, ...(busyWith !== undefined ? { busyWith } : {}) };
    };
    if (!allowed(staff.role, 'staff')) return refuse('refused');
    const h = this.get(id);
    if (!h) return refuse('not-found');
    if (h.state === 'active' && h.staffPrincipal === who) {
      this.audit(staff, 'nhan', 'ok', `handoff ${id} (again)`);
      return { ok: true, handoff: h, again: true, transcript: this.transcript(id), residentNotified: true };
    }
    if (h.state !== 'waiting') return refuse(h.state === 'active' ? 'taken' : 'closed');
    const busy = S.activeHandoffOfStaff(this.db, who);
    if (busy) return refuse('busy', busy.id);
    const label = staff.displayName?.trim() || R.DEFAULT_STAFF_LABEL;
    const fields = {
      staffHash: this.hash(staff),
      staffPrincipal: who,
      staffChat: staff.chatId ?? staff.userId,
      staffLabel: label,
      now: this.env.now(),
    };
    if (!S.markTaken(this.db, id, fields)) {
      const now = this.get(id);
      return refuse(now?.state === 'active' ? (now.staffPrincipal === who ? 'busy' : 'taken') : 'closed');
    }
    const taken = this.get(id)!;
    const r = taken.chatId ? await sendTo(this.env.app, taken.channel, taken.chatId, R.joinedReply(label)) : undefined;
    this.audit(staff, 'nhan', 'ok', `handoff ${id}`);
    this.env.app.logger.info(
      { channel: taken.channel, user: taken.userHash, handoff: id, waitedMs: fields.now - taken.requestedAt },
      'handoff taken',
    );
    return {
      ok: true,
      handoff: taken,
      again: false,
      transcript: this.transcript(id),
      residentNotified: r?.ok ?? false,
    };
  }

  /** A message of the staff member who took the handoff, stored and pushed to the resident. */
  async sendStaffMessage(id: number, staff: StaffRef, text: string): Promise<StaffMessageResult> {
    const fail = (reason: Exclude<StaffMessageResult, { ok: true }>['reason']): StaffMessageResult => {
      this.audit(staff, 'tinnhan', reason === 'refused' ? 'refused' : 'failed', `handoff ${id}: ${reason}`);
      return { ok: false, reason };
    };
    if (!allowed(staff.role, 'staff')) return fail('refused');
    const h = this.get(id);
    if (!h) return fail('not-found');
    if (h.state !== 'active') return fail('closed');
    if (h.staffPrincipal !== principal(staff)) return fail('not-yours');
    S.addMessage(this.db, id, 'staff', text, this.env.now());
    const r = h.chatId
      ? await sendTo(
          this.env.app,
          h.channel,
          h.chatId,
          R.staffMessageReply(h.staffLabel ?? R.DEFAULT_STAFF_LABEL, text),
        )
      : undefined;
    const delivered = r?.ok ?? false;
    this.audit(staff, 'tinnhan', 'ok', `handoff ${id}${delivered ? '' : ' (not delivered)'}`);
    return { ok: true, delivered };
  }

  /** A message of the resident: stored; pushed to the staff member once the handoff is active. */
  async residentMessage(id: number, text: string): Promise<ResidentMessageResult> {
    const h = this.get(id);
    if (!h || (h.state !== 'waiting' && h.state !== 'active')) throw new Error(`handoff ${id} is not open`);
    S.addMessage(this.db, id, 'resident', text, this.env.now());
    if (h.state === 'waiting') return { state: 'waiting', firstReminder: S.markReminded(this.db, id) };
    const [channel] = (h.staffPrincipal ?? '').split(':');
    if (!channel || !h.staffChat || !this.env.app.channels.has(channel as ChannelName))
      return { state: 'active', delivered: null };
    const r = await sendTo(this.env.app, channel, h.staffChat, R.residentMessageReply(h, text));
    return { state: 'active', delivered: r.ok };
  }

  /**
   * Ends a waiting or active handoff. `staff` is required when `by` is
   * `staff` (any staff member may end any handoff through the API; the chat
   * ends only one's own). The other side is told; a resident whose
   * conversation took place is invited to rate it.
   */
  async endHandoff(id: number, by: EndedBy, staff?: StaffRef): Promise<EndResult> {
    if (by === 'staff' && (!staff || !allowed(staff.role, 'staff'))) {
      if (staff) this.audit(staff, 'ketthuc', 'refused', `handoff ${id}`);
      return { ok: false, reason: 'refused' };
    }
    const h = this.get(id);
    if (!h) return { ok: false, reason: 'not-found' };
    if (!S.markEnded(this.db, id, by, this.env.now())) {
      if (staff) this.audit(staff, 'ketthuc', 'failed', `handoff ${id}: closed`);
      return { ok: false, reason: 'closed' };
    }
    const ended = this.get(id)!;
    if (staff) this.audit(staff, 'ketthuc', 'ok', `handoff ${id}`);
    this.env.app.logger.info(
      { channel: h.channel, user: h.userHash, handoff: id, by, taken: h.takenAt !== null },
      'handoff ended',
    );
    if (by !== 'resident' && h.chatId) {
      const reply = h.takenAt === null ? R.cancelledByStaffReply() : R.endedReply(ended, by, this.settings.idleMinutes);
      await sendTo(this.env.app, h.channel, h.chatId, reply);
    }
    if (by !== 'staff' && h.staffPrincipal && h.staffChat) {
      const [channel] = h.staffPrincipal.split(':');
      if (channel && this.env.app.channels.has(channel as ChannelName)) {
        await sendTo(this.env.app, channel, h.staffChat, R.endedToStaffReply(ended, by, this.settings.idleMinutes));
      }
    }
    return { ok: true, handoff: ended, wasWaiting: h.state === 'waiting' };
  }

  /** Sends a reply to one chat through its channel (errors are values, logged by channel and kind only). */
  push(channel: string, chatId: string, reply: Reply): Promise<SendResult> {
    return sendTo(this.env.app, channel, chatId, reply);
  }

  /** The resident's 👍/👎 after a conversation; false when not theirs, not ended, or already rated. */
  rate(id: number, userHash: string, helpful: boolean): boolean {
    return S.rateHandoff(this.db, id, userHash, helpful);
  }

  /**
   * The expiry sweep: waiting requests older than HANDOFF_WAIT_MINUTES
   * expire and become tickets (the resident is told); conversations idle
   * for HANDOFF_IDLE_MINUTES end. Safe to run at any time, concurrently.
   */
  async sweep(): Promise<{ expired: number; ended: number }> {
    const now = this.env.now();
    let expired = 0;
    for (const h of S.waitingSince(this.db, now - this.settings.waitMinutes * 60_000)) {
      if (!S.markExpired(this.db, h.id, now)) continue;
      expired++;
      this.env.app.logger.info(
        { channel: h.channel, user: h.userHash, handoff: h.id },
        'handoff expired: nobody took it',
      );
      const ticketId = await this.ticket(h.id, 'expired');
      if (ticketId !== undefined && h.chatId) {
        const o = { hoursLabel: this.settings.hours.label, waitMinutes: this.settings.waitMinutes };
        await sendTo(this.env.app, h.channel, h.chatId, R.ticketedReply('expired', ticketId, o));
      }
    }
    let ended = 0;
    for (const h of S.idleSince(this.db, now - this.settings.idleMinutes * 60_000)) {
      if ((await this.endHandoff(h.id, 'timeout')).ok) ended++;
    }
    return { expired, ended };
  }

  /** Erases transcripts and ids of closed handoffs older than the retention; returns how many. */
  purge(): number {
    return S.purgeHandoffs(this.db, this.settings.retentionDays, this.env.now());
  }

  private ticket(id: number, reason: R.TicketReason): Promise<number | undefined> {
    return ticketFromHandoff(this.env, this.get(id)!, reason, this.settings.waitMinutes);
  }

  private hash(staff: Pick<StaffRef, 'channel' | 'userId'>): string {
    return this.env.app.assistant.hashUser(staff.channel, staff.userId);
  }

  private audit(staff: StaffRef, action: string, outcome: 'ok' | 'refused' | 'failed', detail: string): void {
    writeAudit(this.db, {
      ts: this.env.now(),
      channel: staff.channel,
      userHash: this.hash(staff),
      role: staff.role,
      action,
      detail,
      outcome,
    });
  }
}

/** `channel:id` of a staff member. */
export function principal(staff: Pick<StaffRef, 'channel' | 'userId'>): string {
  return `${staff.channel}:${staff.userId}`;
}
