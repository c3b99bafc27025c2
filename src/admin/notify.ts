/**
 * Sending to admins and to the staff chat outside of a conversation, through
 * whatever channels are running. Failures are logged (channel and kind only)
 * and returned, never thrown.
 */
import type { AppContext } from '../app/context.js';
import type { ChannelName, Reply, SendResult } from '../core/types.js';
import { parsePrincipal } from './roles.js';

/** Sends a reply to one `channel:chatId`; `unreachable` when that channel is not running. */
export async function sendTo(
  app: Pick<AppContext, 'channels' | 'logger'>,
  channel: string,
  chatId: string,
  reply: Reply,
): Promise<SendResult> {
  const ch = app.channels.get(channel as ChannelName);
  if (!ch) return { ok: false, kind: 'unreachable', description: `channel ${channel} is not running` };
  try {
    const r = await ch.send(chatId, reply);
    if (!r.ok) app.logger.warn({ channel, kind: r.kind }, 'admin notification not delivered');
    return r;
  } catch (err) {
    app.logger.warn({ channel, err: (err as Error).message }, 'admin notification failed');
    return { ok: false, kind: 'network', description: (err as Error).message };
  }
}

/** Sends a reply to every `channel:id` in a list; returns how many were delivered. */
export async function sendToAll(
  app: Pick<AppContext, 'channels' | 'logger'>,
  principals: readonly { channel: string; userId: string }[] | readonly string[],
  reply: Reply,
): Promise<number> {
  let delivered = 0;
  for (const p of principals) {
    const target = typeof p === 'string' ? parsePrincipal(p) : p;
    if (!target) continue;
    if ((await sendTo(app, target.channel, target.userId, reply)).ok) delivered++;
  }
  return delivered;
}
