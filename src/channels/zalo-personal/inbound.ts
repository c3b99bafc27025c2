/**
 * Turns a zca-js listener message into what the channel acts on: self
 * messages are dropped, group messages count only when they mention the
 * account (or quote one of its messages), and the mention is cut from the text.
 */
import type { IncomingMessage } from '../../core/types.js';
import { THREAD_GROUP, type ZcaMessage } from './zca-types.js';

/** Group chat ids carry this prefix, so `send` knows the thread type. */
export const PERSONAL_GROUP_PREFIX = 'group:';

/** What to do with a listener message. */
export type Inbound =
  | { action: 'answer'; message: IncomingMessage }
  | { action: 'non_text'; chatId: string; userId: string }
  | { action: 'skip'; reason: 'self' | 'not_addressed' | 'non_text_group' | 'empty' };

/** Classifies one listener message. */
export function classifyInbound(m: ZcaMessage, ownId: string): Inbound {
  const d = m.data;
  if (m.isSelf || d.uidFrom === '0' || d.uidFrom === ownId) return { action: 'skip', reason: 'self' };
  const isGroup = m.type === THREAD_GROUP;
  const chatId = isGroup ? PERSONAL_GROUP_PREFIX + m.threadId : m.threadId;
  if (typeof d.content !== 'string') {
    return isGroup ? { action: 'skip', reason: 'non_text_group' } : { action: 'non_text', chatId, userId: d.uidFrom };
  }
  let text = d.content;
  if (isGroup) {
    const mentions = ('mentions' in d && Array.isArray(d.mentions) ? d.mentions : []).filter((x) => x.uid === ownId);
    const quoted = d.quote?.ownerId === ownId;
    if (mentions.length === 0 && !quoted) return { action: 'skip', reason: 'not_addressed' };
    for (const x of [...mentions].sort((a, b) => b.pos - a.pos))
      text = text.slice(0, x.pos) + text.slice(x.pos + x.len);
    text = text.replace(/^[\s,:;.!?-]+/, '').trim();
    if (text.length === 0) text = '/help';
  }
  if (text.trim().length === 0) return { action: 'skip', reason: 'empty' };
  return {
    action: 'answer',
    message: {
      channel: 'zalo-personal',
      userId: d.uidFrom,
      chatId,
      isGroup,
      text,
      ...(d.dName ? { userName: d.dName } : {}),
    },
  };
}
