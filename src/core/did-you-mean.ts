/**
 * "Did you mean …?" for a mistyped key or option: the known name closest to
 * what was written, by edit distance.
 *
 * Written by hand on purpose: the lists are tiny (a schema's keys, a tool's
 * options), so the textbook two-row Levenshtein is a dozen lines, and a
 * dependency for it would cost more than it saves.
 *
 * @example
 * ```ts
 * didYouMean('nme', ['name', 'aliases']); // 'name'
 * didYouMean('xyz', ['name']);            // undefined: nothing close enough
 * ```
 */

/** Levenshtein distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `input` (case-insensitive), if it is close enough
 * to be a typo: at most a third of the longer word's letters differ (at
 * least one, at most three).
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const low = input.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = editDistance(low, name.toLowerCase());
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(low.length, name.length) / 3)));
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
