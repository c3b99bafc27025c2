/**
 * Whether a message is for the bot: every private message is; in a group,
 * a command (for this bot or for no bot in particular), a message that
 * mentions @the_bot (the mention is taken out of the question) or a reply
 * to one of the bot's messages.
 */
import type { Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { parseCommand } from '../../text/command.js';

/** True in groups and supergroups. */
export function isGroup(ctx: Context): boolean {
  return ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
}

function repliesToBot(ctx: Context, me: UserFromGetMe): boolean {
  return ctx.msg?.reply_to_message?.from?.id === me.id;
}

/** The text to answer, or undefined when a group message is not addressed to the bot. */
export function addressedText(ctx: Context, me: UserFromGetMe): string | undefined {
  const text = ctx.msg?.text ?? ctx.msg?.caption ?? '';
  if (!isGroup(ctx)) return text;
  const username = me.username;
  const command = parseCommand(text);
  if (command)
    return command.bot === undefined || command.bot.toLowerCase() === username.toLowerCase() ? text : undefined;
  const mention = new RegExp(`@${username}\\b`, 'i');
  if (mention.test(text)) return text.replace(mention, ' ').trim();
  return repliesToBot(ctx, me) ? text : undefined;
}
