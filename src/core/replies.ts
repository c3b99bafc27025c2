/**
 * Fixed replies: greeting, help menu, browsing lists, fallbacks. Short,
 * polite Vietnamese with full diacritics.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import { communeName, communeNumber, NOT_SET } from './entry-reply.js';
import { TALK_TO_STAFF } from './scope-replies.js';
import { slug } from '../text/slug.js';
import type { Reply, ReplyButton } from './types.js';

const MENU_BUTTONS: ReplyButton[] = [
  { label: '📋 Thủ tục hành chính', payload: '/thutuc' },
  { label: '📞 Số điện thoại cần biết', payload: '/hotline' },
  { label: '📰 Tin cải cách hành chính', payload: '/tintuc' },
];

/** Greeting for /start and "xin chào". */
export function greetingReply(kb: KnowledgeBase): Reply {
  return {
    kind: 'greeting',
    title: `Xin chào! Đây là trợ lý ảo của ${communeName(kb.commune)}.`,
    sections: [
      {
        text: 'Bạn có thể hỏi về thủ tục hành chính (giấy tờ cần chuẩn bị, nộp ở đâu, bao lâu, lệ phí), số điện thoại cần biết, hoặc cải cách hành chính.',
      },
      { heading: 'Ví dụ', items: ['làm giấy khai sinh cho con', 'đăng ký tạm trú', 'số điện thoại công an xã'] },
    ],
    buttons: MENU_BUTTONS,
  };
}

/** The help menu. */
export function helpReply(commands: readonly string[]): Reply {
  return {
    kind: 'help',
    title: 'Trợ lý có thể giúp bạn',
    sections: [{ text: 'Gõ câu hỏi như khi nhắn tin, có dấu hay không dấu đều được.' }, { items: [...commands] }],
    buttons: MENU_BUTTONS,
  };
}

/** /thutuc: fields, or the procedures of one field. */
export function proceduresReply(kb: KnowledgeBase, field?: string): Reply {
  const fields = [...new Set(kb.procedures.map((p) => p.field))];
  const chosen = field ? fields.find((f) => slug(f) === slug(field)) : undefined;
  if (!chosen) {
    return {
      kind: 'list',
      title: 'Thủ tục hành chính theo lĩnh vực',
      sections: [{ text: 'Bạn chọn một lĩnh vực, hoặc gõ thẳng tên thủ tục cần hỏi.' }],
      buttons: fields.map((f) => ({ label: f, payload: `/thutuc ${slug(f)}` })),
    };
  }
  const list = kb.procedures.filter((p) => p.field === chosen);
  return {
    kind: 'list',
    title: `Thủ tục lĩnh vực ${chosen}`,
    sections: [{ items: list.map((p) => p.name) }],
    buttons: list.map((p) => ({ label: p.name, payload: `/xem ${p.id}` })),
  };
}

/** /hotline: every number in one message. */
export function hotlinesReply(kb: KnowledgeBase): Reply {
  const items = kb.hotlines.map((h) => {
    if (h.number) return `${h.name}: ${h.number}`;
    const n = h.communeKey ? communeNumber(kb.commune, h.communeKey) : undefined;
    return `${h.name}: ${n?.known ? (kb.commune.hotlines[h.communeKey!]?.number ?? NOT_SET) : NOT_SET}`;
  });
  return {
    kind: 'list',
    title: 'Số điện thoại cần biết',
    sections: [{ items }, { text: 'Khẩn cấp: 113 công an, 114 cứu hỏa, 115 cấp cứu.' }],
    buttons: kb.hotlines.slice(0, 6).map((h) => ({ label: h.name, payload: `/xem ${h.id}` })),
  };
}

/** /tintuc: reform articles. */
export function articlesReply(kb: KnowledgeBase): Reply {
  return {
    kind: 'list',
    title: 'Cải cách hành chính, dịch vụ công',
    sections: [{ items: kb.articles.map((a) => a.title) }],
    buttons: kb.articles.map((a) => ({ label: a.title, payload: `/xem ${a.id}` })),
  };
}

