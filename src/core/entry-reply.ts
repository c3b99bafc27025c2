/**
 * Turns knowledge entries into replies: the answer a resident reads.
 * Every procedure answer ends with its sources and the date the facts were checked.
 */
import type { Entry, KnowledgeBase } from '../knowledge/model.js';
import type { Commune, Hotline, Procedure } from '../knowledge/schema.js';
import { familyButtons, onlineText, partSections, type Part } from './procedure-parts.js';
import { shortProcedureReply } from './short-answer.js';
import type { Reply, ReplyButton, ReplySection } from './types.js';
import { verifiedText } from './freshness.js';
import { communeInfoSections } from './commune-values.js';

/** Shown for a commune value the administrator has not filled in yet. */
export const NOT_SET = 'chưa cập nhật';

/** `2026-11-22` → `22/11/2026`. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The commune's display name, or a neutral one when not set. */
export function communeName(c: Commune): string {
  return c.name ?? 'UBND xã/phường';
}

/** A commune hotline as text: the number, or "chưa cập nhật" with where to look instead. */
export function communeNumber(c: Commune, key: string): { text: string; known: boolean } {
  const h = c.hotlines[key];
  if (h?.number) return { text: `${h.label}: ${h.number}`, known: true };
  return { text: `${h?.label ?? 'Số điện thoại của xã'}: ${NOT_SET}`, known: false };
}

/** The small print of an answer: sources, the date the facts were checked (and whether that is old), a warning when confidence is low. */
export function footer(e: { sources: string[]; lastVerified: string; confidence: string }, extra?: string): string {
  const parts = [`Nguồn: ${e.sources.join('; ')}.`, verifiedText(e.lastVerified)];
  if (e.confidence === 'low') parts.push('Một số thông tin chưa được kiểm chứng đầy đủ.');
  if (extra) parts.push(extra);
  return parts.join(' ');
}

export const CHECK_AGAIN = 'Trước khi đi, bạn kiểm tra lại trên dichvucong.gov.vn hoặc hỏi Bộ phận Một cửa.';

function relatedButtons(kb: KnowledgeBase, ids: string[]): ReplyButton[] {
  return ids
    .map((id) => kb.byId.get(id))
    .filter((e): e is Entry => e !== undefined)
    .slice(0, 3)
    .map((e) => ({ label: e.title, payload: `/xem ${e.id}` }));
}

/** Shown for a procedure known only from the portal's list. */
export const NO_DETAILS =
  'Trợ lý chưa có thông tin chi tiết (giấy tờ, thời hạn, lệ phí) của thủ tục này. Bạn xem đầy đủ trên Cổng Dịch vụ công quốc gia theo đường link dưới đây, hoặc hỏi Bộ phận Một cửa của xã.';

function buttonsFor(kb: KnowledgeBase, p: Procedure): ReplyButton[] {
  const seen = new Set<string>();
  return [...relatedButtons(kb, p.related), ...familyButtons(kb, p)]
    .filter((b) => !seen.has(b.payload) && seen.add(b.payload))
    .slice(0, 4);
}

function portalLinks(p: Procedure): { label: string; url: string }[] {
  const links: { label: string; url: string }[] = [];
  if (p.online.url)
    links.push({
      label: p.portal ? 'Xem thủ tục trên Cổng Dịch vụ công quốc gia' : 'Nộp trực tuyến / xem chi tiết',
      url: p.online.url,
    });
  if (p.portal && p.portal.url !== p.online.url)
    links.push({ label: 'Xem thủ tục trên Cổng Dịch vụ công quốc gia', url: p.portal.url });
  return links;
}

function listOnlyReply(kb: KnowledgeBase, p: Procedure): Reply {
  return {
    kind: 'answer',
    title: p.code ? `${p.name} (mã ${p.code})` : p.name,
    sections: [
      { heading: 'Cơ quan thực hiện', text: p.agency },
      { heading: 'Lĩnh vực', text: p.field },
      { text: NO_DETAILS },
    ],
    links: portalLinks(p),
    buttons: buttonsFor(kb, p),
    footer: footer(p, CHECK_AGAIN),
    entryId: p.id,
  };
}

