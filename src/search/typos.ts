/**
 * Typo repair of the search: a word no entry has is replaced by a close word
 * of the tier's names that fits its neighbours. Vietnamese spelling
 * confusions and an edit distance decide what counts as close.
 */
import Fuse from 'fuse.js';
import { isSyllable } from './normalize.js';

/**
 * Spelling confusions common in Vietnamese (regional pronunciation): a real
 * syllable is only "corrected" into another one that differs by one of them
 * (tạm chú → tạm trú, sổ xách → sổ sách), never into an unrelated word.
 */
const CONFUSIONS: [RegExp, string][] = [
  [/^ch/, 'tr'],
  [/^tr/, 'ch'],
  [/^s/, 'x'],
  [/^x/, 's'],
  [/^d/, 'gi'],
  [/^gi/, 'd'],
  [/^r/, 'd'],
  [/^d/, 'r'],
  [/^r/, 'gi'],
  [/^gi/, 'r'],
  [/^l/, 'n'],
  [/^n/, 'l'],
  [/^v/, 'd'],
  [/ng$/, 'n'],
  [/n$/, 'ng'],
  [/c$/, 't'],
  [/t$/, 'c'],
  [/i$/, 'y'],
  [/y$/, 'i'],
  [/nh$/, 'n'],
  [/n$/, 'nh'],
];

/** The words `a` becomes with one common spelling confusion ("chú" → "trú"), each once. */
export function regionalVariants(a: string): string[] {
  const out = new Set<string>();
  for (const [re, to] of CONFUSIONS) if (re.test(a)) out.add(a.replace(re, to));
  out.delete(a);
  return [...out];
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Corrections remembered per tier before the memory is cleared (a question's words and neighbours). */
const REMEMBERED = 10_000;

/**
 * Repairs typos against one tier's vocabulary (the words of its names).
 *
 * @example
 * ```ts
 * const repair = new TypoRepair(['khai', 'sinh', 'tam', 'tru'], (t) => index.has(t));
 * repair.correct(['tam', 'chu']); // { tokens: ['tam', 'tru'], fixes: [['chu', 'tru']] } when "tam_tru" is indexed
 * ```
 */
export class TypoRepair {
  private readonly words: Set<string>;
  private readonly vocabulary: Fuse<string>;
  private readonly memory = new Map<string, string | null>();

  constructor(
    words: Iterable<string>,
    /** Whether a term (word or `word_word` bigram) is in the tier's index. */
    private readonly indexed: (term: string) => boolean,
  ) {
    this.words = new Set(words);
    this.vocabulary = new Fuse([...this.words], {
      includeScore: true,
      threshold: 0.45,
      ignoreLocation: true,
      minMatchCharLength: 2,
    });
  }

  /** Replaces unknown tokens by the closest vocabulary word that fits their neighbours. */
  correct(tokens: readonly string[]): { tokens: string[]; fixes: [string, string][] } {
    const fixes: [string, string][] = [];
    const out = [...tokens];
    for (let i = 0; i < out.length; i++) {
      const t = out[i]!;
      if (t.length < 3 || /\d/.test(t) || this.indexed(t)) continue;
      const key = `${out[i - 1] ?? ''}|${t}|${out[i + 1] ?? ''}`;
      let fix = this.memory.get(key);
      if (fix === undefined) {
        fix = this.repair(t, out[i - 1], out[i + 1]);
        if (this.memory.size > REMEMBERED) this.memory.clear();
        this.memory.set(key, fix);
      }
      if (fix) {
        fixes.push([t, fix]);
        out[i] = fix;
      }
    }
    return { tokens: out, fixes };
  }

  /** The word `t` is a typo of, between `prev` and `next`, or null. */
  private repair(t: string, prev: string | undefined, next: string | undefined): string | null {
    // fuse.js proposes candidates; a true edit distance decides which are typos of `t`.
    const maxEdits = t.length <= 4 ? 1 : 2;
    // A real syllable is only a regional misspelling of another: those few are generated, not searched.
    const found = isSyllable(t)
      ? regionalVariants(t)
          .filter((w) => this.words.has(w))
          .map((w) => ({ word: w, fuse: 0 }))
      : this.vocabulary.search(t, { limit: 12 }).map((c) => ({ word: c.item, fuse: c.score ?? 1 }));
    const cands = found
      .map((c) => ({ ...c, edits: editDistance(t, c.word) }))
      .filter((c) => c.edits <= maxEdits)
      .sort((x, y) => x.edits - y.edits || x.fuse - y.fuse);
    const fits = cands.find(
      (c) => (prev && this.indexed(`${prev}_${c.word}`)) || (next && this.indexed(`${c.word}_${next}`)),
    );
    if (fits) return fits.word;
    return t.length >= 5 && cands[0] && cands[0].edits === 1 ? cands[0].word : null;
  }
}
