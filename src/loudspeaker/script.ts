/**
 * A script for the commune's loudspeakers (hệ thống truyền thanh) from an
 * announcement or a knowledge entry: an opening formula, the content in
 * short spoken sentences (every number, date and abbreviation in words),
 * a closing formula, and how long it takes to read.
 *
 * @example
 * ```ts
 * const s = loudspeakerScript({ title: 'Lịch tiếp công dân', body: 'Từ 08:00 ngày 01/12/2026 …' }, { commune: 'xã Tây Hưng' });
 * console.log(s.text, s.seconds);
 * ```
 */
import { toSpoken } from './spoken.js';

/** Syllables an announcer reads in a minute: slow and clear, about 2 a second (documented in docs/loudspeaker.md). */
export const SYLLABLES_PER_MINUTE = 130;
/** A spoken sentence longer than this many syllables is cut at a comma. */
const MAX_SENTENCE = 28;

/** What to read: a title and a body (blank lines separate paragraphs; "- " starts a list item). */
export interface ScriptSource {
  title: string;
  body: string;
  /** Who issues it ("Ủy ban nhân dân xã"), said in the opening. */
  issuer?: string;
}

/** Options of {@link loudspeakerScript}. */
export interface ScriptOptions {
  /** The commune's name as said ("xã Tây Hưng"); "xã" when unknown. */
  commune?: string | null;
}

/** A script ready to be read or spoken. */
export interface LoudspeakerScript {
  /** Opening, content and closing, one sentence a line, blank lines between parts. */
  text: string;
  sentences: string[];
  syllables: number;
  /** Estimated reading time in seconds at {@link SYLLABLES_PER_MINUTE}. */
  seconds: number;
}

const DIGIT_WORDS = /^(?:(?:không|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)\s*)+$/;

/**
 * Cuts a long sentence at commas into pieces of at most {@link MAX_SENTENCE}
 * syllables where it can, never between the digit groups of a phone number.
 */
function shorten(sentence: string): string[] {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  if (words(sentence) <= MAX_SENTENCE) return [sentence];
  const out: string[] = [];
  let cur = '';
  for (const piece of sentence.split(/,\s+/)) {
    const next = cur ? `${cur}, ${piece}` : piece;
    if (cur && words(next) > MAX_SENTENCE && !DIGIT_WORDS.test(piece)) {
      out.push(cur);
      cur = piece;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const finish = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** The spoken sentences of a written text: lines and sentence ends split, long sentences cut. */
export function spokenSentences(written: string): string[] {
  const out: string[] = [];
  for (const line of toSpoken(written).split('\n')) {
    const clean = line.replace(/^\s*(?:[-•*]|\d+[.)])\s+/, '').trim();
    if (!clean) continue;
    for (const s of clean.replace(/…/g, ',').split(/(?<=[.!?;])\s+/)) {
      const t = s
        .replace(/[;:,]+$/, '')
        .replace(/:\s+/g, ', ')
        .trim();
      if (t) out.push(...shorten(t).map((p) => finish(capital(p.replace(/[,.]+$/, '')))));
    }
  }
  return out;
}

/** Vietnamese is written a syllable a word, so syllables are the words of the spoken text. */
export function countSyllables(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

/** Builds the script: opening, the title, the content, closing. */
export function loudspeakerScript(src: ScriptSource, opts: ScriptOptions = {}): LoudspeakerScript {
  const commune = opts.commune?.trim() || 'xã';
  const station = `Đài truyền thanh ${commune}`;
  const issuer = src.issuer ?? `Ủy ban nhân dân ${commune}`;
  const title = spokenSentences(src.title).join(' ').replace(/\.$/, '');
  const opening = [`Alô, alô! ${station} xin thông báo.`, `Sau đây là thông báo của ${issuer}: ${title}.`];
  const content = spokenSentences(src.body);
  const closing = [
    `${station} vừa phát thông báo: ${title}.`,
    'Mọi thắc mắc, xin liên hệ Bộ phận Một cửa của xã để được hướng dẫn.',
    'Xin cảm ơn mọi người đã chú ý lắng nghe.',
  ];
  const sentences = [...opening, ...content, ...closing];
  const text = [opening.join('\n'), content.join('\n'), closing.join('\n')].join('\n\n');
  const syllables = countSyllables(text);
  return { text, sentences, syllables, seconds: Math.round((syllables / SYLLABLES_PER_MINUTE) * 60) };
}

/** "2 phút 15 giây" for a duration in seconds. */
export function formatReadingTime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return `${s} giây`;
  return s === 0 ? `${m} phút` : `${m} phút ${s} giây`;
}
