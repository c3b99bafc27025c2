/**
 * First line of defence for incoming text: whatever arrives (NFD, control
 * characters, zero-width joiners, 20 KB pastes) leaves as bounded NFC text.
 */

/** Longest message the assistant reads; the rest is ignored (a polite note says so). */
export const MAX_INPUT_CHARS = 1000;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Terminal escape sequences (colour codes) pasted into a message. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Of a message longer than {@link MAX_INPUT_CHARS}, the start kept; the rest comes from its end, where a letter asks. */
const HEAD_CHARS = 400;

/** Cuts `s` to `max` characters keeping its start and its end, never inside a surrogate pair. */
function headAndTail(s: string, max: number): string {
  const head = s.slice(0, HEAD_CHARS).replace(/[\uD800-\uDBFF]$/, '');
  const tail = s.slice(s.length - (max - HEAD_CHARS - 3)).replace(/^[\uDC00-\uDFFF]/, '');
  return `${head} … ${tail}`;
}

/**
 * NFC, no control or bidi characters, collapsed spaces, at most
 * {@link MAX_INPUT_CHARS}: a long letter keeps its start and its end (its question).
 */
export function sanitizeInput(text: string): string {
  let s = typeof text === 'string' ? text : '';
  if (s.length > MAX_INPUT_CHARS * 4) s = headAndTail(s, MAX_INPUT_CHARS * 4);
  s = s.normalize('NFC').replace(ANSI, ' ').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (s.length > MAX_INPUT_CHARS) s = headAndTail(s, MAX_INPUT_CHARS);
  return s;
}
