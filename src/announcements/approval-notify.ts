/**
 * The messages of the approval flow outside a conversation: "waiting for
 * approval" to the staff chat (`STAFF_CHAT`; without one, to each approver
 * but the author), and the decision to the author's chat. Sent through the
 * running channels with core/deliver; a failure is logged, never thrown.
 */
import type { Logger } from 'pino';
import { sendTo } from '../core/deliver.js';
import type { Channel, ChannelName, Reply } from '../core/types.js';
import { approversText, type ApproverRef } from './approval.js';
import type { Announcement, Audience, ChatRef } from './model.js';
import { formatLocal } from './time.js';

/** What the notices need from the engine. */
export interface ApprovalNoticeEnv {
  channels: ReadonlyMap<ChannelName, Channel>;
  log: Logger;
  staffChats: readonly ChatRef[];
  approvers: () => readonly ApproverRef[];
  hashUser: (channel: string, id: string) => string;
  /** The Vietnamese label of an audience (topic names come from the knowledge base). */
  describe: (a: Audience) => string;
  tz: string;
}

const titleOf = (a: Announcement) => a.title ?? a.body.split('\n')[0]!.slice(0, 60);

/** "Thông báo #12 chờ duyệt" (`edited`: "đã sửa, cần duyệt lại"), with who can approve and the button to see it. */
export function pendingNotice(
  a: Announcement,
  env: Pick<ApprovalNoticeEnv, 'approvers' | 'describe'>,
  edited = false,
): Reply {
  const again = edited;
  return {
    kind: 'info',
    title: `Thông báo #${a.id} chờ duyệt${again ? ' (đã sửa, cần duyệt lại)' : ''}`,
    sections: [
      { items: [`Tiêu đề: ${titleOf(a)}`, `Người nhận: ${env.describe(a.audience)}`] },
      { text: `${approversText(env.approvers())} Gõ /duyet ${a.id} để xem bản xem trước và duyệt hoặc trả lại.` },
    ],
    buttons: [{ label: 'Xem và duyệt', payload: `/duyet ${a.id}` }],
  };
}

/** Where "waiting for approval" goes: the staff chat, or each approver's own chat except the author's. */
function pendingTargets(env: ApprovalNoticeEnv, a: Announcement): ChatRef[] {
  if (env.staffChats.length > 0) return [...env.staffChats];
  return env
    .approvers()
    .filter((p) => {
      const key = `${p.channel}:${env.hashUser(p.channel, p.userId)}`;
      return key !== a.review.createdBy && key !== a.review.submittedBy;
    })
    .map((p) => ({ channel: p.channel as ChannelName, chatId: p.userId }));
}

/** Tells approvers an announcement waits for them (`edited`: again, after a change); returns how many chats got it. */
export async function notifyPending(env: ApprovalNoticeEnv, a: Announcement, edited = false): Promise<number> {
  const reply = pendingNotice(a, env, edited);
  let n = 0;
  for (const t of pendingTargets(env, a)) {
    if ((await sendTo({ channels: env.channels, logger: env.log }, t.channel, t.chatId, reply)).ok) n++;
  }
  env.log.info({ announcement: a.id, delivered: n }, 'approvers notified');
  return n;
}

/** The decision as its author reads it (`late`: approved after its planned time, so sent at once). */
export function decisionNotice(a: Announcement, tz: string): Reply {
  const late = a.schedule.kind === 'at' && a.review.reviewedAt !== null && a.schedule.at < a.review.reviewedAt;
  if (a.status === 'returned')
    return {
      kind: 'info',
      title: `Thông báo #${a.id} được trả lại để sửa`,
      sections: [
        { text: `Góp ý của người duyệt: ${a.review.comment ?? ''}` },
        {
          text: `Bạn sửa bằng /thongbao sua ${a.id} (nội dung) hoặc /thongbao doigio ${a.id} <giờ ngày>; thông báo sẽ được gửi duyệt lại.`,
        },
      ],
    };
  const when =
    a.nextRunAt === null
      ? ''
      : a.schedule.kind === 'now' || late
        ? late
          ? ' Giờ hẹn đã qua nên thông báo được gửi ngay.'
          : ' Đang bắt đầu gửi.'
        : ` Lần gửi tới: ${formatLocal(a.nextRunAt, tz)}.`;
  return { kind: 'info', title: `Thông báo #${a.id} đã được duyệt`, sections: [{ text: `${titleOf(a)}.${when}` }] };
}

/** Tells the author (in the chat where it was composed, when known) what the approver decided. */
export async function notifyAuthor(env: ApprovalNoticeEnv, a: Announcement): Promise<void> {
  if (!a.notify) return;
  await sendTo(
    { channels: env.channels, logger: env.log },
    a.notify.channel,
    a.notify.chatId,
    decisionNotice(a, env.tz),
  );
}
