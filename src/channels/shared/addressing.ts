/**
 * When a group message (OA GMF group, Zalo Bot group) is addressed to the assistant: it
 * starts with one of the configured triggers ("@trợ lý", "/hỏi", …), compared
 * without case or diacritics. The trigger is removed from the question.
 */
import { foldChar, foldEachChar } from '../../text/fold.js';

/**
 * Returns the question without its trigger when the text is addressed to the
 * assistant, or undefined when it is not.
 */
export function stripTrigger(text: string, triggers: readonly string[]): string | undefined {
  const chars = [...text.normalize('NFC').trimStart()];
  const folded = chars.map(foldChar);
  for (const t of triggers) {
    const ft = [...foldEachChar(t.trim()).join('')];
    if (ft.length === 0 || ft.length > folded.length) continue;
    if (ft.every((c, i) => folded[i] === c)) {
      const next = folded[ft.length];
      if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) continue; // "/hoidap" is not "/hoi"
      return chars
        .slice(ft.length)
        .join('')
        .replace(/^[\s,:;.!?-]+/, '');
    }
  }
  return undefined;
}
