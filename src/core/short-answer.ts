/**
 * The short procedure answer a resident gets first: one line on what it is
 * and who handles it, then the part the question asked for (or, if none:
 * documents, time, fee, where, online), buttons for the other parts and for
 * the whole entry, and the source line. It fits one Zalo message.
 *
 * @example
 * ```ts
 * shortProcedureReply(kb, procedure, full, ['fee']); // fee first, ≤ 2,000 characters
 * ```
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { Procedure } from '../knowledge/schema.js';
import {
  DEFAULT_PARTS,
  familyButtons,
  FULL_SLUG,
  hasPart,
  partSections,
  PARTS,
  whereItems,
  type Part,
} from './procedure-parts.js';
import { renderPlainText } from './render-text.js';
import type { Reply, ReplyButton, ReplySection } from './types.js';

/** The first message of an answer never exceeds this (Zalo's limit for one text message). */
export const FIRST_MESSAGE_CHARS = 2000;
/** In the short answer a list shows this many items, a text this many characters; the rest is one tap away. */
const LIST_ITEMS = 3;
const TEXT_CHARS = 140;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

/** A section cut to a glance: the first items of a list, the start of a text. */
function compact(s: ReplySection): ReplySection {
  const out: ReplySection = { ...s };
  if (s.text) out.text = clip(s.text, TEXT_CHARS);
  if (s.items && s.items.length > 0) {
    const shown = s.items.slice(0, LIST_ITEMS).map((x) => clip(x, TEXT_CHARS));
    out.items =
      s.items.length > LIST_ITEMS
        ? [...shown, `… và ${s.items.length - LIST_ITEMS} mục nữa (bấm “Xem đầy đủ”)`]
        : shown;
  }
  return out;
}

function summary(p: Procedure): string {
  const result = p.result ? ` Kết quả: ${p.result.replace(/\.$/, '')}.` : '';
  const line = `Thủ tục do ${p.agency} giải quyết.${result}`;
  return line.length > 180 ? `${line.slice(0, 177).replace(/\s+\S*$/, '')}…` : line;
}

function partButtons(kb: KnowledgeBase, p: Procedure, shown: Part[]): ReplyButton[] {
  const order: Part[] = ['documents', 'steps', 'fee', 'time', 'online', 'legal', 'where'];
  return order
    .filter((part) => !shown.includes(part) && hasPart(kb, p, part))
    .map((part) => ({ label: PARTS[part].label, payload: `/xem ${p.id} ${PARTS[part].slug}` }));
}

/** Shortens a reply until its plain-text rendering fits `max` characters: long lists first, then long texts. */
export function fitReply(reply: Reply, max = FIRST_MESSAGE_CHARS): Reply {
  const sections: ReplySection[] = reply.sections.map((s) => ({ ...s, ...(s.items ? { items: [...s.items] } : {}) }));
  const out: Reply = { ...reply, sections };
  const dropped = new Map<ReplySection, number>();
  for (let guard = 0; guard < 500 && renderPlainText(out).length > max; guard++) {
    const size = (s: ReplySection) => (s.text?.length ?? 0) + (s.items ?? []).reduce((n, x) => n + x.length + 3, 0);
    // Shorten evenly: lists keep three items and texts 200 characters while anything else is longer.
    const rest = sections.slice(1);
    const roomy = rest.filter(
      (s) => (s.items ?? []).filter((x) => !x.startsWith('… và ')).length > 3 || (s.text?.length ?? 0) > 200,
    );
    const target = (roomy.length > 0 ? roomy : rest).sort((a, b) => size(b) - size(a))[0] ?? sections[0];
    if (!target) break;
    const items = target.items ?? [];
    const kept = items.filter((x) => !x.startsWith('… và '));
    if (kept.length > 1) {
      kept.pop();
      const n = (dropped.get(target) ?? 0) + 1;
      dropped.set(target, n);
      target.items = [...kept, `… và ${n} mục nữa (bấm “Xem đầy đủ”)`];
    } else if (target.text && target.text.length > 80) {
      target.text = `${target.text.slice(0, Math.floor(target.text.length * 0.7)).replace(/\s+\S*$/, '')}…`;
    } else if (kept.length === 1 && kept[0]!.length > 80) {
      target.items = [
        `${kept[0]!.slice(0, Math.floor(kept[0]!.length * 0.7)).replace(/\s+\S*$/, '')}…`,
        ...items.slice(kept.length),
      ];
    } else {
      sections.splice(sections.indexOf(target), 1);
    }
  }
  return out;
}

/**
 * The short answer built from the full one (`full` gives the title, links,
 * footer and the related/family buttons). `asked` are the parts the question
 * named, first; with none, the default parts are shown.
 */
export function shortProcedureReply(kb: KnowledgeBase, p: Procedure, full: Reply, asked: Part[] = []): Reply {
  if (!p.details) return full;
  const parts = (asked.length > 0 ? asked : DEFAULT_PARTS).filter((part) => hasPart(kb, p, part));
  // The asked part is shown whole (within one message); the default parts at a glance.
  const shown = parts.flatMap((part) => partSections(kb, p, part));
  // The commune's own desk (address, hours) whenever the answer points to it, even when "where" is only a button.
  const desk = parts.includes('where') ? [] : whereItems(kb, p).slice(p.where.length);
  const sections: ReplySection[] = [
    { text: summary(p) },
    ...(desk.length > 0 ? [{ items: desk }] : []),
    ...(asked.length > 0 ? shown : shown.map(compact)),
  ];
  if (p.unverified.length > 0) {
    sections.push({ text: `Có ${p.unverified.length} thông tin chưa kiểm chứng; bấm “Xem đầy đủ” để xem.` });
  }
  const buttons = [
    ...partButtons(kb, p, parts),
    { label: 'Xem đầy đủ', payload: `/xem ${p.id} ${FULL_SLUG}` },
    // One other case of the same procedure, or else one related entry.
    ...[...familyButtons(kb, p, 1), ...(full.buttons ?? [])]
      .filter((b, i, all) => all.findIndex((x) => x.payload === b.payload) === i)
      .slice(0, 1),
  ];
  return fitReply({ ...full, sections, buttons });
}
