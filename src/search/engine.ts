/**
 * Search over the knowledge base. The hand-checked entries (procedures,
 * hotlines, articles written in `knowledge/`) and the imported national
 * catalogue are indexed in separate tiers, so a catalogue of hundreds of
 * procedures neither shifts the term statistics the hand-checked answers
 * were tuned on nor wins a near-tie against them: a catalogue entry comes
 * first only when it fits the question clearly better. A long letter is
 * also read for its asking sentence.
 *
 * @example
 * ```ts
 * const engine = new SearchEngine(kb);
 * const o = engine.search('lam giay khai sinh cho con');
 * if (o.decision === 'answer') console.log(o.hits[0].id); // 'khai-sinh'
 * ```
 */
import type { Entry, KnowledgeBase } from '../knowledge/model.js';
import type { Lexicon } from '../knowledge/schema.js';
import { decide, DEFAULT_SEARCH, type SearchHit, type SearchOptions, type SearchOutcome } from './decide.js';
import { createAnalyzer, type Analysis } from './normalize.js';
import { type PreparedDoc, prepareDoc, variantWords } from './prepare.js';
import { SearchTier, VARIANT_MISSED } from './tier.js';

export {
  DEFAULT_SEARCH,
  type Decision,
  type DecisionReason,
  type SearchHit,
  type SearchOptions,
  type SearchOutcome,
} from './decide.js';
export { editDistance } from './typos.js';

/** Confidence factor of imported catalogue entries against hand-checked ones. */
const CATALOG_PRIOR = 0.8;

/** The search engine of one knowledge base version. */
/** Outcomes of the latest distinct queries kept per engine (a new engine on each knowledge reload). */
const RECENT_SEARCHES = 500;

export class SearchEngine {
  readonly analyze: (text: string) => Analysis;
  private readonly tiers: SearchTier[];
  /** Distinguishing words of each family variant, and each procedure's family. */
  private readonly variants = new Map<string, string[]>();
  private readonly familyOf: ReadonlyMap<string, string>;
  private readonly prepare = (e: Entry) => prepareDoc(e, this.analyze);

  /** Builds the engine at once (start-up, tests). A live reload uses {@link SearchEngine.build}. */
  constructor(
    kb: KnowledgeBase,
    private readonly opts: SearchOptions = DEFAULT_SEARCH,
    built?: { tiers: SearchTier[] },
  ) {
    this.analyze = createAnalyzer(kb.lexicon);
    if (built) this.tiers = built.tiers;
    else {
      const { curated, catalog } = splitTiers(kb.entries);
      this.tiers = [new SearchTier(curated.map(this.prepare), kb.lexicon, this.analyze, opts)];
      if (catalog.length > 0)
        this.tiers.push(
          sharedTier(kb.lexicon, opts, catalog) ??
            keepTier(
              kb.lexicon,
              opts,
              new SearchTier(catalog.map(this.prepare), kb.lexicon, this.analyze, opts, CATALOG_PRIOR),
            ),
        );
    }
    this.familyOf = kb.familyOf;
    for (const e of kb.entries) {
      const w = variantWords(e, this.analyze);
      if (w.length > 0) this.variants.set(e.id, w);
    }
  }

  /**
   * Builds the engine without holding the event loop: entries are analysed in
   * slices and each index field is built in a turn of its own, so questions
   * that arrive during a reload are answered by the current engine meanwhile.
   *
   * @example
   * ```ts
   * const next = await SearchEngine.build(kb);
   * ```
   */
  static async build(kb: KnowledgeBase, opts: SearchOptions = DEFAULT_SEARCH, sliceMs = 8): Promise<SearchEngine> {
    const analyze = createAnalyzer(kb.lexicon);
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    let since = performance.now();
    const prepare = async (entries: readonly Entry[]) => {
      const prepared: PreparedDoc[] = [];
      for (const e of entries) {
        prepared.push(prepareDoc(e, analyze));
        if (performance.now() - since > sliceMs) {
          await pause();
          since = performance.now();
        }
      }
      return prepared;
    };
    const { curated, catalog } = splitTiers(kb.entries);
    const tiers = [await SearchTier.build(await prepare(curated), kb.lexicon, analyze, opts, 1, pause)];
    if (catalog.length > 0) {
      const tier =
        sharedTier(kb.lexicon, opts, catalog) ??
        (await SearchTier.build(await prepare(catalog), kb.lexicon, analyze, opts, CATALOG_PRIOR, pause));
      tiers.push(keepTier(kb.lexicon, opts, tier));
    }
    return new SearchEngine(kb, opts, { tiers });
  }

