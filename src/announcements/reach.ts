/**
 * The delivery estimate in the staff previews: for each channel that can
 * tell (Zalo OA), how many recipients each message type reaches, who waits
 * until they write, the quota cost, and a warning before Zalo's per-person
 * monthly limit is passed.
 */
import type { ChannelName, ReachEstimate } from '../core/types.js';
import type { Audience } from './model.js';
import type { Announcements } from './service.js';

const TYPE_LABELS: Record<string, string> = {
  cs: 'tin tư vấn (người đã nhắn trong 7 ngày)',
  promotion: 'tin truyền thông',
  transaction: 'tin giao dịch',
  group: 'nhóm',
  article: 'lượt gửi bài viết tới mọi người quan tâm OA',
};

/** One channel's estimate. */
export interface ChannelReach {
  channel: ChannelName;
  estimate: ReachEstimate;
}

/** Estimates of the channels that offer one, for the recipients of an audience. */
export async function estimateReach(
  ann: Announcements,
  audience: Audience,
  promotional = false,
): Promise<ChannelReach[]> {
  const by = new Map<ChannelName, { chatId: string; isGroup: boolean }[]>();
  for (const r of ann.subscriptions.recipients(audience)) {
    const list = by.get(r.channel) ?? [];
    list.push({ chatId: r.chatId, isGroup: r.isGroup });
    by.set(r.channel, list);
  }
  const out: ChannelReach[] = [];
  for (const [channel, chats] of by) {
    const ch = ann.opts.channels.get(channel);
    if (!ch?.estimateReach) continue;
    try {
      out.push({ channel, estimate: await ch.estimateReach(chats, { purpose: 'announcement', promotional }) });
    } catch (err) {
      ann.opts.log.warn({ err, channel }, 'could not estimate the reach of a broadcast');
    }
  }
  return out;
}

/** Vietnamese lines describing one estimate (the first is the summary). */
export function reachLines(r: ChannelReach): { lines: string[]; warnings: string[] } {
  const e = r.estimate;
  const parts = Object.entries(e.byType)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${TYPE_LABELS[t] ?? t}`);
  if (e.waiting > 0) parts.push(`${e.waiting} chờ người dân nhắn tin`);
  if (e.overLimit > 0) parts.push(`${e.overLimit} đã nhận đủ tin trong ngày hoặc tháng`);
  if ((e.unfollowed ?? 0) > 0) parts.push(`${e.unfollowed} đã bỏ quan tâm OA (không gửi)`);
  const lines = [`${r.channel}: ${parts.length > 0 ? parts.join(', ') : 'không có người nhận'}.`];
  const quota = e.quotaRemaining === null ? '' : ` (hạn mức còn ${e.quotaRemaining})`;
  if (e.quotaCost > 0 || e.quotaRemaining !== null)
    lines.push(`Tính vào hạn mức tin của OA: ${e.quotaCost} tin${quota}.`);
  const warnings: string[] = [];
  if (e.overLimit > 0 && e.monthlyLimit !== undefined) {
    warnings.push(
      `${e.overLimit} người đã nhận đủ số tin truyền thông Zalo cho phép (${e.monthlyLimit} tin/tháng, 1 tin/ngày): họ sẽ không nhận tin này cho đến khi tự nhắn cho OA.`,
    );
  }
  if ((e.atLastOfMonth ?? 0) > 0)
    warnings.push(`Với ${e.atLastOfMonth} người, đây là tin truyền thông cuối cùng được gửi trong tháng này.`);
  if (e.waiting > 0)
    warnings.push(`${e.waiting} người quá 7 ngày chưa nhắn: tin sẽ chờ, không gửi được cho đến khi họ nhắn tin.`);
  return { lines, warnings };
}

/** All estimates as plain text lines (chat preview). */
export async function reachText(ann: Announcements, audience: Audience, promotional = false): Promise<string[]> {
  const out: string[] = [];
  for (const r of await estimateReach(ann, audience, promotional)) {
    const { lines, warnings } = reachLines(r);
    out.push(...lines, ...warnings.map((w) => `⚠️ ${w}`));
  }
  return out;
}
