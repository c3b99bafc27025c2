/**
 * Search over the knowledge base: normalise the question, repair typos with
 * fuse.js against the knowledge vocabulary, rank entries with field-aware
 * BM25 over syllable unigrams and bigrams, then decide from a confidence
 * score whether to answer, suggest ("Ý bạn là…") or admit we do not know.
 */
import Fuse from 'fuse.js';
import type { Entry, EntryKind, KnowledgeBase } from '../knowledge/model.js';
import { Bm25Index } from './bm25.js';
import { createAnalyzer, fold, isSyllable, termsOf, tokenize, type Analysis } from './normalize.js';

/** One ranked entry. */
export interface SearchHit {
  id: string;
  title: string;
  kind: EntryKind;
  /** Confidence in [0, 1] that this entry answers the question. */
  score: number;
}

/** What the assistant should do with a question. */
export type Decision = 'answer' | 'suggest' | 'none';

/** Why the decision was taken. */
export type DecisionReason = 'match' | 'ambiguous' | 'low-confidence' | 'off-topic' | 'empty' | 'no-match';

/** The outcome of a search. */
export interface SearchOutcome {
  normalized: string;
  hits: SearchHit[];
  decision: Decision;
  reason: DecisionReason;
  /** Query tokens that were corrected (typo → vocabulary word). */
  corrections: [string, string][];
}

/** Tunable thresholds; defaults are set from the evaluation set (see bench/search.bench.ts). */
export interface SearchOptions {
  answerAt: number;
  suggestAt: number;
  limit: number;
}

export const DEFAULT_SEARCH: SearchOptions = { answerAt: 0.4, suggestAt: 0.2, limit: 5 };

/** Share of a hit's query coverage kept when it matches none of the entry's names well. */
const PHRASE_FLOOR = 0.5;
/** Weight, in the confidence, of query terms found only in an entry's description. */
const BODY_SHARE = 0.5;
/** Share of the confidence that comes from the single best-matching name (title or alias). */
const PHRASE_SHARE = 0.5;
/** Weight of aspect words relative to topic words. */
const ASPECT_WEIGHT = 0.3;
/** Confidence factor of imported entries (hand-checked ones win near-ties). */
const IMPORTED_PRIOR = Number(process.env.IMPORTED_PRIOR ?? 0.9);
/** Confidence factor of a family variant whose distinguishing words the question lacks. */
const VARIANT_MISSED = Number(process.env.VARIANT_MISSED ?? 0.8);
const VARIANT_STOP = new Set(['co', 'tai', 'cho', 'nguoi', 'da', 'khu', 'vuc', 'yeu', 'to', 'dang', 'ky', 'ho', 'so', 'giay', 'ca', 'nhan', 'moi', 'cap']);

/** The distinguishing words of an entry's family variant, folded. */
function variantWords(e: Entry, analyze: (s: string) => Analysis): string[] {
  if (e.kind !== 'procedure' || !e.data.variant) return [];
  return [...new Set(analyze(e.data.variant).tokens.filter((t) => !VARIANT_STOP.has(t)))];
}

/** How many BM25 candidates are scored before the best `limit` are kept. */
const RERANK_POOL = Number(process.env.RERANK_POOL ?? 20);
const FIELD_WEIGHTS = { aliases: 3, title: 2, body: 0.4 };
const HOTLINE_INTENT = [['so', 'dien', 'thoai'], ['hotline'], ['duong', 'day', 'nong'], ['tong', 'dai'], ['goi']];

interface IndexedEntry {
  entry: Entry;
  /** Unigram sets of the title and each alias, for phrase containment. */
  phrases: Set<string>[];
  /** Term sets (unigrams and bigrams) of the title and each alias. */
  phraseTerms: Set<string>[];
  /** Folded words of what sets a family variant apart ("nuoc", "ngoai", "luu", "dong"…). */
  variant: string[];
  /** Imported catalogue entries yield near-ties to the hand-checked ones. */
  prior: number;
}

