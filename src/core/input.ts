/**
 * First line of defence for incoming text: whatever arrives (NFD, control
 * characters, zero-width joiners, 20 KB pastes) leaves as bounded NFC text.
 */

/** Longest message the assistant reads; the rest is ignored (a polite note says so). */
export const MAX_INPUT_CHARS = 1000;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Terminal escape sequences (colour codes) pasted into a message. */
const ANSI = /\u001b\[[0-9;?]*[ -\/]*[@-~]/g;

/** NFC, no control or bidi characters, collapsed spaces, at most {@link MAX_INPUT_CHARS}. */
export function sanitizeInput(text: string): string {
  let s = typeof text === 'string' ? text : '';
  if (s.length > MAX_INPUT_CHARS * 4) s = s.slice(0, MAX_INPUT_CHARS * 4);
  s = s.normalize('NFC').replace(ANSI, ' ').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (s.length > MAX_INPUT_CHARS) s = s.slice(0, MAX_INPUT_CHARS).replace(/[\uD800-\uDBFF]$/, '');
  return s;
}
