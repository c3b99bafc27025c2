/**
 * Resident commands: /dangky and /huy, and the plain phrases "đăng ký nhận
 * tin" / "hủy nhận tin" (matched as whole messages after accent folding, so
 * "đăng ký khai sinh" still reaches question answering).
 */
import type { Middleware, TurnContext } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Reply, ReplyButton } from '../core/types.js';
import { parseCommand } from '../text/command.js';
import type { Subscription, Subscriptions } from './subscriptions.js';
import { foldForPhrase as fold } from '../text/fold.js';
import { allTopics, findTopic, topicLabel } from './topics.js';

const SUBSCRIBE_PHRASES = new Set([
  'dang ky nhan tin',
  'dang ky nhan thong bao',
  'dang ky nhan tin tuc',
  'dang ki nhan tin',
]);
const UNSUBSCRIBE_PHRASES = new Set([
  'huy nhan tin',
  'huy dang ky nhan tin',
  'huy nhan thong bao',
  'huy dang ky nhan thong bao',
  'ngung nhan tin',
  'dung nhan tin',
  'huy dang ki nhan tin',
]);

const SUBSCRIPTION_COMMANDS: Record<string, SubscriptionCommand['kind']> = { dangky: 'subscribe', huy: 'unsubscribe' };

/** A parsed resident command. */
export type SubscriptionCommand = { kind: 'subscribe' | 'unsubscribe'; arg: string };

/** Recognises /dangky, /huy (with an optional topic) and the plain phrases. */
export function parseSubscriptionCommand(text: string): SubscriptionCommand | undefined {
  const cmd = parseCommand(text);
  if (cmd)
    return SUBSCRIPTION_COMMANDS[cmd.name] ? { kind: SUBSCRIPTION_COMMANDS[cmd.name]!, arg: cmd.args } : undefined;
  const f = fold(text).replace(/\s*(a|nhe|nha|voi|giup toi|giup em)$/, '');
  if (SUBSCRIBE_PHRASES.has(f)) return { kind: 'subscribe', arg: '' };
  if (UNSUBSCRIBE_PHRASES.has(f)) return { kind: 'unsubscribe', arg: '' };
  return undefined;
}

function statusReply(ctx: TurnContext, sub: Subscription, title: string): Reply {
  const kb = ctx.knowledge.kb;
  const buttons: ReplyButton[] = allTopics(kb)
    .filter((t) => !sub.topics.includes(t.topic))
    .slice(0, 8)
    .map((t) => ({ label: `+ ${t.label}`, payload: `/dangky ${t.word}` }));
  buttons.push({ label: 'Hủy nhận tin', payload: '/huy' });
  return {
    kind: 'info',
    title,
    sections: [
      { heading: 'Bạn đang nhận tin về', items: sub.topics.map((t) => topicLabel(kb, t)) },
      {
        text: 'Chọn thêm chủ đề (ví dụ thôn, xóm của bạn) bằng các nút dưới đây, hoặc gõ /dangky kèm tên chủ đề. Gõ /huy để ngừng nhận tin bất cứ lúc nào.',
      },
    ],
    buttons,
  };
}

function topicsHelp(ctx: TurnContext, intro: string): Reply {
  return {
    kind: 'info',
    title: intro,
    sections: [
      { heading: 'Các chủ đề', items: allTopics(ctx.knowledge.kb).map((t) => `${t.label}: /dangky ${t.word}`) },
    ],
  };
}

/** `/dangky [chủ đề]`: subscribes the chat (to one more topic). */
function subscribe(ctx: TurnContext, subs: Subscriptions, arg: string): void {
  const { channel, chatId, isGroup } = ctx.message;
  let topics: string[] = [];
  if (arg) {
    const t = findTopic(ctx.knowledge.kb, arg);
    if (!t) {
      ctx.reply(topicsHelp(ctx, 'Xin lỗi, tôi chưa nhận ra chủ đề này.'));
      return;
    }
    topics = [t.topic];
  }
  const before = subs.get(channel, chatId);
  const sub = subs.subscribe(channel, chatId, isGroup ?? false, topics);
  ctx.log.info({ topics: sub.topics.length }, 'subscribed');
  const fresh = before?.status !== 'active';
  ctx.reply(statusReply(ctx, sub, fresh ? 'Đã đăng ký nhận tin từ UBND xã.' : 'Đã cập nhật chủ đề nhận tin.'));
}

