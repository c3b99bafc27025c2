/**
 * One tier of the search over the knowledge base: normalise the question,
 * repair typos against the tier's vocabulary ({@link TypoRepair}), rank entries with
 * field-aware BM25 over syllable unigrams and bigrams, then order the
 * candidates by a confidence score (how much of the question they cover,
 * and of their best-matching name).
 */
import type { Entry } from '../knowledge/model.js';
import type { Lexicon } from '../knowledge/schema.js';
import { aspectBoosts, type PreparedDoc, variantWords } from './prepare.js';
import { accentClashes, writtenForms, type WrittenForms } from './accents.js';
import { Bm25Index } from './bm25.js';
import { containsSeq, inOrder } from './phrases.js';
import { TypoRepair } from './typos.js';
import { decide, type SearchHit, type SearchOptions, type SearchOutcome } from './decide.js';
import { fold, termsOf, tokenize, typedOtherwise, type Analysis } from './normalize.js';

/** Share of a hit's query coverage kept when it matches none of the entry's names well. */
const PHRASE_FLOOR = 0.5;
/** Weight, in the confidence, of query terms found only in an entry's description. */
const BODY_SHARE = 0.5;
/** Share of the confidence that comes from the single best-matching name (title or alias). */
const PHRASE_SHARE = 0.5;
/** Confidence factor of a family variant whose distinguishing words the question lacks. */
export const VARIANT_MISSED = 0.8;
/** Confidence factor of a family variant whose distinguishing words the question names. */
const VARIANT_NAMED = 1.2;
/** Weight of a word the question and an entry's name write with different accents. */
const CLASH = 0.5;
/** Words of the question that may stand between two words of a name it holds. */
const NAME_GAP = 2;
/** How much a name whose words are all in the question, but not in its order, counts as held. */
const UNORDERED = 0.5;

/** How strongly BM25 relevance (relative to the best candidate) tempers the confidence in the ordering. */
const RANK_POW = 2;
/** How many BM25 candidates are scored before the best `limit` are kept. */
const RERANK_POOL = 12;
/** Fields whose matched terms make up the confidence. */
const COVERAGE_FIELDS = ['aliases', 'title', 'body'] as const;
const FIELD_WEIGHTS = { aliases: 3, title: 2, body: 0.4, names: 1 };
/** Confidence factor of a hotline when the question does not ask for a number or a call. */
const HOTLINE_UNASKED = 0.6;
/** Phrases that ask for a number or a call, as written: the accents tell "gọi" (call) from "gói" (package). */
const HOTLINE_INTENT = ['số điện thoại', 'hotline', 'đường dây nóng', 'tổng đài', 'gọi'].map((p) => ({
  folded: tokenize(fold(p)),
  accented: tokenize(p),
}));

interface IndexedEntry {
  entry: Entry;
  /** Distinct unigrams of the title and each alias with their idf, for phrase containment. */
  phrases: { tokens: string[]; idfs: number[]; all: number; seq: string[] }[];
  /** Term sets (unigrams and bigrams) of the title and each alias. */
  phraseTerms: Set<string>[];
  /** Folded words of what sets a family variant apart ("nuoc", "ngoai", "luu", "dong"…). */
  variant: string[];
  /** Imported catalogue entries yield near-ties to the hand-checked ones. */
  prior: number;
  /** How the entry's names write each word (for {@link accentClashes}). */
  forms: WrittenForms;
}

/** How each question writes its words, once for all tiers. */
const formsOfQuestion = new WeakMap<Analysis, WrittenForms>();
function questionForms(a: Analysis): WrittenForms {
  let f = formsOfQuestion.get(a);
  if (!f) {
    f = writtenForms([a]);
    formsOfQuestion.set(a, f);
  }
  return f;
}

/** A question read for scoring: its (corrected) words and terms, and their weights. */
interface Query {
  tokens: string[];
  fixes: [string, string][];
  unique: string[];
  weight: (t: string) => number;
  /** Terms that count towards confidence (words, and bigrams the index knows). */
  counted: string[];
  countedSet: Set<string>;
  uniqueSet: Set<string>;
  total: number;
  qset: Set<string>;
  qwords: Set<string>;
  hotlineIntent: boolean;
  /** How the question writes each word. */
  forms: WrittenForms;
}

/** A tier's outcome, with the ordering key of each hit (confidence blended with BM25) to merge tiers by. */
export interface TierOutcome extends SearchOutcome {
  ranks: number[];
}

/**
 * One tier of the search: a BM25 index with typo repair and confidence over
 * a set of entries. The engine keeps the hand-checked entries and the imported
 * catalogue in tiers of their own, so that each keeps its own term statistics.
 */
export class SearchTier {
  private readonly index: Bm25Index;
  private readonly items: IndexedEntry[];
  /** Repairs typos into the words of the tier's names. */
  private readonly typos: TypoRepair;
  private readonly offTopic: string[][];

