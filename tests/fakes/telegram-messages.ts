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

/** A file uploaded in a multipart request (grammY's InputFile). */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** Bots may upload files up to 50 MB (Bot API, "sendDocument"). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The bot's messages, and the message id counter shared with incoming messages. */
export class MessageStore {
  private readonly byKey = new Map<string, FakeMessage>();
  private next = 1;
  private readonly files: { chatId: number; filename: string; bytes: Buffer; caption?: string }[] = [];

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
   * sendDocument with an uploaded file: stores the message with its
   * `document` (and the bytes, for tests in {@link uploads}), as Telegram
   * returns it. A file id or URL instead of an upload is refused: the fake
   * keeps no files but those uploaded to it.
   */
  addDocument(params: Record<string, unknown>): FakeMessage {
    const chatId = Number(params.chat_id);
    if (!Number.isFinite(chatId)) throw new BadRequest('Bad Request: chat not found');
    const file = params.document as UploadedFile | undefined;
    if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.bytes))
      throw new BadRequest('Bad Request: there is no document in the request');
    if (file.bytes.length === 0) throw new BadRequest('Bad Request: file must be non-empty');
    if (file.bytes.length > MAX_UPLOAD_BYTES) throw new BadRequest('Bad Request: file is too big');
    const caption = typeof params.caption === 'string' ? params.caption : undefined;
    if (caption !== undefined && Array.from(caption).length > 1024)
      throw new BadRequest('Bad Request: message caption is too long');
    const id = this.nextId();
    const msg: FakeMessage = {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      from: { id: this.bot.id, is_bot: true, first_name: 'Trợ lý xã', username: this.bot.username },
      document: {
        file_id: `doc-${id}`,
        file_unique_id: `u${id}`,
        file_name: file.filename,
        file_size: file.bytes.length,
      },
      ...(caption !== undefined ? { caption } : {}),
    };
    this.byKey.set(`${chatId}:${id}`, msg);
    this.files.push({ chatId, filename: file.filename, bytes: file.bytes, caption });
    return msg;
  }

  /** Files uploaded with sendDocument, oldest first. */
  uploads(chatId?: number | string): { chatId: number; filename: string; bytes: Buffer; caption?: string }[] {
    return this.files.filter((f) => chatId === undefined || String(f.chatId) === String(chatId));
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
