/**
 * Search over the knowledge base: normalise the question, repair typos with
 * fuse.js against the knowledge vocabulary, rank entries with field-aware
 * BM25 over syllable unigrams and bigrams, then decide from a confidence
 * score whether to answer, suggest ("Ý bạn là…") or admit we do not know.
 */
import Fuse from 'fuse.js';
import type { Entry, EntryKind, KnowledgeBase } from '../knowledge/model.js';
import { Bm25Index } from './bm25.js';
import { createAnalyzer, fold, termsOf, tokenize, type Analysis } from './normalize.js';

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

const FIELD_WEIGHTS = { aliases: 3, title: 2, body: 0.4 };
const HOTLINE_INTENT = [['so', 'dien', 'thoai'], ['hotline'], ['duong', 'day', 'nong'], ['tong', 'dai'], ['goi']];

interface IndexedEntry {
  entry: Entry;
  /** Unigram sets of the title and each alias, for phrase containment. */
  phrases: Set<string>[];
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
    this.index = new Bm25Index(
      docs.map((d) => d.doc),
      FIELD_WEIGHTS,
    );
    this.items = docs.map((d) => ({
      entry: d.e,
      phrases: [d.title, ...d.aliases].filter((a) => a.tokens.length > 0).map((a) => new Set(a.tokens)),
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
        const cands = this.vocabulary.search(t, { limit: 8 });
        const prev = out[i - 1];
        const next = out[i + 1];
        const fits = cands.find(
          (c) => (prev && this.index.has(`${prev}_${c.item}`)) || (next && this.index.has(`${c.item}_${next}`)),
        );
        if (fits) fix = fits.item;
        else if (t.length >= 5 && cands[0] && (cands[0].score ?? 1) <= 0.2) fix = cands[0].item;
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

  /** Searches the knowledge base. Never throws. */
  search(text: string): SearchOutcome {
    const a = this.analyze(text);
    if (a.tokens.length === 0) return { normalized: '', hits: [], decision: 'none', reason: 'empty', corrections: [] };
    const { tokens, fixes } = this.correct(a.tokens);
    const extra = a.terms.filter((t) => !t.includes('_') && !a.tokens.includes(t));
    const terms = fixes.length > 0 ? termsOf(tokens, extra) : a.terms;
    const hits = this.index.search(terms);
    const hotlineIntent = HOTLINE_INTENT.some((p) => containsSeq(tokens, p));
    const ranked = [...hits.values()]
      .map((h) => ({ h, item: this.items[h.doc]! }))
      .map((x) => ({ ...x, score: x.h.score * (hotlineIntent && x.item.entry.kind === 'hotline' ? 1.5 : 1) }))
      .sort((x, y) => y.score - x.score)
      .slice(0, this.opts.limit);
    const total = terms.reduce((s, t) => s + this.index.idf(t) * this.index.termWeight(t), 0);
    const qset = new Set(tokens);
    const scored: SearchHit[] = ranked.map(({ h, item }) => {
      let covered = 0;
      for (const t of h.matched) covered += this.index.idf(t) * this.index.termWeight(t);
      const coverage = total > 0 ? covered / total : 0;
      const contained = item.phrases.some((p) => p.size >= 2 && [...p].every((t) => qset.has(t)));
      const score = contained ? Math.max(coverage, 0.5 + 0.5 * coverage) : coverage;
      return { id: item.entry.id, title: item.entry.title, kind: item.entry.kind, score: round(score) };
    });
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

function containsSeq(tokens: string[], seq: string[]): boolean {
  for (let i = 0; i + seq.length <= tokens.length; i++) if (seq.every((w, k) => tokens[i + k] === w)) return true;
  return false;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
