/**
 * How an announcement looks to residents. The preview staff see is built by
 * the same function, so it is exactly what will be sent.
 */
import type { Reply } from '../core/types.js';

/** The reply sent to every recipient of an announcement. */
export function announcementReply(title: string | null, body: string): Reply {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    kind: 'info',
    title: `📢 ${title ?? 'Thông báo của UBND xã'}`,
    sections: paragraphs.map((text) => ({ text })),
    footer: 'Không muốn nhận tin nữa? Gõ /huy hoặc "hủy nhận tin".',
  };
}
