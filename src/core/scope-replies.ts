/**
 * Replies for questions the search should not answer: a topic handled
 * elsewhere (where to go instead, with its sources) and a request to reach
 * a person (the commune's numbers and a button to talk with staff, `/gapcanbo`).
 */
import type { Entry, KnowledgeBase } from '../knowledge/model.js';
import type { Referral } from '../knowledge/schema.js';
import { communeNumber, formatDate, NOT_SET } from './entry-reply.js';
import type { Reply, ReplyButton } from './types.js';

/** Title of every referral reply. */
export const NOT_OURS = 'Việc này không do xã giải quyết';
/** The national line shown when a commune number is not filled in. */
const NATIONAL_LINE = 'Tổng đài Cổng Dịch vụ công quốc gia: 1800 1096';
const EMERGENCY = 'Khẩn cấp: 113 công an, 114 cứu hỏa, 115 cấp cứu.';
/** Asks to talk with a staff member here (a live handoff when the handoff part is installed). */
export const TALK_TO_STAFF: ReplyButton = { label: '💬 Gặp cán bộ xã', payload: '/gapcanbo' };
const ALL_NUMBERS: ReplyButton = { label: '📞 Số điện thoại cần biết', payload: '/hotline' };

/** The commune's own lines for `keys`, with the national line when one of them is not filled in. */
function communeLines(kb: KnowledgeBase, keys: string[]): string[] {
  const lines = keys.filter((k) => kb.commune.hotlines[k]).map((k) => communeNumber(kb.commune, k));
  if (lines.length === 0) lines.push(communeNumber(kb.commune, 'ubnd'));
  const out = lines.map((l) => l.text);
  if (lines.some((l) => !l.known)) out.push(NATIONAL_LINE);
  return out;
}

function entryButtons(kb: KnowledgeBase, ids: readonly string[]): ReplyButton[] {
  return ids
    .map((id) => kb.byId.get(id))
    .filter((e): e is Entry => e !== undefined)
    .map((e) => ({ label: e.title, payload: `/xem ${e.id}` }));
}

/** "Việc này không do xã giải quyết": where to go, links, sources; the commune's line as a fallback. */
export function referralReply(kb: KnowledgeBase, r: Referral): Reply {
  const sections: Reply['sections'] = [{ heading: r.topic, items: r.where }];
  if (r.note) sections.push({ text: r.note });
  sections.push({ heading: 'Cần hỏi thêm', items: communeLines(kb, ['ubnd']) });
  return {
    kind: 'referral',
    title: NOT_OURS,
    sections,
    links: r.links,
    buttons: entryButtons(kb, r.related).slice(0, 3),
    footer: `Nguồn: ${r.sources.join('; ')}. Thông tin kiểm tra ngày ${formatDate(r.lastVerified)}.`,
  };
}

/** The commune's numbers and hours, and a button to message staff; `about` adds a button to that entry. */
export function personReply(kb: KnowledgeBase, about?: Entry): Reply {
  const c = kb.commune;
  const hours = c.oneStopDesk.hours ?? c.workingHours;
  return {
    kind: 'info',
    title: 'Liên hệ cán bộ xã',
    sections: [
      { text: 'Bạn có thể gọi cho cán bộ xã, hoặc bấm "Gặp cán bộ xã" để nhắn với cán bộ ngay tại đây.' },
      { items: [...communeLines(kb, ['ubnd', 'motCua']), `Giờ làm việc: ${hours ?? NOT_SET}`] },
      { text: EMERGENCY },
    ],
    buttons: [TALK_TO_STAFF, ...(about ? entryButtons(kb, [about.id]) : []), ALL_NUMBERS],
  };
}