/** The search engine of one knowledge base version. */
export class SearchEngine {
  readonly analyze: (text: string) => Analysis;
  private readonly index: Bm25Index;
  private readonly items: IndexedEntry[];
  private readonly vocabulary: Fuse<string>;
  private readonly corrections = new Map<string, string | null>();
  private readonly offTopic: string[][];

  constructor(
    kb: KnowledgeBase,
    private readonly opts: SearchOptions = DEFAULT_SEARCH,
  ) {
    this.analyze = createAnalyzer(kb.lexicon);
    const docs = kb.entries.map((e) => {
      const aliases = e.aliases.map((a) => this.analyze(a));
      const title = this.analyze(e.title);
      return {
        e,
        aliases,
        title,
        doc: {
          fields: {
            aliases: aliases.map((a) => a.terms),
            title: [title.terms],
            body: [this.analyze(e.body).terms],
          },
        },
      };
    });
    // Aspect words (fee, time, documents...) and bigrams made only of them weigh less.
    const aspects = new Set(kb.lexicon.aspects.flatMap((a) => this.analyze(a).tokens));
    const boosts = new Map<string, number>();
    for (const d of docs) {
      for (const f of Object.values(d.doc.fields)) {
        for (const terms of f) {
          for (const t of terms) if (t.split('_').every((w) => aspects.has(w))) boosts.set(t, ASPECT_WEIGHT);
        }
      }
    }
    this.index = new Bm25Index(
      docs.map((d) => d.doc),
      FIELD_WEIGHTS,
      undefined,
      boosts,
    );
    this.items = docs.map((d) => ({
      entry: d.e,
      phrases: [d.title, ...d.aliases].filter((a) => a.tokens.length > 0).map((a) => new Set(a.tokens)),
      phraseTerms: [d.title, ...d.aliases].filter((a) => a.tokens.length > 0).map((a) => new Set(a.terms)),
      variant: variantWords(d.e, this.analyze),
      prior: d.e.kind === 'procedure' && d.e.data.portal ? IMPORTED_PRIOR : 1,
    }));
    const vocab = new Set<string>();
    for (const d of docs) for (const a of [d.title, ...d.aliases]) for (const t of a.tokens) if (t.length >= 2) vocab.add(t);
    this.vocabulary = new Fuse([...vocab], { includeScore: true, threshold: 0.45, ignoreLocation: true, minMatchCharLength: 2 });
    this.offTopic = kb.lexicon.offTopic.map((p) => tokenize(fold(p)));
  }

  /** Replaces unknown tokens by the closest vocabulary word that fits their neighbours. */
  private correct(tokens: string[]): { tokens: string[]; fixes: [string, string][] } {
    const fixes: [string, string][] = [];
    const out = [...tokens];
    for (let i = 0; i < out.length; i++) {
      const t = out[i]!;
      if (t.length < 3 || /\d/.test(t) || this.index.has(t)) continue;
      const key = `${out[i - 1] ?? ''}|${t}|${out[i + 1] ?? ''}`;
      let fix = this.corrections.get(key);
      if (fix === undefined) {
        fix = null;
        // fuse.js proposes candidates; a true edit distance decides which are typos of `t`.
        const maxEdits = t.length <= 4 ? 1 : 2;
        const cands = this.vocabulary
          .search(t, { limit: 12 })
          .map((c) => ({ word: c.item, edits: editDistance(t, c.item), fuse: c.score ?? 1 }))
          .filter((c) => c.edits <= maxEdits && (!isSyllable(t) || isRegionalVariant(t, c.word)))
          .sort((x, y) => x.edits - y.edits || x.fuse - y.fuse);
        const prev = out[i - 1];
        const next = out[i + 1];
        const fits = cands.find(
          (c) => (prev && this.index.has(`${prev}_${c.word}`)) || (next && this.index.has(`${c.word}_${next}`)),
        );
        if (fits) fix = fits.word;
        else if (t.length >= 5 && cands[0] && cands[0].edits === 1) fix = cands[0].word;
        if (this.corrections.size > 10_000) this.corrections.clear();
        this.corrections.set(key, fix);
      }
      if (fix) {
        fixes.push([t, fix]);
        out[i] = fix;
      }
    }
    return { tokens: out, fixes };
  }

