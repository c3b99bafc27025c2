/**
 * A small field-aware BM25 index over normalised terms (syllable unigrams and
 * bigrams). Each document has named fields; a field may hold several
 * phrases (aliases), scored one by one with the best kept, so an entry with
 * twenty aliases is not penalised for its length.
 *
 * Searching allocates almost nothing: scores accumulate in typed arrays that
 * belong to the index and are cleared through "touched" lists, so a query
 * over 2,000 entries does not feed the garbage collector.
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

interface FieldIndex {
  name: string;
  weight: number;
  /** term → flat [phraseId, tf, phraseId, tf, ...] */
  postings: Map<string, Int32Array>;
  /** phraseId → document */
  phraseDoc: Int32Array;
  /** phraseId → BM25 length normaliser k1 * (1 - b + b * len / avg) */
  norm: Float64Array;
  /** document → terms present in this field */
  docTerms: Set<string>[];
  phraseScore: Float64Array;
}

/** A scored document. */
export interface Bm25Hit {
  doc: number;
  score: number;
}

/** The index. Build once per knowledge version; search is read-only (and not re-entrant). */
export class Bm25Index {
  private readonly fields: FieldIndex[] = [];
  private readonly docFreq = new Map<string, number>();
  private readonly docScore: Float64Array;
  private readonly docBest: Float64Array;
  readonly size: number;

  constructor(
    docs: Bm25Doc[],
    weights: Record<string, number>,
    private readonly params: Bm25Params = DEFAULT_BM25,
    /** Extra weight per term (e.g. 0.3 for words that describe an aspect, not a topic). */
    private readonly boosts: ReadonlyMap<string, number> = new Map(),
    /** Fields already built by {@link Bm25Index.build}. */
    built?: { fields: FieldIndex[]; docsWithTerm: Map<string, Set<number>> },
  ) {
    this.size = docs.length;
    this.docScore = new Float64Array(docs.length);
    this.docBest = new Float64Array(docs.length);
    const docsWithTerm = built?.docsWithTerm ?? new Map<string, Set<number>>();
    if (built) this.fields.push(...built.fields);
    else
      for (const [name, weight] of Object.entries(weights))
        this.fields.push(buildField(name, weight, docs, docsWithTerm, params));
    for (const [t, ds] of docsWithTerm) this.docFreq.set(t, ds.size);
  }

