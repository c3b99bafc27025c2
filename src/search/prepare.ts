/**
 * Entries analysed for indexing: their names and description as terms, the
 * words that set a family variant apart, and the lighter weight of aspect
 * words. The costly part of building a search tier, done once per entry.
 */
import type { Entry } from '../knowledge/model.js';
import type { Lexicon } from '../knowledge/schema.js';
import type { Analysis } from './normalize.js';

/** Weight of aspect words relative to topic words. */
const ASPECT_WEIGHT = 0.3;

/** Words too common in variant names ("có yếu tố nước ngoài", "tại khu vực biên giới") to tell variants apart. */
const VARIANT_STOP = new Set([
  'co',
  'tai',
  'cho',
  'nguoi',
  'da',
  'khu',
  'vuc',
  'yeu',
  'to',
  'dang',
  'ky',
  'ho',
  'so',
  'giay',
  'ca',
  'nhan',
  'moi',
  'cap',
]);

/** The distinguishing words of an entry's family variant, folded. */
export function variantWords(e: Entry, analyze: (s: string) => Analysis): string[] {
  if (e.kind !== 'procedure' || !e.data.variant) return [];
  return [...new Set(analyze(e.data.variant).tokens.filter((t) => !VARIANT_STOP.has(t)))];
}

/** An entry with its names and description analysed: the costly part of building a tier. */
export interface PreparedDoc {
  e: Entry;
  aliases: Analysis[];
  title: Analysis;
  doc: { fields: Record<string, string[][]> };
}

/** Analyses one entry for indexing. */
export function prepareDoc(e: Entry, analyze: (text: string) => Analysis): PreparedDoc {
  const aliases = e.aliases.map((a) => analyze(a));
  const title = analyze(e.title);
  return {
    e,
    aliases,
    title,
    doc: {
      fields: {
        aliases: aliases.map((a) => a.terms),
        title: [title.terms],
        body: [analyze(e.body).terms],
        // All names as one text, as MiniSearch indexes them: long letters match several names at once.
        names: [[...title.terms, ...aliases.flatMap((x) => x.terms)]],
      },
    },
  };
}

/** Aspect words (fee, time, documents...) and bigrams made only of them weigh less. */
export function aspectBoosts(
  docs: PreparedDoc[],
  lexicon: Lexicon,
  analyze: (text: string) => Analysis,
): Map<string, number> {
  const aspects = new Set(lexicon.aspects.flatMap((a) => analyze(a).tokens));
  const boosts = new Map<string, number>();
  for (const d of docs) {
    for (const f of Object.values(d.doc.fields)) {
      for (const terms of f)
        for (const t of terms) if (t.split('_').every((w) => aspects.has(w))) boosts.set(t, ASPECT_WEIGHT);
    }
  }
  return boosts;
}
