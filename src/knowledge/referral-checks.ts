/**
 * Cross-file rules of the referral table (`referrals:` lists): unique ids,
 * every phrase belonging to one topic only, and `related` buttons pointing at
 * entries that exist.
 */
import { fold, tokenize } from '../search/normalize.js';
import type { KnowledgeProblem } from './problems.js';
import type { Referral } from './schema.js';

/** A referral with where it was written. */
export interface LocatedReferral {
  v: Referral;
  file: string;
  at: (path: (string | number)[]) => number;
}

/** The folded, space-joined form two phrases are compared in ("Hộ chiếu" and "ho chieu" are one phrase). */
export function phraseKey(phrase: string): string {
  return tokenize(phrase)
    .map((t) => fold(t))
    .join(' ');
}

/** Problems of the referral table as a whole; `entryIds` are the ids of every searchable entry. */
export function referralProblems(
  referrals: readonly LocatedReferral[],
  entryIds: ReadonlySet<string>,
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const ids = new Map<string, LocatedReferral>();
  const phrases = new Map<string, string>();
  for (const r of referrals) {
    const prev = ids.get(r.v.id);
    if (prev) {
      const where = `${prev.file}:${prev.at(['id'])}`;
      problems.push({ file: r.file, line: r.at(['id']), field: 'id', message: `id "${r.v.id}" trùng với ${where}` });
    } else ids.set(r.v.id, r);
    r.v.phrases.forEach((p, j) => {
      const key = phraseKey(p);
      const owner = phrases.get(key);
      const line = r.at(['phrases', j]);
      if (!key)
        problems.push({ file: r.file, line, field: `${r.v.id}.phrases`, message: `cụm từ "${p}" không có chữ nào` });
      else if (owner && owner !== r.v.id) {
        problems.push({
          file: r.file,
          line,
          field: `${r.v.id}.phrases`,
          message: `cụm từ "${p}" đã có ở mục "${owner}"`,
        });
      } else phrases.set(key, r.v.id);
    });
    r.v.related.forEach((id, j) => {
      if (!entryIds.has(id)) {
        problems.push({
          file: r.file,
          line: r.at(['related', j]),
          field: `${r.v.id}.related`,
          message: `không có mục nào có id "${id}"`,
        });
      }
    });
  }
  return problems;
}
