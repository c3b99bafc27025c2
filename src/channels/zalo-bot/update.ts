/**
 * Zalo Bot Platform updates. The shape is not settled (one Update per
 * getUpdates call, or an array; webhooks wrap it in `{ok, result}`), so all
 * of these are accepted and turned into a list of normalised updates.
 */
import { z } from 'zod';

const id = z.union([z.string().min(1).max(128), z.number()]).transform(String);
const updateSchema = z
  .object({
    event_name: z.string().min(1).max(100),
    message: z
      .object({
        message_id: id.optional(),
        date: z.number().optional(),
        from: z.object({ id, display_name: z.string().optional(), name: z.string().optional() }).loose(),
        chat: z.object({ id, chat_type: z.string().optional() }).loose(),
        text: z.string().max(20_000).optional(),
      })
      .loose(),
  })
  .loose();

/** A normalised Bot Platform update. */
export interface BotUpdate {
  eventId: string;
  eventName: string;
  chatId: string;
  isGroup: boolean;
  userId: string;
  userName?: string;
  /** Present for `message.text.received`. */
  text?: string;
  /** When the message was sent (epoch ms), if the update says. */
  date?: number;
}

/** `message.date` in epoch ms: the Bot Platform sends ms; seconds (Telegram style) are converted. */
function dateMs(d: number | undefined): number | undefined {
  if (d === undefined || !Number.isFinite(d) || d <= 0) return undefined;
  return d < 1e12 ? d * 1000 : d;
}

/** Parse result: errors are values. */
export type BotParseResult = { ok: true; updates: BotUpdate[] } | { ok: false; reason: string };

function one(raw: unknown): BotUpdate | undefined {
  const r = updateSchema.safeParse(raw);
  if (!r.success) return undefined;
  const m = r.data.message;
  const isText = r.data.event_name === 'message.text.received';
  if (isText && typeof m.text !== 'string') return undefined;
  const name = m.from.display_name ?? m.from.name;
  return {
    eventId: m.message_id ?? `${m.chat.id}:${m.date ?? ''}:${r.data.event_name}`,
    eventName: r.data.event_name,
    chatId: m.chat.id,
    isGroup: (m.chat.chat_type ?? 'PRIVATE').toUpperCase() === 'GROUP',
    userId: m.from.id,
    ...(name ? { userName: name } : {}),
    ...(isText ? { text: m.text } : {}),
    ...(dateMs(m.date) !== undefined ? { date: dateMs(m.date)! } : {}),
  };
}

/** Accepts `{ok:true,result:Update|Update[]}`, a bare Update or an array of them. */
export function parseBotUpdates(body: unknown): BotParseResult {
  let payload = body;
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && 'ok' in payload && 'result' in payload) {
    payload = (payload as { result: unknown }).result;
  }
  const list = Array.isArray(payload) ? payload : [payload];
  const out: BotUpdate[] = [];
  for (const raw of list) {
    const u = one(raw);
    if (!u) return { ok: false, reason: 'not a Zalo Bot update' };
    out.push(u);
  }
  return { ok: true, updates: out };
}