  constructor(
    docs: PreparedDoc[],
    lexicon: Lexicon,
    private readonly analyze: (text: string) => Analysis,
    private readonly opts: SearchOptions,
    /** Confidence factor of this tier's entries (imported ones yield near-ties). */
    prior = 1,
    /** An index already built by {@link SearchTier.build}. */
    index?: Bm25Index,
  ) {
    this.index =
      index ??
      new Bm25Index(
        docs.map((d) => d.doc),
        FIELD_WEIGHTS,
        undefined,
        aspectBoosts(docs, lexicon, analyze),
      );
    this.items = docs.map((d) => ({
      entry: d.e,
      phrases: [d.title, ...d.aliases]
        .filter((a) => a.tokens.length > 0)
        .map((a) => {
          const tokens = [...new Set(a.tokens)];
          const idfs = tokens.map((t) => this.index.idf(t));
          return { tokens, idfs, all: idfs.reduce((x, y) => x + y, 0), seq: a.tokens };
        }),
      phraseTerms: [d.title, ...d.aliases].filter((a) => a.tokens.length > 0).map((a) => new Set(a.terms)),
      variant: variantWords(d.e, this.analyze),
      forms: writtenForms([d.title, ...d.aliases]),
      prior,
    }));
    const vocab: string[] = [];
    for (const d of docs)
      for (const a of [d.title, ...d.aliases]) for (const t of a.tokens) if (t.length >= 2) vocab.push(t);
    this.typos = new TypoRepair(vocab, (t) => this.index.has(t));
    this.offTopic = lexicon.offTopic.map((p) => tokenize(fold(p)));
  }

  /** Whether the tier indexes exactly these entries (the same parsed data, in the same order). */
  holds(entries: readonly Entry[]): boolean {
    return entries.length === this.items.length && entries.every((e, i) => this.items[i]!.entry.data === e.data);
  }

  /** Builds a tier, pausing between the fields of its index (for a live reload). */
  static async build(
    docs: PreparedDoc[],
    lexicon: Lexicon,
    analyze: (text: string) => Analysis,
    opts: SearchOptions,
    prior: number,
    pause: () => Promise<void>,
  ): Promise<SearchTier> {
    const index = await Bm25Index.build(
      docs.map((d) => d.doc),
      FIELD_WEIGHTS,
      pause,
      undefined,
      aspectBoosts(docs, lexicon, analyze),
    );
    return new SearchTier(docs, lexicon, analyze, opts, prior, index);
  }

  /** The question's terms, their weights and the words its candidates are compared with. */
  private queryOf(a: Analysis): Query {
    const { tokens, fixes } = this.typos.correct(a.tokens);
    const extra = a.terms.filter((t) => !t.includes('_') && !a.tokens.includes(t));
    const terms = fixes.length > 0 ? termsOf(tokens, extra) : a.terms;
    const unique = [...new Set(terms)];
    // idf × term weight, computed once per term of this question.
    const weights = new Map<string, number>();
    const weight = (t: string): number => {
      let w = weights.get(t);
      if (w === undefined) {
        w = this.index.idf(t) * this.index.termWeight(t);
        weights.set(t, w);
      }
      return w;
    };
    // Unknown words count against confidence; unknown bigrams are only word junctions and do not.
    const counted = unique.filter((t) => !t.includes('_') || this.index.has(t));
    return {
      tokens,
      fixes,
      unique,
      weight,
      counted,
      countedSet: new Set(counted),
      uniqueSet: new Set(unique),
      total: counted.reduce((s, t) => s + weight(t), 0),
      qset: new Set(tokens),
      // Words of the question and those its synonyms add ("Hàn Quốc" adds "yếu tố nước ngoài").
      qwords: new Set([...tokens, ...terms.filter((t) => !t.includes('_'))]),
      hotlineIntent: asksForCall(tokens, a.written),
      forms: questionForms(a),
    };
  }

