/**
 * Accents as evidence. The search folds every word ("đổi" and "đối" both
 * become "doi"), which is what residents who type without accents need. When
 * a question and an entry's name both write a word with its accents, and
 * write it differently ("đối tượng" against "cấp đổi"), they share only the
 * letters, not the word, and the match should not count.
 *
 * @example
 * ```ts
 * const q = writtenForms([analyze('đối tượng đóng BHYT')]);
 * const e = writtenForms([analyze('Cấp lại, đổi thẻ BHYT')]);
 * accentClashes(q, e); // Set { 'doi' }
 * ```
 */
import { fold } from './normalize.js';

/**
 * Folded word → the accented ways it is written, as `|form|form|`; the empty
 * string when it is also written without accents (no evidence). A string,
 * not a set: every entry of the catalogue keeps one of these.
 */
export type WrittenForms = Map<string, string>;

/** The written forms of the words of some analysed texts (`tokens` with their `written` twins). */
export function writtenForms(texts: readonly { tokens: string[]; written?: string[] }[]): WrittenForms {
  const out: WrittenForms = new Map();
  for (const a of texts) {
    a.tokens.forEach((t, i) => {
      const w = a.written?.[i];
      const known = out.get(t);
      if (known === '') return;
      // Unaccented, or repaired into another word (Telex leftovers, typos): says nothing about accents.
      if (w === undefined || w === t || fold(w) !== t) out.set(t, '');
      else if (known === undefined) out.set(t, `|${w}|`);
      else if (!known.includes(`|${w}|`)) out.set(t, `${known}${w}|`);
    });
  }
  return out;
}

/** Folded words that the question and an entry both write with accents, never the same way. */
export function accentClashes(question: WrittenForms, entry: WrittenForms): Set<string> {
  const out = new Set<string>();
  // An entry's names hold far fewer words than a letter: walk them.
  for (const [t, ef] of entry) {
    if (!ef) continue;
    const qf = question.get(t);
    if (!qf) continue;
    // Each of the question's forms, `|form|` as it stands in `qf`, looked up without splitting.
    let shared = false;
    for (let from = 0, end = qf.indexOf('|', 1); end > 0 && !shared; from = end, end = qf.indexOf('|', end + 1))
      shared = ef.includes(qf.slice(from, end + 1));
    if (!shared) out.add(t);
  }
  return out;
}
