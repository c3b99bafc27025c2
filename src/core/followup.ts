/**
 * Follow-up questions: after an answer about a procedure, "lệ phí bao nhiêu?"
 * or "mất bao lâu?" is about that procedure. When a message asks only about
 * one aspect (fee, time, documents, where, online) and the chat had an answer
 * in the last half hour, the assistant answers that part of the same entry.
 */
import { foldDiacritics as fold } from '../text/fold.js';
import type { KnowledgeBase } from '../knowledge/model.js';
import { CHECK_AGAIN, footer, NO_DETAILS } from './entry-reply.js';
import { FULL_SLUG, partSections } from './procedure-parts.js';
import type { Session } from './session.js';
import type { Reply } from './types.js';

/** How long the last answered entry stays the topic of the conversation. */
export const FOLLOW_UP_MS = 30 * 60 * 1000;
const KEY = 'lastEntry';

/** An aspect of a procedure someone can ask about on its own. */
export type Aspect = 'fee' | 'time' | 'documents' | 'where' | 'online';

const ASPECTS: [Aspect, RegExp][] = [
  ['fee', /\b(le phi|phi|bao nhieu tien|mat tien|tien)\b/],
  ['time', /\b(bao lau|may ngay|thoi gian|thoi han|khi nao co|bao gio co)\b/],
  ['documents', /\b(giay to|ho so|mang theo|mang gi|can mang)\b/],
  ['where', /\b(o dau|cho nao|nop dau|lam dau|dia chi)\b/],
  ['online', /\b(online|truc tuyen|qua mang|tren mang)\b/],
];
/** Words that may surround an aspect without making it a new question. */
const GLUE =
  /\b(con|thi|sao|the|nao|bao|nhieu|mat|la|vay|a|khong|ko|co|can|nhu|gi|j|nua|nop|lam|het|duoc|ad|em|minh|toi|oi|cho|hoi|xin)\b/g;

/** The aspect a short message asks about, if it asks about nothing else. */
export function aspectOnly(text: string): Aspect | undefined {
  const t = fold(text.toLowerCase())
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t || t.split(' ').length > 8) return undefined;
  const hit = ASPECTS.find(([, re]) => re.test(t));
  if (!hit) return undefined;
  let rest = t;
  for (const [, re] of ASPECTS) rest = rest.replace(new RegExp(re.source, 'g'), ' ');
  return rest.replace(GLUE, ' ').trim() === '' ? hit[0] : undefined;
}

/** Remembers the entry a chat was just answered with. */
export function rememberEntry(session: Session, id: string, now: number): void {
  session.set(KEY, { id, at: now });
}

/** The entry the conversation is about, if recent. */
export function recentEntry(session: Session, now: number): string | undefined {
  const v = session.get<{ id: string; at: number }>(KEY);
  return v && now - v.at < FOLLOW_UP_MS ? v.id : undefined;
}

/** The part of a procedure answer that a follow-up asks for, or undefined when the entry is not a procedure. */
export function followUpReply(kb: KnowledgeBase, entryId: string, aspect: Aspect): Reply | undefined {
  const e = kb.byId.get(entryId);
  if (e?.kind !== 'procedure') return undefined;
  const p = e.data;
  return {
    kind: 'answer',
    title: p.name,
    sections: p.details ? partSections(kb, p, aspect) : [{ text: NO_DETAILS }],
    links:
      (aspect === 'online' || !p.details) && p.online.url
        ? [{ label: 'Nộp trực tuyến / xem chi tiết', url: p.online.url }]
        : [],
    buttons: [{ label: 'Xem đầy đủ thủ tục', payload: `/xem ${p.id} ${FULL_SLUG}` }],
    // A follow-up keeps the source, the date and the low-confidence warning of the answer it continues.
    footer: footer(p, CHECK_AGAIN),
    entryId: p.id,
  };
}
