/**
 * The staff side of a handoff in chat: `/nhan <số>` takes a request,
 * `/hangdoi` lists the queue, `/ketthuc` ends, and a plain message in the
 * staff member's private chat with the assistant goes to the resident.
 * The role is checked on every action (a resident gets the same refusal as
 * for any staff command) and every action is audited (here or by the desk).
 */
import { DRAFT_KEY } from '../../announcements/compose.js';
import type { TurnContext } from '../../core/assistant.js';
import { writeAudit } from '../audit.js';
import { INTAKE_SESSION_KEY } from '../intake.js';
import { SURVEY_SESSION_KEY } from '../survey.js';
import { allowed, infoReply, refusalReply, usageReply } from '../commands.js';
import { principal, type HandoffDesk, type StaffRef } from './desk.js';
import * as R from './replies.js';
import type { Handoff } from './store.js';

/** Session keys of multi-step flows (an announcement draft, feedback, a survey) that own the staff member's next message. */
const OTHER_FLOWS = [DRAFT_KEY, INTAKE_SESSION_KEY, SURVEY_SESSION_KEY];

/** Whether the staff member is in the middle of another flow in this chat: their message is not for the resident. */
export function inOtherFlow(ctx: TurnContext): boolean {
  return OTHER_FLOWS.some((k) => ctx.session.get(k) !== undefined);
}

/** The sender as a staff member: pushes go to their private chat (equal to their id on Telegram and Zalo). */
export function staffOf(ctx: TurnContext): StaffRef {
  const m = ctx.message;
  return { channel: m.channel, userId: m.userId, role: ctx.role, chatId: m.isGroup ? m.userId : m.chatId };
}

/** The one refusal, audited (see core/commands). */
function refuse(ctx: TurnContext, action: string): void {
  ctx.assistant.commands.refuse(ctx, action);
}

function handoffNumber(s: string): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

/** `/nhan <số>`: takes a waiting request; the conversation goes on in the private chat. */
export async function takeCommand(ctx: TurnContext, desk: HandoffDesk, args: string, now: number): Promise<void> {
  const id = handoffNumber(args);
  if (id === undefined) {
    ctx.reply(usageReply('Cú pháp: /nhan <số yêu cầu>. Ví dụ: /nhan 12. Gõ /hangdoi để xem các yêu cầu đang chờ.'));
    writeAudit(ctx.db, {
      ts: now,
      channel: ctx.message.channel,
      userHash: ctx.userHash,
      role: ctx.role,
      action: 'nhan',
      detail: 'usage',
      outcome: 'failed',
    });
    return;
  }
  const staff = staffOf(ctx);
  const r = await desk.takeHandoff(id, staff);
  if (!r.ok) {
    ctx.reply(r.reason === 'refused' ? refusalReply() : R.takeRefusedReply(r.reason, id, r.busyWith));
    return;
  }
  const instructions = R.takenReply(r.handoff, r.transcript);
  if (ctx.message.isGroup) {
    const dm = await desk.push(staff.channel, staff.chatId ?? staff.userId, instructions);
    ctx.reply(R.takenInGroupReply(r.handoff, dm.ok));
  } else ctx.reply(instructions);
  if (!r.residentNotified)
    ctx.reply(
      infoReply(
        `Chưa báo được cho người dân (kênh ${R.channelLabel(r.handoff.channel)}); tin của bạn vẫn được lưu lại.`,
      ),
    );
}

/** `/hangdoi`: waiting and active requests. */
export function queueCommand(ctx: TurnContext, desk: HandoffDesk, now: number): void {
  const waiting = desk.waitingHandoffs();
  const active = desk.activeHandoffs();
  ctx.reply(R.queueReply(waiting, active, now, principal(staffOf(ctx))));
  writeAudit(ctx.db, {
    ts: now,
    channel: ctx.message.channel,
    userHash: ctx.userHash,
    role: ctx.role,
    action: 'hangdoi',
    detail: `${waiting.length} waiting, ${active.length} active`,
    outcome: 'ok',
  });
}

/** `/ketthuc` by a staff member: their own conversation, or `/ketthuc <số>` any open request. */
export async function staffEndCommand(
  ctx: TurnContext,
  desk: HandoffDesk,
  mine: Handoff | undefined,
  args: string,
  now: number,
): Promise<void> {
  if (!allowed(ctx.role, 'staff')) return refuse(ctx, 'ketthuc');
  const id = handoffNumber(args) ?? mine?.id;
  if (id === undefined) {
    ctx.reply(R.nothingOpenReply());
    writeAudit(ctx.db, {
      ts: now,
      channel: ctx.message.channel,
      userHash: ctx.userHash,
      role: ctx.role,
      action: 'ketthuc',
      detail: 'nothing open',
      outcome: 'failed',
    });
    return;
  }
  const r = await desk.endHandoff(id, 'staff', staffOf(ctx));
  if (r.ok) ctx.reply(infoReply(`Đã kết thúc yêu cầu số ${id}.`));
  else if (r.reason === 'refused') ctx.reply(refusalReply());
  else
    ctx.reply(infoReply(r.reason === 'closed' ? `Yêu cầu số ${id} đã kết thúc trước đó.` : 'Không có yêu cầu số này.'));
}

/** A plain message of the staff member in their private chat: it goes to the resident. */
export async function staffRelay(ctx: TurnContext, desk: HandoffDesk, mine: Handoff): Promise<void> {
  const r = await desk.sendStaffMessage(mine.id, staffOf(ctx), ctx.text);
  ctx.log.info({ handoff: mine.id, ok: r.ok, delivered: r.ok ? r.delivered : undefined }, 'handoff message from staff');
  if (!r.ok) {
    ctx.reply(r.reason === 'refused' ? refusalReply() : infoReply(`Yêu cầu số ${mine.id} đã kết thúc.`));
    return;
  }
  if (!r.delivered) {
    ctx.reply(
      infoReply(
        `Chưa gửi được tin tới người dân (kênh ${R.channelLabel(mine.channel)}); tin đã được lưu lại. Gõ /ketthuc để kết thúc.`,
      ),
    );
  }
}