  /**
   * Searches the knowledge base. Never throws. A long letter tells a story and
   * asks one thing: its asking sentence is searched on its own too, and each
   * entry's confidence is the mean of the two, so story words weigh less.
   */
  search(text: string): SearchOutcome {
    const whole = this.searchText(text);
    const ask = text.length > LETTER_CHARS ? askingPart(text) : undefined;
    if (!ask) return whole;
    const focus = this.searchText(ask);
    if (focus.hits.length === 0) return whole;
    const byId = new Map<string, SearchHit>();
    for (const h of [...whole.hits, ...focus.hits]) byId.set(h.id, { ...h, score: 0 });
    for (const h of whole.hits) byId.get(h.id)!.score += LETTER_WHOLE * h.score;
    for (const h of focus.hits) byId.get(h.id)!.score += (1 - LETTER_WHOLE) * h.score;
    const hits = [...byId.values()].map((h) => ({ ...h, score: round(h.score) })).sort((x, y) => y.score - x.score).slice(0, this.opts.limit);
    if (whole.reason === 'off-topic') return { ...whole, hits };
    return { ...whole, hits, ...this.decide(hits) };
  }

  private decide(hits: SearchHit[]): { decision: Decision; reason: DecisionReason } {
    const top = hits[0];
    if (!top) return { decision: 'none', reason: 'no-match' };
    if (top.score >= this.opts.answerAt) return { decision: 'answer', reason: 'match' };
    if (top.score >= this.opts.suggestAt) return { decision: 'suggest', reason: 'ambiguous' };
    return { decision: 'none', reason: 'low-confidence' };
  }

  private searchText(text: string): SearchOutcome {
    const a = this.analyze(text);
    if (a.tokens.length === 0) return { normalized: '', hits: [], decision: 'none', reason: 'empty', corrections: [] };
    const { tokens, fixes } = this.correct(a.tokens);
    const extra = a.terms.filter((t) => !t.includes('_') && !a.tokens.includes(t));
    const terms = fixes.length > 0 ? termsOf(tokens, extra) : a.terms;
    const hotlineIntent = HOTLINE_INTENT.some((p) => containsSeq(tokens, p));
    const boost = hotlineIntent ? (doc: number) => (this.items[doc]!.entry.kind === 'hotline' ? 1.5 : 1) : undefined;
    const ranked = this.index
      .search(terms, Math.max(this.opts.limit, RERANK_POOL), boost)
      .map((h) => ({ item: this.items[h.doc]!, matched: this.index.matched(h.doc, terms) }));
    // Unknown words count against confidence; unknown bigrams are only word junctions and do not.
    const counted = [...new Set(terms)].filter((t) => !t.includes('_') || this.index.has(t));
    const total = counted.reduce((s, t) => s + this.index.idf(t) * this.index.termWeight(t), 0);
    const qset = new Set(tokens);
    const scored: SearchHit[] = ranked.map(({ item, matched }) => {
      // Terms found in the entry's names count fully, terms found only in its description by half.
      const names = new Set([...(matched.get('aliases') ?? []), ...(matched.get('title') ?? [])]);
      let covered = 0;
      for (const t of names) covered += this.index.idf(t) * this.index.termWeight(t);
      for (const t of matched.get('body') ?? []) {
        if (!names.has(t)) covered += BODY_SHARE * this.index.idf(t) * this.index.termWeight(t);
      }
      let bestPhrase = 0;
      for (const p of item.phraseTerms) {
        let c = 0;
        for (const t of counted) if (p.has(t)) c += this.index.idf(t) * this.index.termWeight(t);
        if (c > bestPhrase) bestPhrase = c;
      }
      const coverage = total > 0 ? ((1 - PHRASE_SHARE) * covered + PHRASE_SHARE * bestPhrase) / total : 0;
      // How much of the entry's best-matching name the question covers: a question that
      // shares only a side word of a long alias ("... để vay ngân hàng") is not about it.
      let phraseCover = 0;
      let contained = false;
      for (const p of item.phrases) {
        let have = 0;
        let all = 0;
        for (const t of p) {
          const w = this.index.idf(t);
          all += w;
          if (qset.has(t)) have += w;
        }
        const c = all > 0 ? have / all : 0;
        if (c > phraseCover) phraseCover = c;
        if (c === 1 && p.size >= 3) contained = true;
      }
      const score = contained ? 0.5 + 0.5 * coverage : coverage * (PHRASE_FLOOR + (1 - PHRASE_FLOOR) * phraseCover);
      // A variant (foreign element, mobile, border area, re-registration) the question does not mention is less likely.
      const variantMissed = item.variant.length > 0 && !item.variant.some((w) => qset.has(w));
      const adjusted = score * item.prior * (variantMissed ? VARIANT_MISSED : 1);
      return { id: item.entry.id, title: item.entry.title, kind: item.entry.kind, score: round(adjusted) };
    });
    // BM25 finds the candidates; the confidence (how much of the question, and of the entry's
    // best name, they share) orders them, so results are best first by the score they carry.
    scored.sort((x, y) => y.score - x.score);
    scored.length = Math.min(scored.length, this.opts.limit);
    const normalized = tokens.join(' ');
    const top = scored[0];
    const offTopic = this.offTopic.some((p) => p.length > 0 && containsSeq(tokens, p));
    if (offTopic && !(top && top.score >= 0.9)) {
      return { normalized, hits: scored, decision: 'none', reason: 'off-topic', corrections: fixes };
    }
    if (!top) return { normalized, hits: [], decision: 'none', reason: 'no-match', corrections: fixes };
    if (top.score >= this.opts.answerAt) return { normalized, hits: scored, decision: 'answer', reason: 'match', corrections: fixes };
    if (top.score >= this.opts.suggestAt) {
      return { normalized, hits: scored, decision: 'suggest', reason: 'ambiguous', corrections: fixes };
    }
    return { normalized, hits: scored, decision: 'none', reason: 'low-confidence', corrections: fixes };
  }
}

