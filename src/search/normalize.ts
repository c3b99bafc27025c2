/**
 * Vietnamese text normalisation, applied the same way to questions and to
 * knowledge entries: NFC, canonical tone placement, lowercase, punctuation and
 * emoji removed, filler phrases dropped while accents are still there, accent
 * folding (đ→d), Telex/VNI leftovers repaired, abbreviations expanded,
 * synonyms added.
 */
import { foldDiacritics } from '../text/fold.js';

const TONES = '\u0300\u0301\u0303\u0309\u0323';
const OLD_TONE = new RegExp(
  `(o)([ae])([${TONES}])(?![a-z\u0300-\u036f])|(u)(y)([${TONES}])(?![a-z\u0300-\u036f])`,
  'gi',
);

/**
 * Moves the tone of open `oa`, `oe`, `uy` syllables onto the first vowel
 * (hoà → hòa, thuỷ → thủy), so both spellings compare equal. Input and output are NFC.
 *
 * @example
 * ```ts
 * canonicalTones('hoà thuỷ'); // 'hòa thủy'
 * ```
 */
export function canonicalTones(s: string): string {
  return s
    .normalize('NFD')
    .replace(OLD_TONE, (_m, o, ae, t1, u, y, t2) => (o ? `${o}${t1}${ae}` : `${u}${t2}${y}`))
    .normalize('NFC');
}

/** Removes every diacritic, including đ → d (the text module's {@link foldDiacritics}). */
export const fold: (s: string) => string = foldDiacritics;

/**
 * Lowercase, NFC, canonical tones; anything but letters and digits becomes a space.
 *
 * @example
 * ```ts
 * cleanText('Hoà Bình, Thuỷ!'); // 'hòa bình thủy'
 * ```
 */
