/**
 * Staff commands for feedback tickets: list open ones, take one in hand, and
 * answer one by its number. The answer goes to the resident on the channel
 * they wrote from, with an invitation to a short satisfaction survey.
 */
import type { Reply } from '../core/types.js';
import { infoReply, usageReply, type AdminEnv, type StaffCommand } from './commands.js';
import { sendTo } from '../core/deliver.js';
import { answerTicket, getTicket, markInProgress, openTickets, setDelivered, type Ticket } from './tickets.js';
import { formatDateTime, formatDuration } from './text.js';

/** Vietnamese names of the ticket states. */
export const STATE_LABEL: Record<Ticket['state'], string> = {
  new: 'mới',
  in_progress: 'đang xử lý',
  answered: 'đã trả lời',
};

function ticketNumber(s: string): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

/** The message a resident receives with the staff answer. */
export function answerToResidentReply(t: Ticket, answer: string): Reply {
  return {
    kind: 'info',
    title: `Trả lời phản ánh số ${t.id}`,
    sections: [{ text: answer }, { text: 'Bạn có thể dành 1 phút đánh giá mức độ hài lòng (thang 1–5) không?' }],
    buttons: [
      { label: 'Đánh giá', payload: `/danhgia ${t.id}` },
      { label: 'Không, cảm ơn', payload: '/khongdanhgia' },
    ],
  };
}

/** Sends a staff answer to the resident on their channel and records delivery. */
export async function deliverTicketAnswer(app: AdminEnv['app'], t: Ticket, answer: string): Promise<boolean> {
  if (!t.chatId) return false;
  const r = await sendTo(app, t.channel, t.chatId, answerToResidentReply(t, answer));
  setDelivered(app.db, t.id, r.ok);
  return r.ok;
}

/** `/xemphananh [số]`: open tickets, or one ticket in full. */
export const listTicketsCommand: StaffCommand = {
  name: 'xemphananh',
  aliases: ['dsphananh'],
  role: 'staff',
  usage: '[số]',
  help: 'phản ánh chưa trả lời, hoặc chi tiết một phản ánh',
  run(ctx, args, env) {
    const tz = env.app.config.TZ_NAME;
    if (args) {
      const id = ticketNumber(args);
      const t = id !== undefined ? getTicket(ctx.db, id) : undefined;
      if (!t) {
        ctx.reply(usageReply('Không có phản ánh số này. Ví dụ: /xemphananh 12'));
        return { outcome: 'failed', detail: 'unknown ticket' };
      }
      const items = [
        `Trạng thái: ${STATE_LABEL[t.state]}`,
        `Nhận lúc: ${formatDateTime(t.createdAt, tz)} (kênh ${t.channel})`,
        `Điện thoại: ${t.phone ?? 'không để lại'}`,
      ];
      if (t.answeredAt)
        items.push(
          `Trả lời lúc: ${formatDateTime(t.answeredAt, tz)}, sau ${formatDuration(t.answeredAt - t.createdAt)}`,
        );
      ctx.reply({
        kind: 'info',
        title: `Phản ánh số ${t.id}`,
        sections: [
          { text: t.content ?? '(đã xoá theo thời hạn lưu trữ)' },
          { items },
          ...(t.answer ? [{ heading: 'Đã trả lời', text: t.answer }] : []),
        ],
      });
      return { outcome: 'ok', detail: `ticket ${t.id}` };
    }
    const open = openTickets(ctx.db, 20);
    if (open.length === 0) {
      ctx.reply(infoReply('Không có phản ánh nào đang chờ trả lời.'));
      return { outcome: 'ok' };
    }
    const now = env.now();
    ctx.reply({
      kind: 'list',
      title: `Phản ánh chưa trả lời (${open.length})`,
      sections: [
        {
          items: open.map(
            (t) =>
              `Số ${t.id} · ${STATE_LABEL[t.state]} · ${formatDuration(now - t.createdAt)} trước: ${(t.content ?? '').slice(0, 80)}`,
          ),
        },
        { text: 'Trả lời: /traloi <số> <nội dung>. Nhận xử lý: /xuly <số>.' },
      ],
    });
    return { outcome: 'ok', detail: `${open.length} open` };
  },
};

/** `/xuly <số>`: marks a ticket "in progress" and tells the resident. */
export const takeTicketCommand: StaffCommand = {
  name: 'xuly',
  aliases: ['nhanxuly'],
  role: 'staff',
  usage: '<số>',
  help: 'nhận xử lý một phản ánh (báo người gửi là đang xử lý)',
  async run(ctx, args, env) {
    const id = ticketNumber(args);
    const t = id !== undefined ? getTicket(ctx.db, id) : undefined;
    if (!t) {
      ctx.reply(usageReply('Không có phản ánh số này. Ví dụ: /xuly 12'));
      return { outcome: 'failed', detail: 'unknown ticket' };
    }
    if (!markInProgress(ctx.db, t.id, env.now())) {
      ctx.reply(infoReply(`Phản ánh số ${t.id} đang ở trạng thái "${STATE_LABEL[t.state]}".`));
      return { outcome: 'failed', detail: `ticket ${t.id} is ${t.state}` };
    }
    if (t.chatId) {
      await sendTo(env.app, t.channel, t.chatId, infoReply(`Phản ánh số ${t.id} của bạn đang được cán bộ xã xử lý.`));
    }
    ctx.reply(infoReply(`Đã nhận xử lý phản ánh số ${t.id}.`));
    return { outcome: 'ok', detail: `ticket ${t.id}` };
  },
};

/** `/traloi <số> <nội dung>`: answers a ticket; the answer reaches the resident. */
export const answerTicketCommand: StaffCommand = {
  name: 'traloi',
  role: 'staff',
  usage: '<số> <nội dung>',
  help: 'trả lời một phản ánh (gửi tới người phản ánh)',
  async run(ctx, args, env) {
    const m = /^#?(\d{1,9})\s+([\s\S]+)$/.exec(args);
    if (!m || m[2]!.trim().length < 2) {
      ctx.reply(
        usageReply('Cú pháp: /traloi <số phản ánh> <nội dung trả lời>. Ví dụ: /traloi 12 Xã đã sửa đèn đường thôn 3.'),
      );
      return { outcome: 'failed', detail: 'usage' };
    }
    const t = getTicket(ctx.db, Number(m[1]));
    if (!t) {
      ctx.reply(usageReply(`Không có phản ánh số ${m[1]}.`));
      return { outcome: 'failed', detail: 'unknown ticket' };
    }
    const answer = m[2]!.trim();
    if (!answerTicket(ctx.db, t.id, answer, ctx.userHash, env.now())) {
      ctx.reply(infoReply(`Phản ánh số ${t.id} đã được trả lời trước đó (hoặc đã hết thời hạn lưu trữ).`));
      return { outcome: 'failed', detail: `ticket ${t.id} already answered` };
    }
    const ok = await deliverTicketAnswer(env.app, t, answer);
    ctx.reply(
      infoReply(
        ok
          ? `Đã gửi trả lời phản ánh số ${t.id} tới người phản ánh.`
          : `Đã lưu trả lời phản ánh số ${t.id} nhưng chưa gửi được tới người phản ánh (kênh ${t.channel}). Vui lòng liên hệ trực tiếp nếu có số điện thoại.`,
      ),
    );
    return { outcome: 'ok', detail: `ticket ${t.id}${ok ? '' : ' (not delivered)'}` };
  },
};

/** Every ticket command. */
export const ticketCommands: StaffCommand[] = [listTicketsCommand, takeTicketCommand, answerTicketCommand];
