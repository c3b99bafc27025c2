/**
 * A small field-aware BM25 index over normalised terms (syllable unigrams and
 * bigrams). Each document has named fields; a field may hold several
 * phrases (aliases), scored one by one with the best kept, so an entry with
 * twenty aliases is not penalised for its length.
 */

/** BM25 parameters. */
export interface Bm25Params {
  k1: number;
  b: number;
  /** Weight of bigram terms (`khai_sinh`) relative to unigrams. */
  bigramWeight: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, bigramWeight: 2 };

/** One document to index: field name → phrases (term lists). */
export interface Bm25Doc {
  fields: Record<string, string[][]>;
}

interface Posting {
  doc: number;
  phrase: number;
  tf: number;
}

interface FieldIndex {
  postings: Map<string, Posting[]>;
  /** Length of each phrase, per document. */
  lengths: number[][];
  avgLength: number;
}

/** Per-document score and the distinct query terms it matched. */
export interface Bm25Hit {
  doc: number;
  score: number;
  /** Distinct query terms found, per field. */
  matched: Map<string, Set<string>>;
}

/** The index. Build once per knowledge version; search is read-only. */
export class Bm25Index {
  private readonly fields = new Map<string, FieldIndex>();
  private readonly docFreq = new Map<string, number>();
  readonly size: number;

  constructor(
    docs: Bm25Doc[],
    private readonly weights: Record<string, number>,
    private readonly params: Bm25Params = DEFAULT_BM25,
    /** Extra weight per term (e.g. 0.3 for words that describe an aspect, not a topic). */
    private readonly boosts: ReadonlyMap<string, number> = new Map(),
  ) {
    this.size = docs.length;
    const seenInDoc = new Map<string, number>();
    for (const name of Object.keys(weights)) {
      const fi: FieldIndex = { postings: new Map(), lengths: [], avgLength: 0 };
      let total = 0;
      let count = 0;
      docs.forEach((d, di) => {
        const phrases = d.fields[name] ?? [];
        fi.lengths[di] = phrases.map((p) => p.length);
        phrases.forEach((terms, pi) => {
          total += terms.length;
          count++;
          const tf = new Map<string, number>();
          for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
          for (const [t, n] of tf) {
            let list = fi.postings.get(t);
            if (!list) fi.postings.set(t, (list = []));
            list.push({ doc: di, phrase: pi, tf: n });
            if (seenInDoc.get(t) !== di) {
              seenInDoc.set(t, di);
              this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
            }
          }
        });
      });
      // Average over phrases that exist, so sparse fields are not over-penalised.
      fi.avgLength = count > 0 ? total / count : 1;
      this.fields.set(name, fi);
    }
  }

  /** Inverse document frequency (BM25+ style, never negative). Unknown terms get the maximum. */
  idf(term: string): number {
    const df = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether any document contains the term. */
  has(term: string): boolean {
    return this.docFreq.has(term);
  }

  /** Weight of a query term: bigrams count more. */
  termWeight(term: string): number {
    return (term.includes('_') ? this.params.bigramWeight : 1) * (this.boosts.get(term) ?? 1);
  }

  /** Scores every document that shares a term with the query. */
  search(queryTerms: string[]): Map<number, Bm25Hit> {
    const { k1, b } = this.params;
    const hits = new Map<number, Bm25Hit>();
    const unique = [...new Set(queryTerms)];
    for (const [name, fi] of this.fields) {
      const w = this.weights[name] ?? 0;
      if (w === 0) continue;
      // best phrase score per doc for this field
      const perPhrase = new Map<string, number>();
      for (const t of unique) {
        const list = fi.postings.get(t);
        if (!list) continue;
        const idf = this.idf(t) * this.termWeight(t);
        for (const p of list) {
          const len = fi.lengths[p.doc]![p.phrase]!;
          const s = (idf * (p.tf * (k1 + 1))) / (p.tf + k1 * (1 - b + (b * len) / fi.avgLength));
          const key = `${p.doc}:${p.phrase}`;
          perPhrase.set(key, (perPhrase.get(key) ?? 0) + s);
          let h = hits.get(p.doc);
          if (!h) hits.set(p.doc, (h = { doc: p.doc, score: 0, matched: new Map() }));
          let m = h.matched.get(name);
          if (!m) h.matched.set(name, (m = new Set()));
          m.add(t);
        }
      }
      const best = new Map<number, number>();
      for (const [key, s] of perPhrase) {
        const doc = Number(key.slice(0, key.indexOf(':')));
        if (s > (best.get(doc) ?? 0)) best.set(doc, s);
      }
      for (const [doc, s] of best) hits.get(doc)!.score += w * s;
    }
    return hits;
  }
}
