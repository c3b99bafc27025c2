/**
 * The parts of a procedure answer a resident can ask for (documents, steps,
 * fee, time, where, online, legal basis), how a question names them, and
 * how each part is rendered. The short answer and the follow-ups are built
 * from these.
 *
 * @example
 * ```ts
 * askedParts('khai sinh lệ phí bao nhiêu'); // → ['fee']
 * partSections(kb, procedure, 'fee');        // → [{ heading: 'Lệ phí', text: … }]
 * ```
 */
import type { Entry, KnowledgeBase } from '../knowledge/model.js';
import type { Procedure } from '../knowledge/schema.js';
import { foldDiacritics as fold } from '../text/fold.js';
import { whereItems as communeWhere } from './commune-values.js';
import type { ReplyButton, ReplySection } from './types.js';

/** A part of a procedure answer. */
export type Part = 'documents' | 'steps' | 'fee' | 'time' | 'where' | 'online' | 'legal';

/** Button labels and the `/xem <id> <slug>` slugs of the parts. */
export const PARTS: Record<Part, { label: string; slug: string }> = {
  documents: { label: 'Giấy tờ', slug: 'giay-to' },
  steps: { label: 'Các bước', slug: 'cac-buoc' },
  fee: { label: 'Lệ phí', slug: 'le-phi' },
  time: { label: 'Thời hạn', slug: 'thoi-han' },
  where: { label: 'Nơi nộp', slug: 'noi-nop' },
  online: { label: 'Nộp trực tuyến', slug: 'truc-tuyen' },
  legal: { label: 'Căn cứ pháp lý', slug: 'can-cu' },
};

/** What a procedure answer shows first when the question names no part (where to submit is in its first line and one tap away). */
export const DEFAULT_PARTS: Part[] = ['documents', 'time', 'fee', 'online'];

/** Slug of the whole entry: `/xem <id> day-du`. */
export const FULL_SLUG = 'day-du';

const NAMED: [Part, RegExp][] = [
  ['fee', /\b(le phi|phi|bao nhieu tien|mat tien|ton tien|het bao nhieu|mien phi)\b/],
  ['time', /\b(bao lau|may ngay|bao nhieu ngay|thoi gian|thoi han|khi nao co|bao gio co|mat bao lau)\b/],
  ['documents', /\b(giay to|ho so|mang theo|mang gi|can mang|can nhung gi|can gi|chuan bi)\b/],
  ['where', /\b(o dau|cho nao|nop dau|lam dau|dia chi|co quan nao|ai giai quyet)\b/],
  ['online', /\b(online|truc tuyen|qua mang|tren mang|dich vu cong|vneid)\b/],
  ['steps', /\b(cac buoc|trinh tu|quy trinh|tung buoc)\b/],
  ['legal', /\b(can cu|van ban nao|luat nao|nghi dinh nao|quy dinh nao)\b/],
];

/** The parts a question names, in the order it names them. */
export function askedParts(question: string): Part[] {
  const t = ` ${fold(question.toLowerCase())
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')} `;
  return NAMED.map(([part, re]) => ({ part, at: t.search(re) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.part);
}

/** Where to submit, as residents read it, with the commune's own address and hours where it points to them. */
export function whereItems(kb: KnowledgeBase, p: Procedure): string[] {
  return p.where.length > 0 ? communeWhere(kb.commune, p) : [];
}

/** The online line: available, fully online, not, or not known. */
export function onlineText(p: Procedure): string {
  const note = (s: string) => (p.online.note ? `${s}: ${p.online.note}` : `${s}.`);
  if (p.online.available === null) return p.online.note ?? 'Chưa có thông tin đã kiểm chứng về việc nộp trực tuyến.';
  return p.online.available
    ? note(`Có thể nộp trực tuyến${p.online.fullyOnline ? ' toàn trình' : ''}`)
    : note('Không nộp trực tuyến được');
}

const FEE_UNKNOWN = 'Chưa có thông tin về lệ phí; vui lòng hỏi Bộ phận Một cửa.';
const TIME_UNKNOWN = 'Chưa có thông tin về thời hạn giải quyết; vui lòng hỏi Bộ phận Một cửa.';

/** The sections of one part of a procedure. */
export function partSections(kb: KnowledgeBase, p: Procedure, part: Part): ReplySection[] {
  switch (part) {
    case 'documents': {
      const out: ReplySection[] = [];
      if (p.documents.length > 0) out.push({ heading: 'Giấy tờ cần chuẩn bị', items: p.documents });
      for (const c of p.cases) out.push({ heading: `Giấy tờ cần chuẩn bị – ${c.name}`, items: c.documents });
      return out;
    }
    case 'steps':
      return p.steps.length > 0 ? [{ heading: 'Các bước', items: p.steps, ordered: true }] : [];
    case 'fee':
      return [{ heading: 'Lệ phí', text: p.fee ?? FEE_UNKNOWN }];
    case 'time':
      return [
        { heading: 'Thời hạn giải quyết', text: p.processingTime ?? TIME_UNKNOWN },
        ...(p.deadline ? [{ heading: 'Thời hạn phải làm', text: p.deadline }] : []),
      ];
    case 'where':
      return whereItems(kb, p).length > 0 ? [{ heading: 'Nộp hồ sơ ở đâu', items: whereItems(kb, p) }] : [];
    case 'online':
      return [{ heading: 'Làm trực tuyến', text: onlineText(p) }];
    case 'legal':
      return p.legalBasis.length > 0 ? [{ heading: 'Căn cứ pháp lý', items: p.legalBasis }] : [];
  }
}

/** Whether a procedure has anything to show for a part. */
export function hasPart(kb: KnowledgeBase, p: Procedure, part: Part): boolean {
  return partSections(kb, p, part).length > 0;
}

/** The other variants of a procedure's family ("có yếu tố nước ngoài", "đăng ký lại"…), as buttons. */
export function familyButtons(kb: KnowledgeBase, p: Procedure, limit = 3): ReplyButton[] {
  const family = kb.familyOf.get(p.id);
  if (!family) return [];
  return (
    (kb.families.get(family) ?? [])
      .filter((id) => id !== p.id)
      .map((id) => kb.byId.get(id))
      .filter((e): e is Entry => e?.kind === 'procedure')
      // The plainest cases first ("có yếu tố nước ngoài" before "… tại khu vực biên giới").
      .sort((x, y) => x.title.length - y.title.length)
      .slice(0, limit)
      .map((e) => ({ label: e.title, payload: `/xem ${e.id}` }))
  );
}
