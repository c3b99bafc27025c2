/**
 * The core's own commands: /start, /help, /lenh, /thutuc, /hotline,
 * /tintuc, /gapcanbo (the handoff part takes it over when installed) and
 * /xem, registered on every assistant.
 */
import type { Role, TurnContext } from './assistant.js';
import type { CommandRegistry } from './commands/registry.js';
import type { Command } from './commands/types.js';
import { entryReply, type EntryReplyOptions } from './entry-reply.js';
import { rememberEntry } from './followup.js';
import { FULL_SLUG, PARTS, type Part } from './procedure-parts.js';
import {
  articlesReply,
  greetingReply,
  helpReply,
  hotlinesReply,
  proceduresReply,
  unknownEntryReply,
} from './replies.js';
import { personReply } from './scope-replies.js';
import type { Reply } from './types.js';

/** Options of an entry view from the slug of `/xem <id> <slug>`. */
function viewOptions(slug: string | undefined): EntryReplyOptions {
  if (!slug) return {};
  if (slug === FULL_SLUG) return { full: true };
  const part = (Object.keys(PARTS) as Part[]).find((k) => PARTS[k].slug === slug);
  return part ? { parts: [part] } : {};
}

/** An entry's reply, remembered as the topic of the conversation. */
function show(ctx: TurnContext, id: string, opts: EntryReplyOptions = {}): Reply | undefined {
  const kb = ctx.knowledge.kb;
  const e = kb.byId.get(id);
  if (e) rememberEntry(ctx.session, e.id, ctx.assistant.now());
  return e ? entryReply(kb, e, opts) : undefined;
}

/** `/help` for a role: every command listed for everyone that the role may run. */
export function residentHelp(registry: CommandRegistry, role: Role): Reply {
  return helpReply(registry.helpLines(role, 'help'));
}

/** `/lenh` for a role: the staff and admin commands it may run. */
export function staffHelp(registry: CommandRegistry, role: Role): Reply {
  return { kind: 'help', title: 'Lệnh dành cho cán bộ', sections: [{ items: registry.helpLines(role, 'lenh') }] };
}

/** The core's commands, in the order of the help and of Telegram's menu. */
const CORE_COMMANDS: readonly Command[] = [
  {
    name: 'start',
    role: 'resident',
    help: 'lời chào, hoặc mở một mục từ liên kết',
    menu: 'Bắt đầu, lời chào',
    listIn: [],
    run: (ctx, arg) => void ctx.reply((arg ? show(ctx, arg) : undefined) ?? greetingReply(ctx.knowledge.kb)),
  },
  {
    name: 'help',
    aliases: ['trogiup'],
    role: 'resident',
    help: 'xem lại hướng dẫn này',
    menu: 'Hướng dẫn sử dụng',
    run: (ctx) => void ctx.reply(residentHelp(ctx.assistant.commands, ctx.role)),
  },
  {
    name: 'thutuc',
    role: 'resident',
    help: 'xem thủ tục hành chính theo lĩnh vực',
    menu: 'Thủ tục hành chính theo lĩnh vực',
    run: (ctx, arg) => void ctx.reply(proceduresReply(ctx.knowledge.kb, arg || undefined)),
  },
  {
    name: 'hotline',
    role: 'resident',
    help: 'số điện thoại cần biết',
    menu: 'Số điện thoại cần biết',
    run: (ctx) => void ctx.reply(hotlinesReply(ctx.knowledge.kb)),
  },
  {
    name: 'tintuc',
    role: 'resident',
    help: 'tin về cải cách hành chính, dịch vụ công trực tuyến',
    menu: 'Tin cải cách hành chính',
    run: (ctx) => void ctx.reply(articlesReply(ctx.knowledge.kb)),
  },
  {
    name: 'gapcanbo',
    role: 'resident',
    help: 'gặp cán bộ xã (số điện thoại của xã)',
    menu: 'Gặp cán bộ xã (trò chuyện trực tiếp)',
    run: (ctx) => void ctx.reply(personReply(ctx.knowledge.kb)),
  },
  {
    // `/xem <id>` short answer, `/xem <id> day-du` the whole entry, `/xem <id> le-phi` one part first.
    name: 'xem',
    role: 'resident',
    usage: '<mã mục> [phần]',
    help: 'xem một mục (nút bấm dưới câu trả lời)',
    listIn: [],
    run(ctx, arg) {
      const [id = '', slug] = arg.split(/\s+/);
      ctx.reply(show(ctx, id, viewOptions(slug)) ?? unknownEntryReply());
    },
  },
  {
    name: 'lenh',
    aliases: ['lenhcanbo'],
    role: 'staff',
    help: 'danh sách lệnh của cán bộ, quản trị viên',
    run(ctx) {
      ctx.reply(staffHelp(ctx.assistant.commands, ctx.role));
      return { outcome: 'ok' };
    },
  },
];

/** Registers the core's commands. */
export function registerCoreCommands(r: CommandRegistry): void {
  r.register(...CORE_COMMANDS);
}
