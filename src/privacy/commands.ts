/**
 * The residents' commands on their personal data: `/quyenriengtu` (the
 * notice), `/dulieucuatoi` (what is stored, readable) and `/xoadulieu`
 * (erasure after a confirmation). Export and erasure are refused in groups,
 * where everyone would read the answer.
 */
import type { TurnContext } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import type { DataSubject, ExportSection } from '../storage/personal.js';
import { markNoticeShown, type NoticeDays, noticeReply } from './notice.js';
import type { PersonalDataService } from './service.js';

/** Session key of a pending `/xoadulieu` confirmation (the time it was asked). */
const CONFIRM_KEY = 'privacy-erase';
/** How long the confirmation buttons stay valid. */
const CONFIRM_MS = 10 * 60_000;
/** Most lines shown per section in an export. */
const MAX_ITEMS = 15;

/** Turns whose resident was just erased: nothing may be written about them afterwards. */
export const erasedTurns = new WeakSet<TurnContext>();

const info = (text: string, buttons?: Reply['buttons'], title?: string): Reply => ({
  kind: 'info',
  ...(title ? { title } : {}),
  sections: [{ text }],
  ...(buttons ? { buttons } : {}),
});

const PRIVATE_ONLY = info('Để giữ kín thông tin, bạn vui lòng nhắn riêng cho trợ lý rồi gõ lại lệnh này.');

function subject(ctx: TurnContext): DataSubject {
  return { channel: ctx.message.channel, userId: ctx.message.userId, userHash: ctx.userHash };
}

/**
 * The export as one reply: a section per kind of data, long lists cut, and
 * the `kênh:id` to give at the desk (`npm run privacy -- delete <kênh:id>`).
 */
export function exportReply(sections: readonly ExportSection[], who?: Pick<DataSubject, 'channel' | 'userId'>): Reply {
  if (sections.length === 0) return info('Trợ lý không lưu dữ liệu nào gắn với bạn.', undefined, 'Dữ liệu của bạn');
  return {
    kind: 'info',
    title: 'Dữ liệu trợ lý đang lưu về bạn',
    sections: [
      ...sections.map((s) => ({
        heading: s.heading,
        items:
          s.items.length > MAX_ITEMS
            ? [...s.items.slice(0, MAX_ITEMS), `… và ${s.items.length - MAX_ITEMS} mục khác`]
            : s.items,
      })),
      {
        text: `Gõ /xoadulieu nếu bạn muốn xoá các dữ liệu này.${who ? ` Nếu yêu cầu tại Bộ phận Một cửa, bạn đưa mã: ${who.channel}:${who.userId}` : ''}`,
      },
    ],
  };
}

function askConfirmation(ctx: TurnContext): void {
  ctx.session.set(CONFIRM_KEY, ctx.assistant.now());
  ctx.reply(
    info(
      'Bạn có chắc muốn xoá mọi dữ liệu trợ lý lưu về bạn? Đăng ký nhận tin sẽ bị hủy, phản ánh chưa trả lời sẽ không được trả lời tại đây nữa. Việc này không hoàn tác được.',
      [
        { label: 'Xoá dữ liệu của tôi', payload: '/xoadulieu xacnhan' },
        { label: 'Hủy', payload: '/xoadulieu huy' },
      ],
    ),
  );
}

function erase(ctx: TurnContext, data: PersonalDataService): void {
  const asked = ctx.session.get<number>(CONFIRM_KEY);
  if (asked === undefined || ctx.assistant.now() - asked > CONFIRM_MS) return askConfirmation(ctx);
  ctx.session.clear();
  const r = data.erase(subject(ctx), 'chat');
  erasedTurns.add(ctx);
  // The app's logger, not the turn's: this line must not carry the erased hash.
  ctx.assistant.log.info(
    { channel: ctx.message.channel, rows: r.total },
    'personal data erased at the resident\u2019s request',
  );
  ctx.reply(
    info(
      'Đã xoá dữ liệu gắn với bạn; số liệu thống kê không còn liên kết với bạn. Nếu bạn nhắn tiếp, trợ lý vẫn trả lời như với người mới.',
      undefined,
      'Đã xoá dữ liệu',
    ),
  );
}

/**
 * The three commands.
 *
 * @example
 * ```ts
 * assistant.commands.register(...privacyCommands(data, { feedbackDays: 365, questionDays: 365 }));
 * ```
 */
export function privacyCommands(data: PersonalDataService, days: NoticeDays): Command[] {
  return [
    {
      name: 'quyenriengtu',
      aliases: ['quyền riêng tư', 'baomat'],
      role: 'resident',
      help: 'trợ lý lưu gì về bạn, vì sao, bao lâu',
      menu: 'Dữ liệu cá nhân',
      run(ctx) {
        markNoticeShown(ctx.db, ctx.message.channel, ctx.userHash, ctx.assistant.now());
        ctx.reply(noticeReply(days));
      },
    },
    {
      name: 'dulieucuatoi',
      aliases: ['dữ liệu của tôi'],
      role: 'resident',
      help: 'xem dữ liệu trợ lý lưu về bạn',
      run(ctx) {
        if (ctx.message.isGroup) return void ctx.reply(PRIVATE_ONLY);
        markNoticeShown(ctx.db, ctx.message.channel, ctx.userHash, ctx.assistant.now());
        ctx.reply(exportReply(data.export(subject(ctx)), subject(ctx)));
      },
    },
    {
      name: 'xoadulieu',
      aliases: ['xoá dữ liệu'],
      role: 'resident',
      help: 'xoá dữ liệu trợ lý lưu về bạn',
      // Nothing about the resident may be written after the erasure, not even an audit line with their hash.
      audit: 'self',
      run(ctx, args) {
        if (ctx.message.isGroup) return void ctx.reply(PRIVATE_ONLY);
        const a = args.trim().toLowerCase();
        if (a === 'huy' || a === 'hủy') {
          ctx.session.set(CONFIRM_KEY, undefined);
          return void ctx.reply(info('Đã hủy. Dữ liệu của bạn được giữ nguyên.'));
        }
        if (a === 'xacnhan') return erase(ctx, data);
        askConfirmation(ctx);
      },
    },
  ];
}
