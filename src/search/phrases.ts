/** Where a name's words stand in a question: as a run, or in order with small gaps. */

/**
 * Whether a name's words occur in the question in order, at most `gap` other
 * words between two of them ("làm lại giấy khai sinh" holds "làm lại khai
 * sinh"), or in two such runs with the second half of the name first, as
 * Vietnamese puts the topic first ("tạm trú … gia hạn" holds "gia hạn tạm
 * trú"). "Trợ cấp bảo hiểm xã hội" does not hold "trợ cấp xã hội".
 */
export function inOrder(tokens: readonly string[], seq: readonly string[], gap: number): boolean {
  // Where a run of `part` can start, at or after `from`; returns the index after its end, or -1.
  const run = (part: readonly string[], from: number): number => {
    const at = (k: number, j0: number): number => {
      if (k === part.length) return j0;
      for (let j = j0; j < tokens.length && j <= j0 + gap; j++) {
        if (tokens[j] !== part[k]) continue;
        const end = at(k + 1, j + 1);
        if (end >= 0) return end;
      }
      return -1;
    };
    for (let i = from; i < tokens.length; i++) {
      if (tokens[i] !== part[0]) continue;
      const end = at(1, i + 1);
      if (end >= 0) return end;
    }
    return -1;
  };
  if (run(seq, 0) >= 0) return true;
  for (let k = 1; k < seq.length; k++) {
    const end = run(seq.slice(k), 0);
    if (end >= 0 && run(seq.slice(0, k), end) >= 0) return true;
  }
  return false;
}

/** Whether `seq` occurs in `tokens` as a contiguous run. */
export function containsSeq(tokens: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= tokens.length; i++) if (seq.every((w, k) => tokens[i + k] === w)) return true;
  return false;
}
