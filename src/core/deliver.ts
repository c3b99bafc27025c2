/**
 * Sending to admins and to the staff chat outside of a conversation, through
 * whatever channels are running. Failures are logged (channel and kind only)
 * and returned, never thrown.
 */
import type { Logger } from 'pino';
import type { Channel, ChannelName, Reply, SendResult } from './types.js';

/** What sending needs: the running channels and a logger. */
export interface Delivery {
  channels: ReadonlyMap<ChannelName, Channel>;
  logger: Logger;
}

/** Reads a `channel:id` principal (as in ADMIN_IDS or a role grant). */
export function parsePrincipal(p: string): { channel: string; userId: string } | undefined {
  const m = /^(telegram|zalo-oa|zalo-bot|zalo-personal|console):([^\s,]+)$/.exec(p.trim());
  return m ? { channel: m[1]!, userId: m[2]! } : undefined;
}

/** Sends a reply to one `channel:chatId`; `unreachable` when that channel is not running. */
export async function sendTo(app: Delivery, channel: string, chatId: string, reply: Reply): Promise<SendResult> {
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
  app: Delivery,
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
