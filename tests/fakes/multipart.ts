/**
 * A multipart/form-data reader for the fake Bot API server. Node's built-in
 * `Response.formData()` refuses grammY's uploads, whose part headers have no
 * space after the colon (`content-disposition:form-data;name="chat_id"`),
 * which RFC 7578 allows and Telegram accepts; so the fake reads them itself.
 */

/** One part of a multipart body. */
export interface FormPart {
  name: string;
  /** Present for a file part. */
  filename?: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');

/** Splits a multipart body into its parts; throws on a malformed body (the fake answers 400). */
export function parseMultipart(raw: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without a boundary');
  const delim = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const between = Buffer.concat([CRLF, delim]);
  const parts: FormPart[] = [];
  let pos = raw.indexOf(delim);
  if (pos < 0) throw new Error('multipart body without its boundary');
  for (;;) {
    let start = pos + delim.length;
    if (raw.subarray(start, start + 2).toString() === '--') return parts;
    start += CRLF.length;
    const next = raw.indexOf(between, start);
    if (next < 0) throw new Error('unterminated multipart body');
    parts.push(readPart(raw.subarray(start, next)));
    pos = next + CRLF.length;
  }
}

/** A `key="value"` or `key=value` parameter of a header. */
function param(header: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}

function readPart(part: Buffer): FormPart {
  const headEnd = part.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error('multipart part without headers');
  const head = part.subarray(0, headEnd).toString('utf8');
  const disposition = /content-disposition\s*:\s*form-data\s*;([^\r\n]*)/i.exec(head)?.[1];
  const name = disposition && param(disposition, 'name');
  if (!name) throw new Error('multipart part without a name');
  const filename = param(disposition, 'filename');
  return { name, ...(filename !== undefined ? { filename } : {}), data: part.subarray(headEnd + 4) };
}
