/**
 * What residents and staff read during a handoff: short, polite Vietnamese.
 * Replies to a resident in a handoff carry an explicit empty button list, so
 * a plain-text channel forgets older numbered choices and a bare number typed
 * next goes to the staff member as a message.
 */
import type { Reply } from '../../core/types.js';
import { formatDateTime, formatDuration } from '../text.js';
import type { Handoff, HandoffMessage } from './store.js';

/** What residents see as the staff member's name when no display name was set. */
export const DEFAULT_STAFF_LABEL = 'Cán bộ xã';

const EMERGENCY = 'Việc khẩn cấp: gọi 113 (công an), 114 (cứu hỏa), 115 (cấp cứu).';

const CHANNEL_LABEL: Record<string, string> = {
  telegram: 'Telegram',
  'zalo-oa': 'Zalo OA',
  'zalo-bot': 'Zalo Bot',
  'zalo-personal': 'Zalo',
  web: 'trang web',
  console: 'console',
};

/** A channel's name for staff. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABEL[channel] ?? channel;
}

function note(text: string, title?: string): Reply {
  return { kind: 'info', ...(title ? { title } : {}), sections: [{ text }], buttons: [] };
}

// ---- to the resident ----

/** The request is queued. */
export function queuedReply(h: Handoff, waitMinutes: number): Reply {
  return note(
    `Bạn đang chờ gặp cán bộ xã (yêu cầu số ${h.id}). Bạn cứ nhắn nội dung cần hỏi: tin nhắn sẽ được chuyển tới cán bộ khi cán bộ tham gia. ` +
      `Nếu sau ${waitMinutes} phút chưa có cán bộ nhận, trợ lý sẽ ghi thành phản ánh để cán bộ trả lời sau. Gõ /ketthuc để hủy.`,
    'Đang chờ gặp cán bộ xã',
  );
}

/** Reminder (once) to a resident who writes while waiting. */
export function stillWaitingReply(h: Handoff): Reply {
  return note(
    `Bạn đang chờ gặp cán bộ xã (yêu cầu số ${h.id}). Tin nhắn của bạn đã được ghi lại và sẽ chuyển tới cán bộ khi cán bộ tham gia. Gõ /ketthuc để hủy.`,
  );
}

/** Asking again while already in conversation. */
export function alreadyTalkingReply(h: Handoff): Reply {
  return note(`Bạn đang trò chuyện với ${h.staffLabel ?? DEFAULT_STAFF_LABEL}. Gõ /ketthuc để kết thúc.`);
}

/** Why a request became a ticket instead of a conversation. */
export type TicketReason = 'closed' | 'unreachable' | 'expired';

/** The request became ticket `ticketId`. */
export function ticketedReply(
  reason: TicketReason,
  ticketId: number,
  o: { hoursLabel: string; waitMinutes: number },
): Reply {
  const why: Record<TicketReason, string> = {
    closed: `Hiện ngoài giờ nhận trò chuyện trực tiếp của xã (${o.hoursLabel}).`,
    unreachable: 'Hiện chưa liên hệ được cán bộ nào.',
    expired: `Chưa có cán bộ nào nhận trong ${o.waitMinutes} phút.`,
  };
  return {
    kind: 'info',
    title: `Đã ghi yêu cầu thành phản ánh số ${ticketId}`,
    sections: [
      {
        text:
          `${why[reason]} Trợ lý đã ghi yêu cầu của bạn thành phản ánh số ${ticketId}; cán bộ sẽ trả lời tại đây. ` +
          'Muốn bổ sung nội dung hoặc để lại số điện thoại, gõ /gopy. Trợ lý tiếp tục trả lời câu hỏi của bạn.',
      },
      { text: EMERGENCY },
    ],
    buttons: [],
  };
}

/** A staff member joined: the assistant stops answering. */
export function joinedReply(label: string): Reply {
  return note(
    'Từ bây giờ tin nhắn của bạn được chuyển tới cán bộ; trợ lý tạm dừng trả lời trong cuộc trò chuyện này. Gõ /ketthuc để kết thúc.',
    `${label} đã tham gia trò chuyện`,
  );
}

