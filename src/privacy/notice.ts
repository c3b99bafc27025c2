/**
 * The short notice on personal data (Decree 13/2023/NĐ-CP) shown once per
 * resident and channel, after the answer to their first message, and by
 * `/quyenriengtu`. Only a hashed id, the channel and the time are kept to
 * know it was shown.
 *
 * @example
 * ```ts
 * const reply = noticeReply({ feedbackDays: 365, questionDays: 365 });
 * if (markNoticeShown(db, 'telegram', userHash, Date.now())) replies.push(reply); // first time only
 * ```
 */
import type { Reply } from '../core/types.js';
import type { Db } from '../storage/db.js';
import type { PersonalDataPart } from '../storage/personal.js';

/** The retention periods the notice states. */
export interface NoticeDays {
  feedbackDays: number;
  questionDays: number;
}

/** The notice: what is stored, why, for how long, and how to see or delete it. */
export function noticeReply(d: NoticeDays): Reply {
  return {
    kind: 'info',
    title: 'Dữ liệu cá nhân của bạn',
    sections: [
      {
        items: [
          'Trợ lý lưu câu hỏi (đã bỏ tên, số điện thoại), phản ánh, đánh giá và đăng ký nhận tin của bạn, chỉ để trả lời, chuyển cán bộ xã và làm báo cáo.',
          `Họ tên, số điện thoại trong phản ánh được mã hóa và tự xoá sau ${d.feedbackDays} ngày; câu hỏi thôi gắn với bạn sau ${d.questionDays} ngày.`,
          'Gõ /dulieucuatoi để xem, /xoadulieu để xoá dữ liệu của bạn, /quyenriengtu để đọc lại thông báo này.',
        ],
      },
    ],
  };
}

/** Records that the notice was shown; true the first time for this resident and channel. */
export function markNoticeShown(db: Db, channel: string, userHash: string, now: number): boolean {
  return (
    db
      .prepare('INSERT INTO privacy_notices (channel, user_hash, shown_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(channel, userHash, now).changes === 1
  );
}

/** The privacy part's own personal data: the notice flag. */
export const noticePersonalData: PersonalDataPart = {
  name: 'privacy',
  tables: ['privacy_notices'],
  export(db, who) {
    const r = db
      .prepare('SELECT shown_at FROM privacy_notices WHERE channel = ? AND user_hash = ?')
      .get(who.channel, who.userHash) as { shown_at: number } | undefined;
    const at = r ? new Date(r.shown_at).toISOString().slice(0, 10) : undefined;
    return [{ heading: 'Thông báo về dữ liệu cá nhân', items: at ? [`Đã gửi cho bạn ngày ${at}`] : [] }];
  },
  erase: (db, who) => ({
    privacy_notices: db
      .prepare('DELETE FROM privacy_notices WHERE channel = ? AND user_hash = ?')
      .run(who.channel, who.userHash).changes,
  }),
};
