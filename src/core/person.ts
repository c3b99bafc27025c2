/**
 * "Gặp cán bộ": a request to reach a person rather than a question. It is
 * answered with the commune's numbers and a button to talk with staff
 * (`/gapcanbo`), never with an article or a procedure. With the handoff part
 * installed, the request itself starts a live handoff (src/admin/handoff/).
 *
 * Two kinds of phrases:
 * - asking for a person ("gặp cán bộ", "nói chuyện với người thật", "nhân
 *   viên đâu", "có ai trực không"): always a person request, except when the
 *   rest of the question names a hotline the search finds ("công an xã có ai
 *   trực không" is answered with the commune police's number);
 * - asking whom to call ("gọi cho ai", "liên hệ ai"): a person request unless
 *   the rest of the question finds an entry on its own; "cháy nhà gọi cho ai"
 *   stays with the search (114), "mất điện gọi cho ai" gets the commune's numbers.
 */
import type { Lexicon } from '../knowledge/schema.js';
import type { SearchOutcome } from '../search/decide.js';
import { foldWords, longestMatch, withoutSpan, type FoldedText } from './phrases.js';
import type { SearchLike } from './referrals.js';

const ASK_PERSON = [
  'gặp cán bộ',
  'gặp nhân viên',
  'gặp người thật',
  'gặp người trực',
  'gặp trực tiếp cán bộ',
  'nói chuyện với cán bộ',
  'nói chuyện với nhân viên',
  'nói chuyện trực tiếp',
  'người thật',
  'chuyển cho cán bộ',
  'tổng đài viên',
  'nhân viên tư vấn',
  'nhân viên đâu',
  'cán bộ đâu',
  'người trực đâu',
  'có ai trực không',
  'có ai trực',
  'ai đang trực',
  'có ai ở đó không',
  'liên hệ cán bộ',
  'liên hệ với cán bộ',
  'liên lạc với cán bộ',
];

const WHOM_TO_CALL = [
  'gọi cho ai',
  'gọi ai',
  'liên hệ ai',
  'liên hệ với ai',
  'liên lạc với ai',
  'liên lạc ai',
  'hỏi ai bây giờ',
];

/** Folded words that say nothing about a topic in a request for a person. */
const NOISE = new Set(
  (
    'xa phuong uy ban nhan dan can bo vien nguoi that truc tiep gap noi chuyen goi lien he lac hoi bay gio ngay luc nay ' +
    'hom o dau de dang the di dum voi co khong ban minh tro ly bot tu van nao het sao vay thi nhe day do kia ben sang tong dai'
  ).split(' '),
);

type Kind = 'ask-person' | 'whom-to-call';
const compiled = new WeakMap<Lexicon, { phrase: FoldedText; value: Kind }[]>();

function phrasesOf(lex: Lexicon): { phrase: FoldedText; value: Kind }[] {
  let c = compiled.get(lex);
  if (!c) {
    const of = (value: Kind) => (p: string) => ({ phrase: foldWords(p, lex.abbreviations), value });
    c = [...ASK_PERSON.map(of('ask-person')), ...WHOM_TO_CALL.map(of('whom-to-call'))];
    compiled.set(lex, c);
  }
  return c;
}

/** A request to reach a person; `pure` when the question says nothing else. */
export interface PersonRequest {
  pure: boolean;
}

/** Whether a question is a request to reach a person (see the module comment). */
export function asksForPerson(
  lex: Lexicon,
  engine: SearchLike,
  t: FoldedText,
  out: SearchOutcome,
): PersonRequest | undefined {
  const m = longestMatch(t, phrasesOf(lex));
  if (!m) return undefined;
  const rest = withoutSpan(t, m);
  if (engine.analyze(rest).tokens.every((w) => NOISE.has(w))) return { pure: true };
  const top = out.decision === 'none' ? undefined : out.hits[0];
  if (m.value === 'ask-person') return top?.kind === 'hotline' ? undefined : { pure: false };
  if (!top) return out.reason === 'off-topic' ? undefined : { pure: false };
  // "cháy nhà gọi cho ai": the rest alone still ranks the same entry first, so the search's answer
  // stands (however sure the rest alone is: without "gọi" a hotline weighs less).
  const again = engine.search(rest);
  return again.hits[0]?.id === top.id ? undefined : { pure: false };
}
