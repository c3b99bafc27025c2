/**
 * Replies to old → new commune questions: where an old unit went (all of
 * it, or part of it and where the rest went), what a new unit was made of,
 * each with its province and old district and the clause of the resolution
 * as the source; or buttons to choose when the name is ambiguous.
 *
 * @example
 * ```ts
 * const q = readUnitQuestion('phường Lê Chân mới gồm những phường nào', adminUnits());
 * unitReply(q!); // "Phường Lê Chân (Thành phố Hải Phòng) gồm: toàn bộ Phường Hàng Kênh …"
 * ```
 */
import type { Reply, ReplyButton } from '../core/types.js';
import { type Link, type NewUnit, type OldUnit, sourceOf } from './data.js';
import type { UnitQuestion } from './lookup.js';

/** The article on papers after the rearrangement (knowledge/articles.yaml). */
export const PAPERS_ARTICLE = 'giay-to-sau-sap-xep';
/** More choices than this: ask for the district or province instead of listing buttons. */
const MAX_CHOICES = 8;
const CHECK = ' (cần kiểm tra lại)';

const lowerType = (name: string) => name.replace(/^(Huyện|Quận|Thị xã|Thành phố)(?=\s)/u, (t) => t.toLowerCase());
/** "Xã Tây Hưng (huyện Tiên Lãng, Thành phố Hải Phòng)". */
export const oldLabel = (o: OldUnit) => `${o.name} (${lowerType(o.district)}, ${o.province})`;
/** "Xã Chấn Hưng (Thành phố Hải Phòng)". */
export const newLabel = (n: NewUnit) => `${n.name} (${n.province})`;

function sources(links: readonly Link[]): string {
  const list = [...new Set(links.map((l) => sourceOf(l.new)))];
  return `Nguồn: ${list.join('; ')} (hiệu lực từ 01/07/2025).`;
}

const papersButton: ReplyButton = { label: 'Giấy tờ ghi địa chỉ cũ', payload: `/xem ${PAPERS_ARTICLE}` };

/** Where an old unit went. */
export function oldToNewReply(o: OldUnit): Reply {
  const whole = o.to.length === 1 && !o.to[0]!.partial;
  const items = o.to.map(
    (l) => `${l.partial || !whole ? 'Một phần' : 'Toàn bộ'} vào ${newLabel(l.new)}${l.unchecked ? CHECK : ''}`,
  );
  const text = whole
    ? `${oldLabel(o)} nay thuộc ${newLabel(o.to[0]!.new)}${o.to[0]!.unchecked ? CHECK : ''}.`
    : `${oldLabel(o)} được chia cho ${o.to.length} đơn vị mới:`;
  return {
    kind: 'info',
    title: `${o.name} cũ nay thuộc ${o.to.map((l) => l.new.name).join(', ')}`,
    sections: whole ? [{ text }] : [{ text, items }],
    buttons: [papersButton],
    footer: sources(o.to),
  };
}

/** What a new unit was made of. */
export function newToOldReply(n: NewUnit): Reply {
  const items = n.from.map(
    (l) => `${l.partial ? 'Một phần' : 'Toàn bộ'} ${oldLabel(l.old)}${l.unchecked ? CHECK : ''}`,
  );
  const kept = n.from.length === 1 && !n.from[0]!.partial && n.from[0]!.old.name === n.name;
  return {
    kind: 'info',
    title: kept ? `${n.name} giữ nguyên sau sắp xếp` : `${n.name} được hình thành từ ${n.from.length} đơn vị cũ`,
    sections: [{ text: `${newLabel(n)} gồm:`, items }],
    buttons: [papersButton],
    footer: sources(n.from),
  };
}

/** Buttons to choose one of several units with the same name. */
function choiceReply(q: UnitQuestion): Reply {
  const buttons: ReplyButton[] = [
    ...(q.direction !== 'new-to-old' ? q.old.map((o) => ({ label: oldLabel(o), payload: `/dvhc cu ${o.code}` })) : []),
    ...(q.direction !== 'old-to-new' ? q.new.map((n) => ({ label: newLabel(n), payload: `/dvhc moi ${n.code}` })) : []),
  ];
  if (buttons.length > MAX_CHOICES) {
    return {
      kind: 'suggestions',
      title: `Có ${buttons.length} đơn vị cùng tên`,
      sections: [
        {
          text: 'Bạn ghi thêm huyện (hoặc quận, thị xã) cũ hay tỉnh, ví dụ: "xã Tây Hưng huyện Tiên Lãng cũ giờ là xã nào".',
        },
      ],
    };
  }
  return {
    kind: 'suggestions',
    title: 'Bạn hỏi đơn vị nào?',
    sections: [{ text: 'Có nhiều đơn vị cùng tên. Bạn chọn một:' }],
    buttons,
  };
}

/** The reply to a question read by `readUnitQuestion`. */
export function unitReply(q: UnitQuestion): Reply {
  const old = q.direction === 'new-to-old' && q.new.length > 0 ? [] : q.old;
  const neu = q.direction === 'old-to-new' && q.old.length > 0 ? [] : q.new;
  if (old.length + neu.length > 1 && !(q.direction === 'both' && old.length === 1 && neu.length === 1)) {
    return choiceReply({ ...q, old, new: neu });
  }
  if (old.length === 1 && neu.length === 1) return bothReply(old[0]!, neu[0]!);
  return old.length === 1 ? oldToNewReply(old[0]!) : newToOldReply(neu[0]!);
}

/** A name that is both an old and a new unit (the new one often kept an old name): both answers in one. */
function bothReply(o: OldUnit, n: NewUnit): Reply {
  const a = oldToNewReply(o);
  const b = newToOldReply(n);
  return {
    ...b,
    title: `${n.name}: trước và sau sắp xếp`,
    sections: [{ ...a.sections[0]!, heading: `${o.name} cũ` }, ...b.sections],
    footer: sources([...o.to, ...n.from]),
  };
}

/**
 * A question's units as plain data (`ask --json`): each old unit with where
 * it went, each new unit with what it was made of, and the sources.
 */
export function unitSummary(q: UnitQuestion): Record<string, unknown> {
  const link = (l: Link) => ({ partial: l.partial, ...(l.unchecked ? { unchecked: true } : {}) });
  return {
    direction: q.direction,
    old: q.old.map((o) => ({
      code: o.code,
      name: o.name,
      district: o.district,
      province: o.province,
      to: o.to.map((l) => ({
        code: l.new.code,
        name: l.new.name,
        province: l.new.province,
        ...link(l),
        source: sourceOf(l.new),
      })),
    })),
    new: q.new.map((n) => ({
      code: n.code,
      name: n.name,
      province: n.province,
      source: sourceOf(n),
      from: n.from.map((l) => ({ code: l.old.code, name: l.old.name, district: l.old.district, ...link(l) })),
    })),
  };
}
