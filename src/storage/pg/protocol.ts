/** What the main thread and the PostgreSQL thread (`worker.ts`) send each other. */

/** One request: a statement with its values, a script of statements, or closing the connection. */
export type PgRequest =
  | { op: 'query'; url: string; schema: string; text: string; values: unknown[] }
  | { op: 'exec'; url: string; schema: string; text: string }
  | { op: 'close' };

/** The result, or PostgreSQL's error (its SQLSTATE code in `code`). */
export type PgReply =
  | { rows: Record<string, unknown>[]; rowCount: number; error?: undefined }
  | { error: { message: string; code: string; detail: string; position: string } };
