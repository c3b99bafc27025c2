/**
 * Messages the fake Bot API server's bot sent, stored per chat as Telegram
 * keeps them, so edits return the real message and fail like Telegram's
 * ("message to edit not found", "message is not modified").
 */
import { BadRequest, entitiesOf } from './telegram-validate.js';

/** A stored message as the Bot API returns it. */
export type FakeMessage = Record<string, unknown> & { message_id: number; chat: { id: number; type: string } };

/** `{ entities }` of a sent or edited text, when it has any (Telegram leaves the field out otherwise). */
function withEntities(params: Record<string, unknown>): { entities?: unknown[] } {
  const entities = entitiesOf(params);
  return entities.length > 0 ? { entities } : {};
}

const hasButtons = (markup: unknown) =>
  ((markup as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard?.length ?? 0) > 0;

/** The bot's messages, and the message id counter shared with incoming messages. */
export class MessageStore {
  private readonly byKey = new Map<string, FakeMessage>();
  private next = 1;

  constructor(private readonly bot: { id: number; username: string }) {}

  /** A fresh message id. */
  nextId(): number {
    return this.next++;
  }

  /** A stored message, if any. */
  get(chatId: number | string, messageId: number): FakeMessage | undefined {
    return this.byKey.get(`${chatId}:${messageId}`);
  }

  /** Messages sent to a chat, oldest first, as last edited. */
  inChat(chatId: number | string): FakeMessage[] {
    return [...this.byKey.values()].filter((m) => String(m.chat.id) === String(chatId));
  }

  /** sendMessage: stores and returns the new message (`text` already parsed). */
  add(params: Record<string, unknown>, text: string): FakeMessage {
    const chatId = Number(params.chat_id);
    if (!Number.isFinite(chatId)) throw new BadRequest('Bad Request: chat not found');
    const msg: FakeMessage = {
      message_id: this.nextId(),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      from: { id: this.bot.id, is_bot: true, first_name: 'Trợ lý xã', username: this.bot.username },
      text,
      ...withEntities(params),
      ...(hasButtons(params.reply_markup) ? { reply_markup: params.reply_markup } : {}),
    };
    this.byKey.set(`${chatId}:${msg.message_id}`, msg);
    return msg;
  }

  /**
   * editMessageText (with `text`) or editMessageReplyMarkup (without). Like
   * Telegram, an edit without `reply_markup` removes the inline keyboard.
   */
  edit(params: Record<string, unknown>, text?: string): FakeMessage {
    const msg = this.get(String(params.chat_id), Number(params.message_id));
    if (!msg) throw new BadRequest('Bad Request: message to edit not found');
    const markup = hasButtons(params.reply_markup) ? params.reply_markup : undefined;
    const entities = text === undefined ? msg.entities : withEntities(params).entities;
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if ((text ?? msg.text) === msg.text && same(entities, msg.entities) && same(markup, msg.reply_markup)) {
      throw new BadRequest(
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message',
      );
    }
    if (text !== undefined) {
      msg.text = text;
      delete msg.entities;
      if (entities) msg.entities = entities;
    }
    if (markup) msg.reply_markup = markup;
    else delete msg.reply_markup;
    return msg;
  }
}
