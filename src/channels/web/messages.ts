/**
 * What the web channel says on its own (errors of the HTTP layer, the answer
 * to a subscription request), and its catalogue of coded errors: each code
 * has the status it is sent with and the short Vietnamese text the widget
 * shows as is.
 */
import type { Reply, ReplyLink } from '../../core/types.js';

/** Errors of the web chat API, by code. */
export const WEB_ERRORS = {
  TXA_WEB_RATE_LIMITED: { status: 429, message: 'Bạn gửi nhanh quá. Bạn vui lòng chờ một chút rồi gửi lại nhé.' },
  TXA_WEB_TOO_LARGE: {
    status: 413,
    message: 'Tin nhắn dài quá. Bạn vui lòng rút gọn câu hỏi (dưới 1.000 chữ) rồi gửi lại.',
  },
  TXA_WEB_BAD_REQUEST: { status: 400, message: 'Tin nhắn không đọc được. Bạn vui lòng gõ lại câu hỏi.' },
  TXA_WEB_EMPTY: { status: 400, message: 'Bạn chưa gõ câu hỏi. Ví dụ: "làm giấy khai sinh cho con".' },
  TXA_WEB_ORIGIN: {
    status: 403,
    message: 'Trang này chưa được phép dùng trợ lý. Quản trị viên cần thêm địa chỉ trang vào WEB_CHAT_ORIGINS.',
  },
  TXA_WEB_UNAVAILABLE: {
    status: 503,
    message: 'Trợ lý đang bận hoặc đang khởi động lại. Bạn vui lòng thử lại sau ít phút.',
  },
  TXA_WEB_INTERNAL: { status: 500, message: 'Xin lỗi, trợ lý gặp lỗi. Bạn vui lòng thử lại sau.' },
} as const;

/** A code of {@link WEB_ERRORS}. */
export type WebErrorCode = keyof typeof WEB_ERRORS;

/** An error of the web chat API: the status and message come from its code. */
export class WebChatError extends Error {
  readonly statusCode: number;
  constructor(readonly code: WebErrorCode) {
    super(WEB_ERRORS[code].message);
    this.name = 'WebChatError';
    this.statusCode = WEB_ERRORS[code].status;
  }
}

/** The code for a Fastify or plugin error that reached the web routes. */
export function webErrorCode(err: { code?: string; statusCode?: number }): WebErrorCode {
  if (err.code && err.code in WEB_ERRORS) return err.code as WebErrorCode;
  if (err.statusCode === 429) return 'TXA_WEB_RATE_LIMITED';
  if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'TXA_WEB_TOO_LARGE';
  if (err.statusCode === 503) return 'TXA_WEB_UNAVAILABLE';
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return 'TXA_WEB_BAD_REQUEST';
  return 'TXA_WEB_INTERNAL';
}

/** Labels of the channels a web visitor can subscribe on instead, by host. */
function linkLabel(url: string): string {
  const host = new URL(url).hostname;
  if (host === 'zalo.me' || host.endsWith('.zalo.me')) return 'Nhận tin qua Zalo';
  if (host === 't.me' || host === 'telegram.me') return 'Nhận tin qua Telegram';
  return `Nhận tin qua ${host}`;
}

/**
 * The answer to /dangky on the web: a web page cannot send news later, so
 * the visitor is pointed to the commune's Zalo or Telegram (`WEB_CHAT_SUBSCRIBE_LINKS`).
 */
export function subscribeElsewhereReply(links: readonly string[]): Reply {
  const shown: ReplyLink[] = links.map((url) => ({ label: linkLabel(url), url }));
  return {
    kind: 'info',
    title: 'Đăng ký nhận tin',
    sections: [
      {
        text:
          shown.length > 0
            ? 'Trang web không tự gửi tin đến bạn được. Để nhận thông báo của UBND xã, bạn hãy mở Zalo hoặc Telegram của xã bằng liên kết dưới đây rồi gõ /dangky.'
            : 'Trang web không tự gửi tin đến bạn được. Để nhận thông báo của UBND xã, bạn hãy hỏi Bộ phận Một cửa địa chỉ Zalo hoặc Telegram của xã (chưa cập nhật trên trang này) rồi gõ /dangky ở đó.',
      },
    ],
    ...(shown.length > 0 ? { links: shown } : {}),
  };
}
