/**
 * Zalo OA webhook payloads (validated with zod) turned into the few events
 * the channel acts on. Unknown event names are "ignored" (answered 200),
 * known ones with missing fields are "malformed" (answered 400).
 */
import { z } from 'zod';

const id = z.union([z.string().min(1).max(64), z.number().int()]).transform(String);
const party = z.object({ id: id.optional(), group_id: id.optional() }).loose();
const message = z
  .object({ msg_id: id, text: z.string().max(20_000).optional(), conversation_id: id.optional() })
  .loose();

const base = z
  .object({
    event_name: z.string().min(1).max(100),
    app_id: id.optional(),
    timestamp: id.optional(),
    sender: party.optional(),
    recipient: party.optional(),
    follower: party.optional(),
    message: z.unknown().optional(),
  })
  .loose();

/** An OA group chat id as the channel uses it: GMF group ids get this prefix. */
export const OA_GROUP_PREFIX = 'group:';

/** What the channel does with a webhook event. */
export type OaEvent =
  | {
      type: 'text';
      eventId: string;
      userId: string;
      chatId: string;
      isGroup: boolean;
      text: string;
      fromButton: boolean;
    }
  | { type: 'non_text'; eventId: string; userId: string; chatId: string; isGroup: boolean }
  | { type: 'follow'; eventId: string; userId: string }
  | { type: 'unfollow'; eventId: string; userId: string }
  | { type: 'ignored'; eventName: string };

/** Result of {@link parseOaEvent}: errors are values. */
export type ParseResult = { ok: true; event: OaEvent } | { ok: false; reason: string };

const USER_MEDIA = /^user_send_(image|file|gif|sticker|audio|video|link|location|business_card)$/;

/** Validates a parsed webhook body and classifies it. */
export function parseOaEvent(body: unknown): ParseResult {
  const r = base.safeParse(body);
  if (!r.success) return { ok: false, reason: 'not a Zalo OA event' };
  const e = r.data;
  const name = e.event_name;
  const needsMessage =
    name === 'user_send_text' ||
    name === 'user_click_button' ||
    name === 'user_send_group_text' ||
    USER_MEDIA.test(name);
  if (name === 'follow' || name === 'unfollow' || name === 'user_unfollow') {
    // Research §1.4: `follower.id`, falling back to `sender.id` (the exact unfollow body is not verified).
    const type = name === 'follow' ? 'follow' : 'unfollow';
    const userId = e.follower?.id ?? e.sender?.id;
    if (!userId) return { ok: false, reason: `${name} event without follower id` };
    return { ok: true, event: { type, eventId: `${type}:${userId}:${e.timestamp ?? ''}`, userId } };
  }
  if (!needsMessage) return { ok: true, event: { type: 'ignored', eventName: name } };
  const userId = e.sender?.id;
  const m = message.safeParse(e.message);
  if (!userId || !m.success) return { ok: false, reason: `${name} without sender or message` };
  const msg = m.data;
  const eventId = msg.msg_id;
  if (name === 'user_send_group_text') {
    const groupId = e.recipient?.group_id ?? msg.conversation_id ?? e.recipient?.id;
    if (!groupId) return { ok: false, reason: 'group event without group id' };
    const text = msg.text;
    if (typeof text !== 'string') return { ok: false, reason: 'group text event without text' };
    return {
      ok: true,
      event: {
        type: 'text',
        eventId,
        userId,
        chatId: OA_GROUP_PREFIX + groupId,
        isGroup: true,
        text,
        fromButton: false,
      },
    };
  }
  if (USER_MEDIA.test(name))
    return { ok: true, event: { type: 'non_text', eventId, userId, chatId: userId, isGroup: false } };
  const text = msg.text;
  if (typeof text !== 'string') return { ok: false, reason: `${name} without text` };
  return {
    ok: true,
    event: {
      type: 'text',
      eventId,
      userId,
      chatId: userId,
      isGroup: false,
      text,
      fromButton: name === 'user_click_button',
    },
  };
}