/** "Ý bạn là…" with up to three candidates. */
export function suggestionsReply(candidates: { id: string; title: string }[]): Reply {
  return {
    kind: 'suggestions',
    title: 'Ý bạn là…',
    sections: [
      {
        text: 'Trợ lý chưa chắc bạn hỏi thủ tục nào. Bạn chọn một mục dưới đây, hỏi rõ hơn, hoặc bấm "Gặp cán bộ xã".',
      },
    ],
    // None of them may fit: a staff member can help.
    buttons: [...candidates.slice(0, 3).map((c) => ({ label: c.title, payload: `/xem ${c.id}` })), TALK_TO_STAFF],
  };
}

/**
 * One short question when the best candidates are variants of one procedure
 * ("Bạn cần: Đăng ký khai sinh · Có yếu tố nước ngoài · Đăng ký lại?"); a
 * button answers at once.
 */
export function variantsReply(kb: KnowledgeBase, ids: string[]): Reply {
  const buttons = ids.slice(0, 4).map((id) => {
    const e = kb.byId.get(id)!;
    const variant = e.kind === 'procedure' ? e.data.variant : undefined;
    const label = variant ? `${e.title.replace(/\s+\(.*$/, '')}` : e.title;
    return { label, payload: `/xem ${id}` };
  });
  return {
    kind: 'suggestions',
    title: 'Bạn cần trường hợp nào?',
    sections: [{ text: 'Thủ tục này có nhiều trường hợp. Bạn chọn đúng trường hợp của mình nhé.' }],
    buttons,
  };
}

/** The honest "I don't know", with whom to ask instead. */
export function fallbackReply(kb: KnowledgeBase, offTopic = false): Reply {
  const c = kb.commune;
  const ubnd = communeNumber(c, 'ubnd');
  return {
    kind: 'fallback',
    title: offTopic ? 'Câu hỏi này nằm ngoài phạm vi của trợ lý' : 'Trợ lý chưa có thông tin về câu hỏi này',
    sections: [
      {
        text: offTopic
          ? 'Trợ lý chỉ trả lời về thủ tục hành chính, số điện thoại cần biết và cải cách hành chính của xã.'
          : 'Câu hỏi đã được ghi lại để cán bộ bổ sung. Bạn có thể hỏi trực tiếp:',
      },
      {
        items: [
          ubnd.known ? ubnd.text : `${ubnd.text} (${c.fallbackSource})`,
          'Tổng đài Cổng Dịch vụ công quốc gia: 1800 1096',
        ],
      },
    ],
    // A question the assistant cannot answer: a staff member may (not for off-topic questions).
    buttons: offTopic ? MENU_BUTTONS : [TALK_TO_STAFF, ...MENU_BUTTONS],
  };
}

/** For empty, emoji-only or unreadable messages. */
export function notTextReply(): Reply {
  return {
    kind: 'info',
    sections: [
      { text: 'Bạn vui lòng gõ câu hỏi bằng chữ, ví dụ: "làm giấy khai sinh cần gì". Gõ /help để xem hướng dẫn.' },
    ],
    buttons: MENU_BUTTONS,
  };
}

/** For a message that is only a phone number. */
export function phoneOnlyReply(): Reply {
  return {
    kind: 'info',
    sections: [
      {
        text: 'Trợ lý không gọi lại được qua số điện thoại. Bạn vui lòng gõ câu hỏi bằng chữ; nếu muốn gửi phản ánh, gõ /gopy.',
      },
    ],
  };
}

/** Sent with the answer when a message was cut. */
export function tooLongNote(max: number): Reply {
  return {
    kind: 'info',
    sections: [
      {
        text: `Tin nhắn khá dài nên trợ lý chỉ đọc ${max.toLocaleString('vi-VN')} ký tự đầu. Bạn có thể hỏi ngắn gọn hơn.`,
      },
    ],
  };
}

/** "Cảm ơn" and similar. */
export function thanksReply(): Reply {
  return { kind: 'info', sections: [{ text: 'Dạ, không có gì ạ. Bạn cần hỏi thêm cứ nhắn cho trợ lý nhé.' }] };
}

/** An internal error: short, no details. */
export function errorReply(): Reply {
  return {
    kind: 'error',
    sections: [{ text: 'Xin lỗi, trợ lý đang gặp sự cố. Bạn vui lòng thử lại sau ít phút.' }],
  };
}

/** /xem with an id that does not exist. */
export function unknownEntryReply(): Reply {
  return {
    kind: 'info',
    sections: [{ text: 'Không tìm thấy mục này, có thể nội dung đã được cập nhật. Bạn thử gõ câu hỏi nhé.' }],
    buttons: MENU_BUTTONS,
  };
}
