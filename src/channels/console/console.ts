/**
 * The console channel: an interactive chat in the terminal (readline).
 * "thoát" or Ctrl-C ends it. Numbers pick a button of the last reply.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';
import { renderPlainText } from '../../core/render-text.js';
import type { Channel, OutgoingFile, Reply, ReplyButton, SendResult } from '../../core/types.js';

/** Words that end the console chat. */
const EXIT = /^(thoát|thoat|exit|quit|bye|tạm biệt|tam biet)$/i;

/**
 * The terminal chat.
 *
 * @example
 * ```ts
 * const cons = new ConsoleChannel(assistant, logger);
 * await cons.start(); // prompts; "thoát" or Ctrl-C ends the chat
 * await cons.waitUntilClosed();
 * ```
 */
export class ConsoleChannel implements Channel {
  readonly name = 'console' as const;
  private rl?: Interface;
  private buttons: ReplyButton[] = [];
  private closed?: Promise<void>;

  constructor(
    private readonly assistant: Assistant,
    private readonly log: Logger,
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {}

  private print(reply: Reply): void {
    this.output.write(`\n${renderPlainText(reply)}\n\n`);
    if (reply.buttons && reply.buttons.length > 0) this.buttons = reply.buttons;
  }

  /** Starts the chat; resolves when the prompt is shown. */
  async start(): Promise<void> {
    const rl = createInterface({
      input: this.input,
      output: this.output,
      terminal: (this.input as { isTTY?: boolean }).isTTY ?? false,
    });
    this.rl = rl;
    let done!: () => void;
    this.closed = new Promise((r) => (done = r));
    rl.on('close', () => done());
    rl.setPrompt('Bạn: ');
    for (const r of await this.assistant.handle({
      channel: 'console',
      userId: 'console',
      chatId: 'console',
      text: '/start',
    }))
      this.print(r);
    this.output.write('(Gõ "thoát" hoặc Ctrl-C để kết thúc.)\n');
    rl.prompt();
    let queue = Promise.resolve();
    rl.on('line', (line) => {
      queue = queue
        .then(async () => {
          const text = line.trim();
          if (EXIT.test(text)) {
            this.output.write('Cảm ơn bạn, hẹn gặp lại!\n');
            rl.close();
            return;
          }
          const pick = /^\d{1,2}$/.test(text) ? this.buttons[Number(text) - 1] : undefined;
          const replies = await this.assistant.handle({
            channel: 'console',
            userId: 'console',
            chatId: 'console',
            text: pick ? pick.payload : line,
            fromButton: pick !== undefined,
          });
          for (const r of replies) this.print(r);
          rl.prompt();
        })
        .catch((err: unknown) => this.log.error({ err }, 'console turn failed'));
    });
  }

  /** Resolves when the person ends the chat. */
  waitUntilClosed(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }

  /** Prints a message pushed from outside a conversation (announcements). */
  async send(_chatId: string, reply: Reply): Promise<SendResult> {
    this.print(reply);
    return { ok: true };
  }

  /** The console runs on the machine that has the file: it prints where the file is. */
  async sendFile(_chatId: string, file: OutgoingFile): Promise<SendResult> {
    this.output.write(`\n📎 ${file.caption ? `${file.caption}\n` : ''}Tệp: ${file.path}\n\n`);
    return { ok: true };
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }
}