/** Letters longer than this are read for their asking sentence. */
const LETTER_CHARS = 200;
/** Weight of the whole letter against its asking sentence. */
const LETTER_WHOLE = Number(process.env.LETTER_WHOLE ?? 0.5);
const ASKING = /\?|\b(thế nào|như nào|ra sao|làm sao|được không|có được|có phải|phải làm|cần (những )?gì|ở đâu|bao lâu|bao nhiêu|cho (tôi|em|mình) hỏi|xin hỏi|hỏi)\b/iu;

/** The sentence(s) of a letter that ask: the last one with a question mark or a question phrase, and the one before it. */
export function askingPart(text: string): string | undefined {
  const sentences = text
    .normalize('NFC')
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (ASKING.test(sentences[i]!)) {
      const part = sentences.slice(Math.max(0, i - 1), i + 1).join(' ');
      return part.length < text.length * 0.9 ? part : undefined;
    }
  }
  return undefined;
}

function containsSeq(tokens: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= tokens.length; i++) if (seq.every((w, k) => tokens[i + k] === w)) return true;
  return false;
}

/**
 * Spelling confusions common in Vietnamese (regional pronunciation): a real
 * syllable is only "corrected" into another one that differs by one of them
 * (tạm chú → tạm trú, sổ xách → sổ sách), never into an unrelated word.
 */
const CONFUSIONS: [RegExp, string][] = [
  [/^ch/, 'tr'], [/^tr/, 'ch'], [/^s/, 'x'], [/^x/, 's'], [/^d/, 'gi'], [/^gi/, 'd'], [/^r/, 'd'], [/^d/, 'r'],
  [/^r/, 'gi'], [/^gi/, 'r'], [/^l/, 'n'], [/^n/, 'l'], [/^v/, 'd'], [/ng$/, 'n'], [/n$/, 'ng'], [/c$/, 't'],
  [/t$/, 'c'], [/i$/, 'y'], [/y$/, 'i'], [/nh$/, 'n'], [/n$/, 'nh'],
];

/** Whether `b` is `a` with one common spelling confusion. */
export function isRegionalVariant(a: string, b: string): boolean {
  return CONFUSIONS.some(([re, to]) => re.test(a) && a.replace(re, to) === b);
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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
