/**
 * Whole-word phrase matching on folded text, for the rules that run next to
 * the search (referrals, requests for a person). A question and a phrase are
 * folded the same way as the search folds them (accents off, đ → d, Telex
 * leftovers repaired, chat abbreviations expanded), then a phrase matches
 * where its words follow each other in the question: "ly hôn" matches
 * "muon ly hon o dau", but not "ly" and "hôn" apart, nor "hôn" alone. Words
 * typed with accents keep them for the comparison, so "thuê nhà" is not "thuế".
 */
import { fold, repairTelex, tokenize } from '../search/normalize.js';

/** A text as folded words, each with the index of the typed token it came from. */
export interface FoldedText {
  /** The tokens as typed (lowercase, accents kept). */
  source: string[];
  /** Folded words, abbreviations expanded. */
  words: string[];
  /** Each word as typed with its accents, or '' when it was typed without any (or came from an abbreviation). */
  marks: string[];
  /** For each word, the index of its token in `source`. */
  from: number[];
}

/** Where a phrase matched: words `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

type Abbreviations = Readonly<Record<string, string>>;
const expansions = new WeakMap<Abbreviations, Map<string, string[]>>();

function expansionsOf(abbreviations: Abbreviations): Map<string, string[]> {
  let m = expansions.get(abbreviations);
  if (!m) {
    m = new Map(Object.entries(abbreviations).map(([k, v]) => [k, tokenize(v).map((w) => repairTelex(fold(w)))]));
    expansions.set(abbreviations, m);
  }
  return m;
}

/** Folds a text into words (see the module comment). */
export function foldWords(text: string, abbreviations: Abbreviations = {}): FoldedText {
  const source = tokenize(text);
  const exp = expansionsOf(abbreviations);
  const t: FoldedText = { source, words: [], marks: [], from: [] };
  source.forEach((token, i) => {
    const plain = fold(token);
    const w = repairTelex(plain);
    const expanded = exp.get(w);
    for (const x of expanded ?? [w]) {
      t.words.push(x);
      t.marks.push(expanded || plain === token ? '' : token);
      t.from.push(i);
    }
  });
  return t;
}

/** Whether `phrase` occurs in `t` starting at word `i` (see {@link indexOfPhrase} for how words compare). */
export function phraseAt(t: FoldedText, phrase: FoldedText, i: number): boolean {
  const n = phrase.words.length;
  if (n === 0 || i < 0 || i + n > t.words.length) return false;
  for (let k = 0; k < n; k++) {
    if (t.words[i + k] !== phrase.words[k]) return false;
    const a = t.marks[i + k];
    const b = phrase.marks[k];
    if (a && b && a !== b) return false;
  }
  return true;
}

/**
 * The first place `phrase` occurs in `t` as whole words, or -1. Words compare
 * folded; when both the question and the phrase carry accents, the accents
 * must agree too ("thuê nhà" is not "thuế", but "thue" may be either).
 */
export function indexOfPhrase(t: FoldedText, phrase: FoldedText): number {
  for (let i = 0; i + phrase.words.length <= t.words.length; i++) if (phraseAt(t, phrase, i)) return i;
  return -1;
}

/** The longest phrase found in `t` (the earliest-listed among equals), with its value. */
export function longestMatch<T>(
  t: FoldedText,
  candidates: readonly { phrase: FoldedText; value: T }[],
): (Span & { value: T }) | undefined {
  let best: (Span & { value: T }) | undefined;
  for (const c of candidates) {
    if (best && c.phrase.words.length <= best.end - best.start) continue;
    const i = indexOfPhrase(t, c.phrase);
    if (i >= 0) best = { start: i, end: i + c.phrase.words.length, value: c.value };
  }
  return best;
}

/** The typed text without the tokens a span came from (what the question says besides the phrase). */
export function withoutSpan(t: FoldedText, span: Span): string {
  const drop = new Set(t.from.slice(span.start, span.end));
  return t.source.filter((_, i) => !drop.has(i)).join(' ');
}
