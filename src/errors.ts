/**
 * The error catalogue: every error an operator, an administrator or a staff
 * member can meet at start-up or in a command-line tool has a stable code
 * (`TXA_…`), a short Vietnamese message that says what to do, and details for
 * the logs. `docs/errors.md` lists them.
 *
 * Why not `@fastify/error`: its messages are `util.format` strings (`%s`)
 * with untyped arguments; here each message is a function of typed
 * parameters, so a call site cannot forget one, and the catalogue stays a
 * plain object that the docs test reads.
 *
 * @example
 * ```ts
 * throw new TxaError('TXA_DATA_DIR_NOT_DIR', { path: 'data' });
 * // message: "DATA_DIR: "data" là một tệp, không phải thư mục. …"
 * ```
 */

/** Code → Vietnamese message, from the parameters the code needs. */
export const ERROR_CATALOGUE = {
  TXA_DATA_DIR_NOT_DIR: (p: { path: string }) =>
    `DATA_DIR: "${p.path}" là một tệp, không phải thư mục. Bạn đổi DATA_DIR sang một thư mục (ví dụ: DATA_DIR=data) hoặc chuyển tệp đó đi.`,
  TXA_DATA_DIR_READ_ONLY: (p: { path: string }) =>
    `DATA_DIR: không ghi được vào "${p.path}" (chỉ đọc hoặc thiếu quyền). Bạn cấp quyền ghi cho tài khoản chạy trợ lý hoặc chọn thư mục khác (ví dụ: DATA_DIR=data).`,
  TXA_DB_CORRUPT: (p: { path: string }) =>
    `Tệp cơ sở dữ liệu "${p.path}" bị hỏng hoặc không phải cơ sở dữ liệu SQLite. Trợ lý không xóa tệp này: bạn khôi phục bản sao lưu, hoặc đổi tên tệp để trợ lý tạo tệp mới (ví dụ: DATABASE_PATH=data/tro-ly-xa.db).`,
  TXA_DB_OPEN_FAILED: (p: { path: string }) =>
    `Không mở được tệp cơ sở dữ liệu "${p.path}". Bạn kiểm tra DATABASE_PATH và quyền ghi của thư mục chứa nó (ví dụ: DATABASE_PATH=data/tro-ly-xa.db).`,
  TXA_KNOWLEDGE_DIR_MISSING: (p: { path: string }) =>
    `KNOWLEDGE_DIR: không có thư mục "${p.path}". Bạn kiểm tra đường dẫn (ví dụ: KNOWLEDGE_DIR=knowledge).`,
  TXA_KNOWLEDGE_DIR_UNREADABLE: (p: { path: string }) =>
    `KNOWLEDGE_DIR: không đọc được "${p.path}" (không phải thư mục hoặc thiếu quyền đọc). Bạn kiểm tra đường dẫn và quyền (ví dụ: KNOWLEDGE_DIR=knowledge).`,
  TXA_PORT_IN_USE: (p: { port: number | string }) =>
    `PORT: cổng ${p.port} đang được một chương trình khác dùng. Bạn tắt chương trình đó hoặc chọn cổng khác (ví dụ: PORT=3001).`,
  TXA_PORT_FORBIDDEN: (p: { port: number | string }) =>
    `PORT: không được phép mở cổng ${p.port} (cổng dưới 1024 cần quyền quản trị). Bạn chọn cổng khác (ví dụ: PORT=3000).`,
  TXA_FILE_NOT_FOUND: (p: { path: string }) => `Không có tệp "${p.path}". Bạn kiểm tra lại đường dẫn.`,
  TXA_FILE_UNREADABLE: (p: { path: string }) =>
    `Không đọc được tệp "${p.path}" (là thư mục hoặc thiếu quyền đọc). Bạn kiểm tra lại đường dẫn và quyền.`,
  TXA_CLI_UNKNOWN_OPTION: (p: { option: string; suggestion?: string | undefined }) =>
    `Không hiểu tùy chọn \`${p.option}\`.${p.suggestion ? ` Bạn có định viết \`${p.suggestion}\`?` : ' Xem --help.'}`,
  TXA_CLI_MISSING_VALUE: (p: { option: string; valueName: string }) =>
    `Tùy chọn \`${p.option}\` cần một giá trị, ví dụ: ${p.option} ${p.valueName}.`,
  TXA_CLI_UNEXPECTED_VALUE: (p: { option: string }) =>
    `Tùy chọn \`${p.option}\` không nhận giá trị; bạn viết \`${p.option}\` thôi.`,
  TXA_CLI_UNEXPECTED_ARGUMENT: (p: { argument: string }) =>
    `Không hiểu "${p.argument}": lệnh này không nhận thêm đối số. Xem --help.`,
  TXA_CLI_USAGE: (p: { problem: string }) => p.problem,
  TXA_PLUGIN_DUPLICATE: (p: { plugin: string }) =>
    `Phần mở rộng "${p.plugin}" được đăng ký hai lần. Bạn bỏ bớt một lần trong src/app/plugins.ts.`,
  TXA_PLUGIN_MISSING_DEP: (p: { plugin: string; dep: string }) =>
    `Phần mở rộng "${p.plugin}" cần "${p.dep}" nhưng "${p.dep}" chưa được đăng ký. Bạn thêm "${p.dep}" vào danh sách trong src/app/plugins.ts.`,
  TXA_PLUGIN_CYCLE: (p: { cycle: string }) =>
    `Các phần mở rộng phụ thuộc vòng tròn: ${p.cycle}. Bạn bỏ một phụ thuộc để thứ tự cài đặt rõ ràng.`,
  TXA_PLUGIN_UNDECLARED: (p: { plugin: string; dep: string }) =>
    `Phần mở rộng "${p.plugin}" dùng "${p.dep}" mà không khai báo. Bạn thêm "${p.dep}" vào dependencies của "${p.plugin}".`,
  TXA_PLUGIN_MIGRATION_ID: (p: { id: string; first: string; second: string }) =>
    `Mã migration "${p.id}" có ở cả "${p.first}" và "${p.second}". Bạn đặt mã khác cho một trong hai.`,
  TXA_TTS_MISSING: (p: { command: string }) =>
    `Không tìm thấy chương trình đọc "${p.command}". Bạn cài espeak-ng (sudo apt-get install espeak-ng) rồi chạy lại; bài đọc vẫn in ra như thường.`,
  TXA_TTS_FAILED: (p: { command: string; reason: string }) =>
    `"${p.command}" không ghi được tệp âm thanh${p.reason ? `: ${p.reason}` : ''}. Bạn kiểm tra đường dẫn tệp và quyền ghi.`,
} as const satisfies Record<string, (p: never) => string>;