  /**
   * Builds the index one field at a time, awaiting `pause` between fields, so
   * a large knowledge base is indexed without holding the event loop.
   */
  static async build(
    docs: Bm25Doc[],
    weights: Record<string, number>,
    pause: () => Promise<void>,
    params: Bm25Params = DEFAULT_BM25,
    boosts: ReadonlyMap<string, number> = new Map(),
  ): Promise<Bm25Index> {
    const docsWithTerm = new Map<string, Set<number>>();
    const fields: FieldIndex[] = [];
    for (const [name, weight] of Object.entries(weights)) {
      fields.push(buildField(name, weight, docs, docsWithTerm, params));
      await pause();
    }
    return new Bm25Index(docs, weights, params, boosts, { fields, docsWithTerm });
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

  /** Weight of a query term: bigrams count more, aspect words less. */
  termWeight(term: string): number {
    return (term.includes('_') ? this.params.bigramWeight : 1) * (this.boosts.get(term) ?? 1);
  }

  /** The query terms a document contains, per field name. */
  matched(doc: number, queryTerms: ReadonlySet<string>, fields?: readonly string[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const f of this.fields) {
      if (fields && !fields.includes(f.name)) continue;
      const present = f.docTerms[doc]!;
      const m = new Set<string>();
      // Walk the smaller side: a letter has hundreds of terms, a name a dozen.
      if (present.size < queryTerms.size) {
        for (const t of present) if (queryTerms.has(t)) m.add(t);
      } else for (const t of queryTerms) if (present.has(t)) m.add(t);
      out.set(f.name, m);
    }
    return out;
  }

  /** Scores every document that shares a term with the query, best first, at most `limit`. */
  search(queryTerms: string[], limit: number, docBoost?: (doc: number) => number): Bm25Hit[] {
    const k1 = this.params.k1;
    // Terms no document has (most of a letter's bigrams) are dropped once, not looked up per field.
    const terms: string[] = [];
    const weights: number[] = [];
    for (const t of new Set(queryTerms)) {
      if (!this.docFreq.has(t)) continue;
      terms.push(t);
      weights.push(this.idf(t) * this.termWeight(t));
    }
    const touchedDocs: number[] = [];
    for (const f of this.fields) {
      if (f.weight === 0) continue;
      const touched: number[] = [];
      for (let j = 0; j < terms.length; j++) {
        const list = f.postings.get(terms[j]!);
        if (!list) continue;
        const idf = weights[j]!;
        for (let i = 0; i < list.length; i += 2) {
          const pid = list[i]!;
          const tf = list[i + 1]!;
          if (f.phraseScore[pid] === 0) touched.push(pid);
          f.phraseScore[pid]! += (idf * (tf * (k1 + 1))) / (tf + f.norm[pid]!);
        }
      }
      // Best phrase per document for this field.
      const fieldDocs: number[] = [];
      for (const pid of touched) {
        const doc = f.phraseDoc[pid]!;
        const s = f.phraseScore[pid]!;
        f.phraseScore[pid] = 0;
        if (this.docBest[doc] === 0) fieldDocs.push(doc);
        if (s > this.docBest[doc]!) this.docBest[doc] = s;
      }
      for (const doc of fieldDocs) {
        if (this.docScore[doc] === 0) touchedDocs.push(doc);
        this.docScore[doc]! += f.weight * this.docBest[doc]!;
        this.docBest[doc] = 0;
      }
    }
    const hits: Bm25Hit[] = [];
    for (const doc of touchedDocs) {
      const score = this.docScore[doc]! * (docBoost ? docBoost(doc) : 1);
      this.docScore[doc] = 0;
      keepBest(hits, { doc, score }, limit);
    }
    return hits;
  }
}

/**
 * Inserts a hit into `best` (best first, at most `limit` long) after those
 * scoring the same, so the result equals a stable sort cut to `limit`. A
 * letter touches hundreds of documents and only a dozen are kept: sorting
 * them all was a tenth of the search time.
 */
function keepBest(best: Bm25Hit[], hit: Bm25Hit, limit: number): void {
  if (limit <= 0 || (best.length === limit && hit.score <= best[limit - 1]!.score)) return;
  let i = best.length;
  while (i > 0 && best[i - 1]!.score < hit.score) i--;
  best.splice(i, 0, hit);
  if (best.length > limit) best.pop();
}

/** Indexes one field of every document; records which documents hold each term. */
function buildField(
  name: string,
  weight: number,
  docs: Bm25Doc[],
  docsWithTerm: Map<string, Set<number>>,
  params: Bm25Params,
): FieldIndex {
  const lists = new Map<string, number[]>();
  const phraseDoc: number[] = [];
  const lengths: number[] = [];
  const docTerms: Set<string>[] = [];
  docs.forEach((d, di) => {
    const present = new Set<string>();
    for (const terms of d.fields[name] ?? []) {
      const pid = phraseDoc.length;
      phraseDoc.push(di);
      lengths.push(terms.length);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let l = lists.get(t);
        if (!l) {
          l = [];
          lists.set(t, l);
        }
        l.push(pid, n);
        present.add(t);
        let ds = docsWithTerm.get(t);
        if (!ds) {
          ds = new Set();
          docsWithTerm.set(t, ds);
        }
        ds.add(di);
      }
    }
    docTerms.push(present);
  });
  // Average over phrases that exist, so sparse fields are not over-penalised.
  const avg = lengths.length > 0 ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 1;
  const { k1, b } = params;
  return {
    name,
    weight,
    postings: new Map([...lists].map(([t, l]) => [t, Int32Array.from(l)])),
    phraseDoc: Int32Array.from(phraseDoc),
    norm: Float64Array.from(lengths, (len) => k1 * (1 - b + (b * len) / (avg || 1))),
    docTerms,
    phraseScore: new Float64Array(phraseDoc.length),
  };
}