  /** How confidently one BM25 candidate answers the question, before the BM25 tempering. */
  private confidence(q: Query, item: IndexedEntry, matched: Map<string, Set<string>>): number {
    const clash = accentClashes(q.forms, item.forms);
    const weight = clash.size === 0 ? q.weight : (t: string) => (clashed(t, clash) ? CLASH * q.weight(t) : q.weight(t));
    // Terms found in the entry's names count fully, terms found only in its description by half.
    const names = new Set([...(matched.get('aliases') ?? []), ...(matched.get('title') ?? [])]);
    let covered = 0;
    for (const t of names) covered += weight(t);
    for (const t of matched.get('body') ?? []) {
      if (!names.has(t)) covered += BODY_SHARE * weight(t);
    }
    let bestPhrase = 0;
    for (const p of item.phraseTerms) {
      let c = 0;
      for (const t of p) if (q.countedSet.has(t)) c += weight(t);
      if (c > bestPhrase) bestPhrase = c;
    }
    const coverage = q.total > 0 ? ((1 - PHRASE_SHARE) * covered + PHRASE_SHARE * bestPhrase) / q.total : 0;
    // How much of the entry's best-matching name the question covers: a question that
    // shares only a side word of a long alias ("... để vay ngân hàng") is not about it.
    let phraseCover = 0;
    let contained = 0;
    for (const p of item.phrases) {
      let have = 0;
      for (let k = 0; k < p.tokens.length; k++)
        if (q.qset.has(p.tokens[k]!)) have += clash.has(p.tokens[k]!) ? CLASH * p.idfs[k]! : p.idfs[k]!;
      const c = p.all > 0 ? have / p.all : 0;
      if (c > phraseCover) phraseCover = c;
      if (c === 1 && p.tokens.length >= 3) {
        const inSeq = inOrder(q.tokens, p.seq, NAME_GAP) ? 1 : UNORDERED;
        if (inSeq > contained) contained = inSeq;
      }
    }
    const plain = coverage * (PHRASE_FLOOR + (1 - PHRASE_FLOOR) * phraseCover);
    const score = contained * (0.5 + 0.5 * coverage) + (1 - contained) * plain;
    // A variant (foreign element, mobile, border area, re-registration) the question does not mention is less likely.
    const variantFactor =
      item.variant.length === 0
        ? 1
        : item.variant.every((w) => q.qwords.has(w))
          ? VARIANT_NAMED
          : item.variant.some((w) => q.qwords.has(w))
            ? 1
            : VARIANT_MISSED;
    // A hotline answers a question about a service only when a number is asked for.
    const hotlineFactor = item.entry.kind === 'hotline' && !q.hotlineIntent ? HOTLINE_UNASKED : 1;
    return Math.min(1, score * item.prior * variantFactor * hotlineFactor);
  }

  /** Scores `text` against this tier's entries, best first. Never throws. */
  score(a: Analysis): TierOutcome {
    if (a.tokens.length === 0)
      return { normalized: '', hits: [], ranks: [], decision: 'none', reason: 'empty', corrections: [] };
    const q = this.queryOf(a);
    const { tokens, fixes, unique } = q;
    const boost = q.hotlineIntent ? (doc: number) => (this.items[doc]!.entry.kind === 'hotline' ? 1.5 : 1) : undefined;
    const ranked = this.index.search(unique, Math.max(this.opts.limit, RERANK_POOL), boost);
    const topBm25 = ranked[0]?.score ?? 1;
    const scored: (SearchHit & { rank: number })[] = ranked.map((h) => {
      const item = this.items[h.doc]!;
      const adjusted = this.confidence(q, item, this.index.matched(h.doc, q.uniqueSet, COVERAGE_FIELDS));
      // The ordering key, and the score shown: the confidence tempered by BM25 relevance relative to
      // the best candidate, so a candidate that only shares one word of the question stays behind.
      const rank = adjusted * (h.score / topBm25) ** RANK_POW;
      return { id: item.entry.id, title: item.entry.title, kind: item.entry.kind, score: round(rank), rank };
    });
    // BM25 finds the candidates; the confidence (how much of the question, and of the entry's
    // best name, they share) orders them, so results are best first by the score they carry.
    scored.sort((x, y) => y.rank - x.rank);
    scored.length = Math.min(scored.length, this.opts.limit);
    const ranks = scored.map((h) => h.rank);
    for (const h of scored) delete (h as { rank?: number }).rank;
    const normalized = tokens.join(' ');
    const top = scored[0];
    const offTopic = this.offTopic.some((p) => p.length > 0 && containsSeq(tokens, p));
    if (offTopic && !(top && top.score >= 0.9)) {
      return { normalized, hits: scored, ranks, decision: 'none', reason: 'off-topic', corrections: fixes };
    }
    if (!top) return { normalized, hits: [], ranks: [], decision: 'none', reason: 'no-match', corrections: fixes };
    return { normalized, hits: scored, ranks, corrections: fixes, ...decide(scored, this.opts) };
  }
}

/**
 * Whether the question asks for a number or a call: holds one of the
 * {@link HOTLINE_INTENT} phrases, with no word of it typed with other accents.
 */
function asksForCall(tokens: readonly string[], written: readonly string[]): boolean {
  return HOTLINE_INTENT.some(({ folded, accented }) => {
    for (let i = 0; i + folded.length <= tokens.length; i++) {
      if (!folded.every((w, k) => tokens[i + k] === w)) continue;
      const as = (k: number) => written[i + k];
      if (folded.every((w, k) => as(k) === undefined || !typedOtherwise(as(k)!, w, accented[k]!))) return true;
    }
    return false;
  });
}

/** Whether a term (a word, or a `word_word` bigram) holds a word whose accents clash. */
function clashed(t: string, clash: ReadonlySet<string>): boolean {
  const i = t.indexOf('_');
  return i < 0 ? clash.has(t) : clash.has(t.slice(0, i)) || clash.has(t.slice(i + 1));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