/** Every error code. */
export type TxaErrorCode = keyof typeof ERROR_CATALOGUE;
/** The parameters the message of `C` needs. */
export type TxaErrorParams<C extends TxaErrorCode> = Parameters<(typeof ERROR_CATALOGUE)[C]>[0];

/**
 * Exit codes of the command-line tools: 2 for misuse (a wrong option or
 * argument, found before doing anything), 1 for a failure while running
 * (a missing file, a broken database, a port in use).
 */
export const EXIT = { runtime: 1, misuse: 2 } as const;

/** The Vietnamese message of a code. */
export function txaMessage<C extends TxaErrorCode>(code: C, params: TxaErrorParams<C>): string {
  return (ERROR_CATALOGUE[code] as (p: TxaErrorParams<C>) => string)(params);
}

/** An error of the catalogue: `message` is for people, `details` (no personal data) for the logs. */
export class TxaError<C extends TxaErrorCode = TxaErrorCode> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: C,
    params: TxaErrorParams<C>,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(txaMessage(code, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TxaError';
    this.code = code;
    const cause = options.cause as NodeJS.ErrnoException | undefined;
    this.details = {
      ...(params as object),
      ...(cause?.code ? { cause: cause.code } : {}),
      ...options.details,
    };
  }

  /** One line for stderr: the message and the code to look up in docs/errors.md. */
  toLine(): string {
    return `${this.message} [${this.code}]`;
  }
}

/**
 * Turns a Node system error thrown at start-up (listen, open, read) into the
 * catalogue's error, or returns undefined when it is not one of them.
 */
export function fromSystemError(err: unknown): TxaError | undefined {
  if (err instanceof TxaError) return err;
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return undefined;
  if (e.code === 'EADDRINUSE') return new TxaError('TXA_PORT_IN_USE', { port: e.port ?? '?' }, { cause: e });
  if (e.code === 'EACCES' && e.syscall === 'listen')
    return new TxaError('TXA_PORT_FORBIDDEN', { port: e.port ?? '?' }, { cause: e });
  if (!e.path) return undefined;
  if (e.code === 'ENOENT') return new TxaError('TXA_FILE_NOT_FOUND', { path: e.path }, { cause: e });
  if (e.code === 'EISDIR' || e.code === 'EACCES' || e.code === 'EPERM')
    return new TxaError('TXA_FILE_UNREADABLE', { path: e.path }, { cause: e });
  return undefined;
}