/** `/huy <chủ đề>`: drops one topic (and the subscription with the last one). */
function unsubscribeTopic(ctx: TurnContext, subs: Subscriptions, arg: string): void {
  const { channel, chatId } = ctx.message;
  const t = findTopic(ctx.knowledge.kb, arg);
  if (!t) {
    ctx.reply(topicsHelp(ctx, 'Xin lỗi, tôi chưa nhận ra chủ đề này.'));
    return;
  }
  const cur = subs.get(channel, chatId);
  if (cur?.status !== 'active' || !subs.removeTopic(channel, chatId, t.topic)) {
    ctx.reply({ kind: 'info', title: `Bạn không nhận tin về "${t.label}" nên không cần hủy.`, sections: [] });
    return;
  }
  const after = subs.get(channel, chatId)!;
  if (after.topics.length === 0) subs.unsubscribe(channel, chatId);
  ctx.log.info('unsubscribed from a topic');
  ctx.reply(
    after.topics.length === 0
      ? {
          kind: 'info',
          title: 'Đã hủy nhận tin.',
          sections: [{ text: 'Bạn không còn chủ đề nào nên sẽ không nhận thông báo nữa. Muốn nhận lại, gõ /dangky.' }],
        }
      : statusReply(ctx, after, `Đã hủy nhận tin về "${t.label}".`),
  );
}

/** `/huy [chủ đề]`: stops the news (or one topic of it). */
function unsubscribe(ctx: TurnContext, subs: Subscriptions, arg: string): void {
  if (arg) {
    unsubscribeTopic(ctx, subs, arg);
    return;
  }
  const was = subs.unsubscribe(ctx.message.channel, ctx.message.chatId);
  ctx.log.info('unsubscribed');
  ctx.reply({
    kind: 'info',
    title: was ? 'Đã hủy nhận tin.' : 'Bạn chưa đăng ký nhận tin, nên không có gì để hủy.',
    sections: [
      { text: 'Bạn sẽ không nhận thông báo từ trợ lý nữa. Muốn nhận lại, gõ /dangky hoặc "đăng ký nhận tin".' },
    ],
    buttons: [{ label: 'Đăng ký lại', payload: '/dangky' }],
  });
}

/** The resident commands `/dangky` and `/huy`, for the command registry. */
export function subscriptionCommands(subs: Subscriptions): Command[] {
  return [
    {
      name: 'dangky',
      role: 'resident',
      usage: '[chủ đề]',
      help: 'đăng ký nhận thông báo của xã (có thể chọn chủ đề, ví dụ thôn của bạn)',
      menu: 'Đăng ký nhận thông báo',
      run: (ctx, args) => subscribe(ctx, subs, args),
    },
    {
      name: 'huy',
      role: 'resident',
      usage: '[chủ đề]',
      help: 'hủy nhận thông báo (hoặc một chủ đề)',
      menu: 'Hủy nhận thông báo',
      run: (ctx, args) => unsubscribe(ctx, subs, args),
    },
  ];
}

/** The subscription middleware: the plain phrases ("đăng ký nhận tin", "hủy nhận tin"); the commands are registered. */
export function subscriptionMiddleware(subs: Subscriptions): Middleware {
  return async (ctx, next) => {
    const phrase = parseCommand(ctx.text) ? undefined : parseSubscriptionCommand(ctx.text);
    if (!phrase) return next();
    return phrase.kind === 'subscribe' ? subscribe(ctx, subs, phrase.arg) : unsubscribe(ctx, subs, phrase.arg);
  };
}