/** A message of the staff member, as the resident receives it. */
export function staffMessageReply(label: string, text: string): Reply {
  return { kind: 'info', title: `💬 ${label}`, sections: [{ text }], buttons: [] };
}

/** The conversation ended; the resident is invited to rate it (👍/👎). */
export function endedReply(h: Handoff, by: 'resident' | 'staff' | 'timeout', idleMinutes: number): Reply {
  const how = {
    resident: 'Bạn đã kết thúc cuộc trò chuyện với cán bộ xã.',
    staff: 'Cán bộ đã kết thúc cuộc trò chuyện.',
    timeout: `Cuộc trò chuyện với cán bộ xã tự kết thúc vì không có tin nhắn mới trong ${idleMinutes} phút.`,
  }[by];
  return {
    kind: 'info',
    title: 'Cuộc trò chuyện đã kết thúc',
    sections: [
      { text: `${how} Trợ lý tiếp tục trả lời câu hỏi của bạn.` },
      { text: 'Bạn có hài lòng với cuộc trò chuyện này không?' },
    ],
    buttons: [
      { label: '👍 Hài lòng', payload: `/danhgiacanbo ${h.id} 1` },
      { label: '👎 Chưa hài lòng', payload: `/danhgiacanbo ${h.id} 0` },
    ],
  };
}

/** The resident cancelled while waiting. */
export function cancelledReply(): Reply {
  return { kind: 'info', sections: [{ text: 'Đã hủy yêu cầu gặp cán bộ. Trợ lý tiếp tục trả lời câu hỏi của bạn.' }] };
}

/** A staff member closed the request before anybody took it (from the console). */
export function cancelledByStaffReply(): Reply {
  return {
    kind: 'info',
    sections: [
      {
        text: 'Yêu cầu gặp cán bộ của bạn đã được cán bộ đóng. Bạn có thể gõ /gopy để gửi phản ánh. Trợ lý tiếp tục trả lời câu hỏi của bạn.',
      },
    ],
  };
}

/** A relayed message did not reach the staff member. */
export function relayFailedReply(): Reply {
  return note(
    'Tin nhắn chưa chuyển được tới cán bộ; cán bộ vẫn xem được trong lịch sử cuộc trò chuyện. Gõ /ketthuc để kết thúc.',
  );
}

/** Handoffs happen in private chats only. */
export function privateOnlyReply(): Reply {
  return {
    kind: 'info',
    sections: [{ text: 'Để giữ kín thông tin, vui lòng nhắn riêng cho trợ lý rồi gõ /gapcanbo để gặp cán bộ xã.' }],
  };
}

/** `/ketthuc` without an open conversation. */
export function nothingOpenReply(): Reply {
  return { kind: 'info', sections: [{ text: 'Bạn không có cuộc trò chuyện nào với cán bộ đang mở.' }] };
}

/** Answer to 👍/👎. */
export function ratedReply(fresh: boolean): Reply {
  return {
    kind: 'info',
    sections: [
      { text: fresh ? 'Cảm ơn bạn đã đánh giá!' : 'Không tìm thấy cuộc trò chuyện chưa đánh giá của bạn với số này.' },
    ],
  };
}

// ---- to staff ----

/** The notice in the staff chat, with the "Nhận" button. */
export function staffNoticeReply(
  h: Handoff,
  firstText: string | undefined,
  o: { waitMinutes: number; timeZone: string },
): Reply {
  const items = [
    `Kênh: ${channelLabel(h.channel)}`,
    ...(h.userName ? [`Người dân: ${h.userName}`] : []),
    `Yêu cầu lúc: ${formatDateTime(h.requestedAt, o.timeZone)}`,
  ];
  return {
    kind: 'info',
    title: `🙋 Người dân cần gặp cán bộ (yêu cầu số ${h.id})`,
    sections: [
      ...(firstText ? [{ text: `«${firstText.slice(0, 300)}»` }] : []),
      { items },
      {
        text: `Bấm "Nhận" (hoặc gõ /nhan ${h.id}) rồi trò chuyện với người dân trong tin nhắn riêng với trợ lý. Sau ${o.waitMinutes} phút không có ai nhận, yêu cầu được ghi thành phản ánh.`,
      },
    ],
    buttons: [{ label: 'Nhận', payload: `/nhan ${h.id}` }],
  };
}

