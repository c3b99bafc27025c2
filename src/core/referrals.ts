/**
 * Topics that are not the commune's business (`knowledge/referrals.yaml`):
 * which referral a question asks about, if any.
 *
 * A referral matches when one of its phrases occurs in the question as whole
 * words (accents optional) and no `unless` phrase of the table does (those
 * name a commune procedure, such as "mất hộ chiếu"). It wins over the
 * search, which would otherwise answer "làm hộ chiếu" with the nearest
 * commune procedure, with one exception: when the search answers a
 * procedure, and the question with the referral's phrase taken out still
 * finds that procedure (among its first three, answer or suggestion), the
 * question names that procedure on its own ("ly hôn rồi làm lại khai sinh
 * cho con", "tách hộ sau ly hôn") and the procedure is the answer; unless a
 * request word stands right before the phrase ("cấp hộ chiếu cho con mới
 * sinh", "muốn ly hôn"): then the referral is what is asked.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { Referral } from '../knowledge/schema.js';
import type { SearchOutcome } from '../search/decide.js';
import {
  foldWords,
  indexOfPhrase,
  longestMatch,
  phraseAt,
  withoutSpan,
  type FoldedText,
  type Span,
} from './phrases.js';

/** What the referral rules need from the search engine. */
export interface SearchLike {
  search(text: string): SearchOutcome;
  analyze(text: string): { tokens: string[] };
}

interface CompiledReferral {
  referral: Referral;
  phrases: FoldedText[];
  unless: FoldedText[];
}

const compiled = new WeakMap<KnowledgeBase, CompiledReferral[]>();
/** Request words that, right before a referral's phrase, make it what is asked ("làm hộ chiếu", "muốn ly hôn"). */
const ASKED_BY = [
  'làm',
  'làm lại',
  'làm mới',
  'cấp',
  'cấp lại',
  'cấp mới',
  'xin',
  'muốn',
  'cần',
  'đăng ký',
  'gia hạn',
  'đổi',
  'nộp',
  'đóng',
  'thi',
  'học',
  'mở',
  'lập',
];
const askedBy = new WeakMap<KnowledgeBase, FoldedText[]>();
const aspectWords = new WeakMap<KnowledgeBase, Set<string>>();
/** Words a question must keep, besides aspect words ("ở đâu", "lệ phí"), once the phrase is out, to name a procedure. */
const NAMED_MIN_WORDS = 2;
/** How far down the search without the referral's phrase the answered procedure may rank and still count as named. */
const NAMED_WITHIN = 3;

function compile(kb: KnowledgeBase): CompiledReferral[] {
  let c = compiled.get(kb);
  if (!c) {
    const words = (p: string) => foldWords(p, kb.lexicon.abbreviations);
    c = kb.referrals.map((referral) => ({
      referral,
      phrases: referral.phrases.map(words).filter((p) => p.words.length > 0),
      unless: referral.unless.map(words).filter((p) => p.words.length > 0),
    }));
    compiled.set(kb, c);
  }
  return c;
}

const candidateMemo = new WeakMap<KnowledgeBase, { phrase: FoldedText; value: Referral }[]>();

/** Every referral phrase with its referral, built once per knowledge base (not per question). */
function candidatesOf(kb: KnowledgeBase, table: CompiledReferral[]): { phrase: FoldedText; value: Referral }[] {
  let c = candidateMemo.get(kb);
  if (!c) {
    c = table.flatMap((r) => r.phrases.map((phrase) => ({ phrase, value: r.referral })));
    candidateMemo.set(kb, c);
  }
  return c;
}

/** A referral found in a question, and where its phrase is. */
export interface ReferralMatch extends Span {
  referral: Referral;
}

/** The referral a question is about (longest phrase wins), or undefined. */
export function findReferral(kb: KnowledgeBase, t: FoldedText): ReferralMatch | undefined {
  const table = compile(kb);
  // An `unless` phrase names a commune procedure ("mất hộ chiếu"): no referral at all then.
  if (table.some((c) => c.unless.some((u) => indexOfPhrase(t, u) >= 0))) return undefined;
  const m = longestMatch(t, candidatesOf(kb, table));
  return m ? { referral: m.value, start: m.start, end: m.end } : undefined;
}

/**
 * Whether the search's answer is a procedure the question names apart from
 * the referral's phrase (see the module comment): then the procedure answers.
 */
export function namesProcedureApart(
  kb: KnowledgeBase,
  engine: SearchLike,
  t: FoldedText,
  m: Span,
  out: SearchOutcome,
): boolean {
  const top = out.hits[0];
  if (out.decision !== 'answer' || top?.kind !== 'procedure' || isAskedFor(kb, t, m)) return false;
  const rest = withoutSpan(t, m);
  if (engine.analyze(rest).tokens.filter((w) => !aspectsOf(kb).has(w)).length < NAMED_MIN_WORDS) return false;
  const again = engine.search(rest);
  return (
    again.decision !== 'none' && again.hits.slice(0, NAMED_WITHIN).some((h) => h.id === top.id) && kb.byId.has(top.id)
  );
}

function aspectsOf(kb: KnowledgeBase): Set<string> {
  let words = aspectWords.get(kb);
  if (!words) {
    words = new Set(kb.lexicon.aspects.flatMap((a) => foldWords(a).words));
    aspectWords.set(kb, words);
  }
  return words;
}

/** Whether a request word stands right before the phrase ("cấp hộ chiếu cho con mới sinh" asks for the passport). */
function isAskedFor(kb: KnowledgeBase, t: FoldedText, m: Span): boolean {
  let words = askedBy.get(kb);
  if (!words) {
    words = ASKED_BY.map((w) => foldWords(w, kb.lexicon.abbreviations));
    askedBy.set(kb, words);
  }
  return words.some((w) => phraseAt(t, w, m.start - w.words.length));
}

/** The referral that should answer a question instead of the search, if any. */
export function referralFor(
  kb: KnowledgeBase,
  engine: SearchLike,
  t: FoldedText,
  out: SearchOutcome,
): Referral | undefined {
  const m = findReferral(kb, t);
  if (!m || namesProcedureApart(kb, engine, t, m, out)) return undefined;
  return m.referral;
}