  /**
   * Searches the knowledge base. Never throws. A long letter tells a story and
   * asks one thing: its asking sentence is searched on its own too, and each
   * entry's confidence is the mean of the two, so story words weigh less.
   */
  search(text: string): SearchOutcome {
    let outcome = this.recent.get(text);
    if (outcome !== undefined) this.recent.delete(text);
    else outcome = this.searchUncached(text);
    // Residents ask the same few questions over and over: keep the latest outcomes (the engine never changes).
    this.recent.set(text, outcome);
    if (this.recent.size > RECENT_SEARCHES) this.recent.delete(this.recent.keys().next().value!);
    return { ...outcome, hits: outcome.hits.slice(), corrections: outcome.corrections.slice() };
  }

  private readonly recent = new Map<string, SearchOutcome>();

  private searchUncached(text: string): SearchOutcome {
    const whole = this.searchText(text);
    if (text.length <= LETTER_CHARS) return whole;
    // The asking sentence with the one before it (context), and on its own (the ask, unmixed with the story).
    const ask = askingPart(text, 1);
    const alone = askingPart(text, 0);
    const focus = [ask, alone !== ask ? alone : undefined]
      .filter((x): x is string => x !== undefined)
      .map((x) => this.searchText(x).hits)
      .filter((h) => h.length > 0);
    const best = blend(focus.map((h) => [h, 1 / focus.length]));
    const hits =
      focus.length > 0
        ? blend([
            [whole.hits, LETTER_WHOLE],
            [best, 1 - LETTER_WHOLE],
          ]).slice(0, this.opts.limit)
        : whole.hits;
    if (whole.reason === 'off-topic' || whole.reason === 'empty') return { ...whole, hits };
    // A letter answered wrongly misleads more than a question asked back: it needs more confidence.
    return {
      ...whole,
      hits,
      ...decide(hits, { ...this.opts, answerAt: Math.max(this.opts.answerAt, LETTER_ANSWER_AT) }),
    };
  }

  private namedVariant(hits: SearchHit[], a: Analysis): (h: SearchHit) => number {
    if (this.variants.size === 0) return () => 1;
    const words = new Set([...a.tokens, ...a.terms.filter((t) => !t.includes('_'))]);
    return namedVariantFactor(hits, words, this.variants, this.familyOf);
  }

  /** Searches every tier and merges their hits, best first. */
  private searchText(text: string): SearchOutcome {
    const analysis = this.analyze(text);
    const outcomes = this.tiers.map((t) => t.score(analysis));
    const first = outcomes[0]!;
    if (outcomes.length === 1 || first.reason === 'empty') return first;
    const ranked = outcomes.flatMap((o) => o.hits.map((h, i) => ({ h, rank: o.ranks[i] ?? h.score })));
    const factor = this.namedVariant(
      ranked.map((r) => r.h),
      analysis,
    );
    const hits = ranked
      .map((r) => {
        const rank = r.rank * factor(r.h);
        return { h: { ...r.h, score: Math.round(rank * 1000) / 1000 }, rank };
      })
      .sort((x, y) => y.rank - x.rank)
      .slice(0, this.opts.limit)
      .map((r) => r.h);
    if (first.reason === 'off-topic') return { ...first, hits };
    const corrections = outcomes.flatMap((o) => o.corrections);
    return { normalized: first.normalized, hits, corrections, ...decide(hits, this.opts) };
  }
}

/**
 * When the question names what sets one family variant apart ("người Hàn
 * Quốc" → foreign element), the other members of that family, which lack it,
 * are less likely, even in the other tier.
 */