export function cleanText(s: string): string {
  return canonicalTones(s.normalize('NFC').toLowerCase())
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Splits cleaned text into tokens.
 *
 * @example
 * ```ts
 * tokenize('Đăng ký kết hôn?'); // ['đăng', 'ký', 'kết', 'hôn']
 * ```
 */
export function tokenize(s: string): string[] {
  const c = cleanText(s);
  return c ? c.split(' ') : [];
}

const SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?(?:[aeiouy]{1,3})(ch|ng|nh|[cmnpt])?$/;

/** Is `t` (folded ASCII) a possible toneless Vietnamese syllable? */
export function isSyllable(t: string): boolean {
  return SYLLABLE.test(t) && !/(aa|ee|dd|w|[fjz])/.test(t) && !/oo(?!(ng|c)$)/.test(t);
}

/**
 * Repairs Telex/VNI keystrokes left in a folded ASCII token when the IME was
 * off (`ddawng` → `dang`, `kys` → `ky`, `ky1` → `ky`). Tokens that are already
 * syllables, or that do not become one, are returned unchanged.
 */
export function repairTelex(t: string): string {
  if (isSyllable(t) || !/^[a-z0-9]+$/.test(t)) return t;
  let u = t
    .replace(/dd/g, 'd')
    .replace(/(a|e|o)\1/g, '$1')
    .replace(/([aou])w/g, '$1')
    .replace(/w/g, 'u');
  u = u.replace(/[sfrxj]$/, '').replace(/([aeiouy])[sfrxj](?=(ch|ng|nh|[cmnpt])$)/, '$1');
  if (isSyllable(u)) return u;
  if (/[a-z][0-9]/.test(t)) {
    const v = t.replace(/[0-9]/g, '');
    if (isSyllable(v)) return v;
  }
  return t;
}

/** Words dropped only when typed with their accents (their folded forms collide with content words). */
const STOP_ACCENTED = new Set(
  'là thì có không gì nào những các cái của và với để tôi mình chị bạn ạ ơi nhé nhỉ vậy rồi nữa đó này ấy được muốn hỏi xin cần thế mà nhưng thôi luôn đâu giúp'.split(
    ' ',
  ),
);
/** Folded words dropped everywhere: none of them is a content syllable in this domain. */
const STOP_FOLDED = new Set(
  'la khong gi nao nhung cac cua va voi toi em anh cho ai oi nhe nhi roi nua nay ay duoc muon xin a ad admin ak ah vs giup'.split(
    ' ',
  ),
);

/** What the analyser needs from the lexicon. */
export interface AnalyzerLexicon {
  abbreviations: Record<string, string>;
  synonyms: { phrase: string; adds: string }[];
  fillers: string[];
}

/** A normalised text. */
export interface Analysis {
  /** Folded content tokens, in order (abbreviations expanded, fillers dropped). */
  tokens: string[];
  /** Tokens plus adjacent-token bigrams (`khai_sinh`), for ranking. */
  terms: string[];
  /** `tokens` joined by spaces: the stored, grouped form of a question. */
  normalized: string;
  /** Each token as it was written (lowercase, with its accents when typed with them), aligned with `tokens`. */
  written: string[];
}

/** Phrases by their first word, longest first: a question is scanned once, not once per phrase. */
type PhraseIndex = Map<string, string[][]>;

function indexPhrases(phrases: string[][]): PhraseIndex {
  const out: PhraseIndex = new Map();
  for (const p of [...phrases].sort((a, b) => b.length - a.length)) {
    if (p.length === 0) continue;
    const list = out.get(p[0]!);
    if (list) list.push(p);
    else out.set(p[0]!, [p]);
  }
  return out;
}

/** Drops every occurrence of the indexed phrases (the longest at each position) from a list of words. */
function removeSequences<T>(items: T[], phrases: PhraseIndex, word: (x: T) => string): T[] {
  if (phrases.size === 0) return items;
  const out: T[] = [];
  for (let i = 0; i < items.length; ) {
    const hit = phrases
      .get(word(items[i]!))
      ?.find((p) => p.every((w, k) => i + k < items.length && word(items[i + k]!) === w));
    if (hit) i += hit.length;
    else out.push(items[i++]!);
  }
  return out;
}

/**
 * Builds the analyser for one lexicon. Pure and deterministic.
 *
 * @example
 * ```ts
 * const analyze = createAnalyzer(kb.lexicon);
 * const a = analyze('Làm giấy khai sinh cho con thế nào ạ?');
 * a.normalized; // 'lam giay khai sinh con'
 * a.terms.includes('khai_sinh'); // true: adjacent tokens also form bigrams
 * ```
 */
export function createAnalyzer(lex: AnalyzerLexicon): (text: string) => Analysis {
  const fillerWords = lex.fillers.map((f) => tokenize(f)).sort((a, b) => b.length - a.length);
  const fillersAccented = indexPhrases(fillerWords);
  // Folded fillers are only safe as multi-word phrases ("cho em hoi", "nhu the nao")
  // or when they are typed without accents anyway ("ad").
  const fillersFolded = indexPhrases(
    fillerWords
      .filter((f) => f.length > 1 || /^[a-z0-9]+$/.test(f[0] ?? ''))
      .map((f) => f.map((w) => repairTelex(fold(w)))),
  );
  const abbrev = new Map<string, string[]>();
  const expAccented = new Map<string, string[]>();
  for (const [k, v] of Object.entries(lex.abbreviations)) {
    abbrev.set(
      k,
      tokenize(v).map((w) => repairTelex(fold(w))),
    );
    expAccented.set(k, tokenize(v));
  }
  const synonyms = lex.synonyms.map((s) => ({
    phrase: tokenize(fold(s.phrase)),
    accented: tokenize(s.phrase),
    adds: tokenize(fold(s.adds)),
  }));

  return (text: string): Analysis => {
    const raw = removeSequences(tokenize(typeof text === 'string' ? text : ''), fillersAccented, (w) => w);
    // Fold, repair and expand, keeping each token's accented form for the stop list.
    const pairs: Written[] = [];
    for (const t of raw) {
      const fixed = repairTelex(fold(t));
      if (!fixed) continue;
      const exp = abbrev.get(fixed);
      if (!exp) {
        pairs.push({ orig: t, folded: fixed, typed: fold(t) !== t ? 'accents' : 'plain' });
        continue;
      }
      for (const [i, f] of exp.entries())
        pairs.push({ orig: expAccented.get(fixed)![i] ?? f, folded: f, typed: 'expanded' });
    }
    const kept = removeSequences(pairs, fillersFolded, (p) => p.folded).filter(
      (p) => !STOP_ACCENTED.has(p.orig) && !STOP_FOLDED.has(p.folded),
    );
    const folded = kept.map((p) => p.folded);
    const tokens = folded;
    const extra: string[] = [];
    const present = new Set(tokens);
    for (const s of synonyms) {
      if (!present.has(s.phrase[0] ?? '')) continue;
      for (let i = 0; i + s.phrase.length <= tokens.length; i++) {
        if (
          s.phrase.every((w, k) => tokens[i + k] === w) &&
          accentsAgree(kept.slice(i, i + s.phrase.length), s.accented)
        ) {
          extra.push(...s.adds);
          break;
        }
      }
    }
    return { tokens, terms: termsOf(tokens, extra), normalized: tokens.join(' '), written: kept.map((p) => p.orig) };
  };
}

/** A word of the question as typed: with accents, without, or expanded from an abbreviation. */
interface Written {
  orig: string;
  folded: string;
  typed: 'accents' | 'plain' | 'expanded';
}

/**
 * Whether the question's words, which fold to a phrase's, may be the phrase
 * as the lexicon writes it: not when a word is typed with other accents,
 * nor when a word is typed toneless beside words typed with accents
 * ("người lao động" is not "người lào"). Words typed without any accents,
 * Telex leftovers and expanded abbreviations say nothing.
 */
function accentsAgree(span: Written[], accented: string[]): boolean {
  const withAccents = span.some((w) => w.typed === 'accents');
  return span.every((w, k) => {
    if (w.typed === 'expanded') return true;
    if (typedOtherwise(w.orig, w.folded, accented[k]!)) return false;
    // A toneless word beside words typed with accents is toneless: "lao" is not "lào".
    return !(withAccents && w.typed === 'plain' && w.orig === w.folded && w.orig !== accented[k]);
  });
}

/**
 * Whether a word, folded to `folded`, was typed with accents other than
 * `accented`'s ("gói" against "gọi"). Typed without accents, or repaired into
 * another word (Telex leftovers), it says nothing: false.
 */
export function typedOtherwise(written: string, folded: string, accented: string): boolean {
  return written !== accented && written !== folded && fold(written) === folded;
}

/** Unigrams and adjacent bigrams of a token list, plus extra (synonym) tokens and their bigrams. */
export function termsOf(tokens: string[], extra: string[] = []): string[] {
  const terms = [...tokens];
  for (let i = 1; i < tokens.length; i++) terms.push(`${tokens[i - 1]}_${tokens[i]}`);
  if (extra.length > 0) {
    terms.push(...extra);
    for (let i = 1; i < extra.length; i++) terms.push(`${extra[i - 1]}_${extra[i]}`);
  }
  return terms;
}