/** The whole entry ("Xem đầy đủ"). */
function procedureReply(kb: KnowledgeBase, p: Procedure): Reply {
  if (!p.details) return listOnlyReply(kb, p);
  const sections: ReplySection[] = [];
  sections.push(...partSections(kb, p, 'where'));
  if (p.portal) sections.push({ heading: 'Cơ quan thực hiện', text: p.agency });
  sections.push(...partSections(kb, p, 'documents'), ...partSections(kb, p, 'steps'));
  if (p.processingTime) sections.push({ heading: 'Thời hạn giải quyết', text: p.processingTime });
  if (p.fee) sections.push({ heading: 'Lệ phí', text: p.fee });
  if (p.deadline) sections.push({ heading: 'Thời hạn phải làm', text: p.deadline });
  if (p.result) sections.push({ heading: 'Kết quả nhận được', text: p.result });
  sections.push({ heading: 'Làm trực tuyến', text: onlineText(p) });
  sections.push(...p.sections);
  if (p.notes) sections.push({ heading: 'Lưu ý', text: p.notes });
  if (p.unverified.length > 0) sections.push({ heading: 'Chưa kiểm chứng', items: p.unverified });
  sections.push(...partSections(kb, p, 'legal'));
  return {
    kind: 'answer',
    title: p.code ? `${p.name} (mã ${p.code})` : p.name,
    sections,
    links: portalLinks(p),
    buttons: buttonsFor(kb, p),
    footer: footer(p, CHECK_AGAIN),
    entryId: p.id,
  };
}

function hotlineReply(kb: KnowledgeBase, h: Hotline): Reply {
  const c = kb.commune;
  const number = h.number ?? (h.communeKey ? c.hotlines[h.communeKey]?.number : undefined) ?? null;
  const sections: ReplySection[] = [
    {
      text: number
        ? `Số điện thoại: ${number}${h.free ? ' (miễn phí)' : ''}`
        : `Số điện thoại: ${NOT_SET}. ${c.fallbackSource}`,
    },
    { heading: 'Ai trả lời', text: h.who },
    { heading: 'Giờ nhận cuộc gọi', text: h.hours },
    { heading: 'Khi nào nên gọi', items: h.whenToCall },
    ...communeInfoSections(c, h),
  ];
  if (h.unverified.length > 0) sections.push({ heading: 'Chưa kiểm chứng', items: h.unverified });
  return {
    kind: 'answer',
    title: h.emergency ? `🚨 ${h.name}` : `📞 ${h.name}`,
    sections,
    buttons: relatedButtons(kb, h.related),
    footer: footer(h),
    entryId: h.id,
  };
}

/** How much of a procedure to show: the short answer (default, with the asked parts first) or all of it. */
export interface EntryReplyOptions {
  full?: boolean;
  parts?: Part[];
}

/**
 * The reply that presents one entry.
 *
 * @example
 * ```ts
 * const e = kb.byId.get('khai-sinh')!;
 * const short = entryReply(kb, e); // kind 'answer', entryId 'khai-sinh'
 * const full = entryReply(kb, e, { full: true }); // every part of the procedure
 * console.log(renderPlainText(short));
 * ```
 */
export function entryReply(kb: KnowledgeBase, e: Entry, opts: EntryReplyOptions = {}): Reply {
  switch (e.kind) {
    case 'procedure': {
      const full = procedureReply(kb, e.data);
      return opts.full ? full : shortProcedureReply(kb, e.data, full, opts.parts);
    }
    case 'hotline':
      return hotlineReply(kb, e.data);
    case 'article': {
      const a = e.data;
      const sections: ReplySection[] = [{ text: a.summary }, ...a.sections, ...communeInfoSections(kb.commune, a)];
      if (a.unverified.length > 0) sections.push({ heading: 'Chưa kiểm chứng', items: a.unverified });
      return {
        kind: 'answer',
        title: a.title,
        sections,
        links: a.links,
        buttons: relatedButtons(kb, a.related),
        footer: footer(a),
        entryId: a.id,
      };
    }
  }
}