function namedVariantFactor(
  hits: SearchHit[],
  words: Set<string>,
  variants: ReadonlyMap<string, string[]>,
  familyOf: ReadonlyMap<string, string>,
): (h: SearchHit) => number {
  const named = new Map<string, string[]>();
  for (const h of hits) {
    const v = variants.get(h.id);
    const f = familyOf.get(h.id);
    if (v && f && v.every((w) => words.has(w))) named.set(f, v);
  }
  return (h) => {
    const f = familyOf.get(h.id);
    const v = f ? named.get(f) : undefined;
    if (!v) return 1;
    const own = variants.get(h.id) ?? [];
    return v.every((w) => own.includes(w)) ? 1 : VARIANT_MISSED;
  };
}

/** Hand-checked entries and the imported catalogue go to tiers of their own. */
function splitTiers(entries: readonly Entry[]): { curated: Entry[]; catalog: Entry[] } {
  const imported = (e: Entry) => e.kind === 'procedure' && e.data.portal !== undefined;
  return { curated: entries.filter((e) => !imported(e)), catalog: entries.filter(imported) };
}

/**
 * Catalogue tiers kept for reuse, by lexicon: many communes in one process
 * (a city) load the same parsed catalogue (see `knowledge/shared.ts`), and
 * one index of its hundreds of procedures serves them all. A tier is reused
 * only for the same lexicon and options and the very same entries, in the
 * same order, so its answers are exactly those of a tier of its own.
 * Held weakly: a tier no engine uses any more (after a reload) is collected.
 */
const catalogTiers = new WeakMap<Lexicon, { opts: SearchOptions; tier: WeakRef<SearchTier> }[]>();

function sharedTier(lexicon: Lexicon, opts: SearchOptions, catalog: readonly Entry[]): SearchTier | undefined {
  for (const k of catalogTiers.get(lexicon) ?? []) {
    const tier = k.tier.deref();
    if (tier && k.opts === opts && tier.holds(catalog)) return tier;
  }
  return undefined;
}

function keepTier(lexicon: Lexicon, opts: SearchOptions, tier: SearchTier): SearchTier {
  const kept = (catalogTiers.get(lexicon) ?? []).filter((k) => k.tier.deref() !== undefined);
  if (!kept.some((k) => k.tier.deref() === tier)) kept.push({ opts, tier: new WeakRef(tier) });
  catalogTiers.set(lexicon, kept);
  return tier;
}

/** Weighted sum of several hit lists (an entry missing from a list adds nothing), best first. */
function blend(lists: [SearchHit[], number][]): SearchHit[] {
  const byId = new Map<string, SearchHit>();
  for (const [hits, w] of lists) {
    for (const h of hits) {
      const cur = byId.get(h.id) ?? { ...h, score: 0 };
      cur.score += w * h.score;
      byId.set(h.id, cur);
    }
  }
  return [...byId.values()]
    .map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }))
    .sort((x, y) => y.score - x.score);
}

/** Letters longer than this are read for their asking sentence. */
const LETTER_CHARS = 120;
/** Confidence needed to answer a letter without asking back. */
const LETTER_ANSWER_AT = 0.5;
/** Weight of the whole letter against its asking sentence (with and without the sentence before, equally). */
const LETTER_WHOLE = 0.5;
const ASKING =
  /\?|(?<!\p{L})(thế nào|như nào|ra sao|làm sao|được không|có được|có phải|phải làm|cần (những )?gì|những gì|ở đâu|bao lâu|bao nhiêu|cho (tôi|em|mình|cháu) hỏi|xin hỏi|hỏi|thủ tục gì|giấy tờ gì)(?!\p{L})/iu;

/** The sentence(s) of a letter that ask: the last one with a question mark or a question phrase, and the `before` ones before it. */
export function askingPart(text: string, before = 1): string | undefined {
  const sentences = text
    .normalize('NFC')
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (ASKING.test(sentences[i]!)) {
      const part = sentences.slice(Math.max(0, i - before), i + 1).join(' ');
      return part.length < text.length * 0.9 ? part : undefined;
    }
  }
  return undefined;
}