/** To the staff member who took a handoff, in their private chat: how it works, and what the resident wrote so far. */
export function takenReply(h: Handoff, transcript: HandoffMessage[]): Reply {
  const said = transcript.filter((m) => m.from === 'resident').map((m) => m.text.slice(0, 500));
  return {
    kind: 'info',
    title: `Bạn đã nhận yêu cầu số ${h.id} (${channelLabel(h.channel)})`,
    sections: [
      { text: 'Mọi tin bạn gửi ở đây sẽ chuyển đến người dân. Gõ /ketthuc để kết thúc.' },
      ...(said.length > 0 ? [{ heading: 'Người dân đã nhắn', items: said }] : []),
    ],
  };
}

/** To a group where a staff member pressed "Nhận": the conversation goes on privately. */
export function takenInGroupReply(h: Handoff, privateOk: boolean): Reply {
  return note(
    privateOk
      ? `Đã giao yêu cầu số ${h.id} cho bạn. Trợ lý đã nhắn riêng cho bạn: trò chuyện với người dân ở đó.`
      : `Đã giao yêu cầu số ${h.id} cho bạn, nhưng trợ lý chưa nhắn riêng được cho bạn. Mở trò chuyện riêng với trợ lý rồi gõ /nhan ${h.id} để tiếp tục.`,
  );
}

/** Why a take failed. */
export function takeRefusedReply(
  reason: 'not-found' | 'taken' | 'closed' | 'busy',
  id: number,
  busyWith?: number,
): Reply {
  const text = {
    'not-found': 'Không có yêu cầu số này. Gõ /hangdoi để xem các yêu cầu đang chờ.',
    taken: `Yêu cầu số ${id} đã có cán bộ khác nhận.`,
    closed: `Yêu cầu số ${id} đã kết thúc.`,
    busy: `Bạn đang trò chuyện ở yêu cầu số ${busyWith ?? '?'}. Gõ /ketthuc để kết thúc trước khi nhận yêu cầu khác.`,
  }[reason];
  return { kind: 'error', sections: [{ text }] };
}

/** A resident's message, as the staff member receives it. */
export function residentMessageReply(h: Handoff, text: string): Reply {
  return { kind: 'info', title: `Người dân (yêu cầu số ${h.id})`, sections: [{ text }] };
}

/** To the staff member, when the resident or the idle timeout ended the conversation. */
export function endedToStaffReply(h: Handoff, by: 'resident' | 'timeout', idleMinutes: number): Reply {
  return note(
    by === 'resident'
      ? `Người dân đã kết thúc cuộc trò chuyện số ${h.id}.`
      : `Cuộc trò chuyện số ${h.id} tự kết thúc vì không có tin nhắn mới trong ${idleMinutes} phút.`,
  );
}

/** `/hangdoi`: waiting and active handoffs. */
export function queueReply(waiting: Handoff[], active: Handoff[], now: number, myPrincipal: string): Reply {
  if (waiting.length === 0 && active.length === 0)
    return note('Không có yêu cầu gặp cán bộ nào đang chờ hoặc đang trò chuyện.');
  const w = waiting.map(
    (h) => `Số ${h.id} · ${channelLabel(h.channel)} · chờ ${formatDuration(now - h.requestedAt)} · /nhan ${h.id}`,
  );
  const a = active.map(
    (h) =>
      `Số ${h.id} · ${channelLabel(h.channel)} · đang trò chuyện ${formatDuration(now - (h.takenAt ?? now))}${h.staffPrincipal === myPrincipal ? ' (bạn)' : ''}`,
  );
  return {
    kind: 'list',
    title: 'Hàng đợi gặp cán bộ',
    sections: [
      { heading: `Đang chờ (${waiting.length})`, items: w.length > 0 ? w : ['không có'] },
      { heading: `Đang trò chuyện (${active.length})`, items: a.length > 0 ? a : ['không có'] },
    ],
  };
}
