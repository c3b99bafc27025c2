/**
 * Messages that are not one plain question: only a national procedure code
 * ("1.001193"), a question in English, or two asks in one message ("làm khai
 * sinh và nhập hộ khẩu cho con"). Each gets a short useful reply.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { SearchEngine, SearchOutcome } from '../search/engine.js';
import { foldDiacritics as fold } from '../text/fold.js';
import { communeNumber } from './entry-reply.js';
import { aspectOnly } from './followup.js';
import type { Reply } from './types.js';

const CODE = /^\s*(?:mã\s*(?:thủ tục|tthc)?\s*[:：]?\s*)?(\d\.\d{6})\s*[.?!]*\s*$/iu;

/** The national code a message consists of, if that is all it says. */
export function codeOnly(text: string): string | undefined {
  return CODE.exec(text.normalize('NFC'))?.[1];
}

/** The entry carrying a national code (its own, or one it covers). */
export function entryByCode(kb: KnowledgeBase, code: string): string | undefined {
  const p = kb.procedures.find((x) => x.code === code) ?? kb.procedures.find((x) => x.covers.includes(code));
  return p?.id;
}

/** A code the knowledge base does not have: say so, and where to look it up. */
export function unknownCodeReply(code: string): Reply {
  return {
    kind: 'info',
    title: `Chưa có thủ tục mã ${code}`,
    sections: [
      {
        text: `Trợ lý chưa có thông tin về thủ tục mã ${code}. Bạn tra mã này trên Cổng Dịch vụ công quốc gia hoặc hỏi Bộ phận Một cửa của xã nhé.`,
      },
    ],
    links: [{ label: 'Cổng Dịch vụ công quốc gia', url: 'https://dichvucong.gov.vn' }],
  };
}

// Common English words; a message made mostly of them is in English (Vietnamese without accents shares few).
const ENGLISH = new Set(
  'how what where when which who why do does can could i my me we you is are the a an to of for in on with register registration certificate birth marriage death id card passport residence apply application need get please help office commune fee documents'.split(
    ' ',
  ),
);

/** Whether a message is written in English. */
export function isEnglish(text: string): boolean {
  const words = fold(text.toLowerCase()).match(/[a-z]+/g) ?? [];
  if (words.length < 3 || /[\u00c0-\u1ef9]/u.test(text)) return false;
  return words.filter((w) => ENGLISH.has(w)).length / words.length >= 0.5;
}

/** The reply to a question in English: the assistant answers in Vietnamese, with an example and a number to call. */
export function englishReply(kb: KnowledgeBase): Reply {
  const phone = communeNumber(kb.commune, 'ubnd');
  return {
    kind: 'info',
    title: 'Trợ lý trả lời bằng tiếng Việt',
    sections: [
      {
        text: 'Bạn hỏi lại bằng tiếng Việt nhé, có dấu hay không dấu đều được, ví dụ: "làm giấy khai sinh", "đăng ký tạm trú".',
      },
      {
        text: `This assistant answers in Vietnamese. Please ask in Vietnamese (e.g. "khai sinh" for birth registration) or call the commune: ${phone.text}.`,
      },
    ],
  };
}

// Not "rồi": it is mostly "already" ("ly hôn rồi giờ xin…").
const JOIN = /\s+(?:và|va|với|voi|cùng với|cung voi|kèm|kem)\s+/iu;
/** Two asks are looked for in a short message only: a letter is read for its one question. */
const TWO_ASKS_CHARS = 120;
/** Confidence each part needs to count as an ask of its own. */
const ASK_CONFIDENCE = 0.6;

/**
 * Two asks in one message: the parts around "và", "rồi", "," are searched on
 * their own; when two of them name different procedures confidently, both
 * are returned (best first), else nothing.
 */
export function twoAsks(engine: SearchEngine, text: string, whole: SearchOutcome): string[] {
  if (text.length > TWO_ASKS_CHARS || whole.reason === 'off-topic') return [];
  // A part that only asks about an aspect ("mất bao lâu") belongs to the procedure of the other part.
  const parts = text.split(JOIN).filter((p) => p.trim().split(/\s+/).length >= 2 && !aspectOnly(p));
  if (parts.length < 2 || parts.length > 4) return [];
  const tops = parts
    .map((p) => engine.search(p))
    .filter((o) => o.decision === 'answer' && o.hits[0] !== undefined && o.hits[0].score >= ASK_CONFIDENCE)
    .map((o) => o.hits[0]!.id);
  const distinct = [...new Set(tops)];
  if (distinct.length < 2 || tops.length < parts.length) return [];
  // One entry that covers the whole message (a joined-up procedure) is the answer on its own.
  const top = whole.hits[0];
  if (top && whole.decision === 'answer' && !distinct.includes(top.id) && top.score >= 0.6) return [];
  return distinct.slice(0, 3);
}

/** "Bạn hỏi hai việc": the procedures asked about, one button each. */
export function twoAsksReply(kb: KnowledgeBase, ids: string[]): Reply {
  return {
    kind: 'suggestions',
    title: `Bạn hỏi ${ids.length === 2 ? 'hai' : 'ba'} việc`,
    sections: [{ text: 'Bạn bấm từng việc dưới đây để xem hướng dẫn nhé.' }],
    buttons: ids.map((id) => ({ label: kb.byId.get(id)?.title ?? id, payload: `/xem ${id}` })),
  };
}
