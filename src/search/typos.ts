/** Typo repair helpers of the search: Vietnamese spelling confusions and an edit distance. */

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
