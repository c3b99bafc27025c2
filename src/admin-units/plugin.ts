/**
 * The old → new commune part: residents ask in plain words ("xã Hoàng Tiến
 * cũ giờ thuộc phường nào?", "phường Lê Chân mới gồm những phường nào?") or
 * with `/dvhc <tên>`, and get the answer from the 2025 resolutions, with
 * the clause as the source. The mapping is loaded on the first such
 * question, not at start.
 *
 * @example
 * ```ts
 * // In src/app/plugins.ts: export const DEFAULT_PLUGINS = [..., adminUnitsPlugin];
 * // In chat: "xa tay hung tien lang cu gio la xa nao" → "Xã Tây Hưng cũ nay thuộc Xã Chấn Hưng"
 * ```
 */
import type { PluginContext } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import type { Middleware } from '../core/assistant.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import { splitSubcommand } from '../text/command.js';
import { foldForPhrase } from '../text/fold.js';
import { adminUnits } from './data.js';
import { REARRANGEMENT_CUES, readUnitQuestion, type UnitQuestion } from './lookup.js';
import { newToOldReply, oldToNewReply, unitReply } from './reply.js';

/** A unit type word: a cheap test before the mapping is loaded. */
const TYPE_WORD = /\b(xa|phuong|thi tran|dac khu|p|tt)\b/;

const USAGE: Reply = {
  kind: 'help',
  title: 'Tra cứu xã, phường trước và sau sắp xếp',
  sections: [
    {
      items: [
        '/dvhc <tên xã, phường>: xã cũ nay thuộc đâu, hoặc xã mới gồm những xã cũ nào',
        'Có thể ghi thêm huyện cũ hoặc tỉnh, ví dụ: /dvhc Tây Hưng Tiên Lãng',
        'Hoặc hỏi: "xã Hoàng Tiến cũ giờ thuộc phường nào?"',
      ],
    },
  ],
};

/**
 * A chat message read as a question about the rearrangement: it has a unit
 * type word ("xã", "phường"…; the unit itself may be named bare right before
 * "cũ", as in "Hoàng Tiến cũ giờ thuộc phường nào") and says "cũ", "mới",
 * "sáp nhập", "giờ thuộc"…
 * Undefined otherwise (then the normal answering goes on). The mapping is
 * loaded only when the cheap word tests pass.
 */
export function unitQuestionOf(text: string, province: string | null): UnitQuestion | undefined {
  const folded = foldForPhrase(text);
  if (text.startsWith('/') || !TYPE_WORD.test(folded) || !REARRANGEMENT_CUES.test(folded)) return undefined;
  return readUnitQuestion(text, adminUnits(), { province });
}

function bareQuestion(text: string, province: string | null): Reply | undefined {
  const q = readUnitQuestion(text, adminUnits(), { province, bare: true });
  return q ? unitReply(q) : undefined;
}

function byCode(kind: string, code: string): Reply | undefined {
  const units = adminUnits();
  if (kind === 'cu') {
    const o = units.oldUnits.find((u) => u.code === code);
    return o ? oldToNewReply(o) : undefined;
  }
  const n = units.newUnits.find((u) => u.code === code);
  return n ? newToOldReply(n) : undefined;
}

function dvhcCommand(ctx: PluginContext): Command {
  return {
    name: 'dvhc',
    aliases: ['xacu', 'xamoi', 'sapnhap'],
    role: 'resident',
    usage: '<tên xã, phường>',
    help: 'xã, phường cũ nay thuộc đâu; xã, phường mới gồm những đơn vị cũ nào',
    run(turn, args) {
      if (!args.trim()) return void turn.reply(USAGE);
      const { sub, rest } = splitSubcommand(args);
      const coded = (sub === 'cu' || sub === 'moi') && /^\d{5}$/.test(rest.trim());
      const reply = coded ? byCode(sub, rest.trim()) : bareQuestion(args, ctx.knowledge.kb.commune.province);
      turn.reply(
        reply ?? {
          kind: 'fallback',
          sections: [
            {
              text: `Không tìm thấy xã, phường nào tên "${args.trim().slice(0, 60)}" trong danh sách sắp xếp năm 2025. Bạn kiểm tra lại tên (có thể gõ không dấu), hoặc ghi thêm huyện cũ, tỉnh.`,
            },
          ],
        },
      );
      return { outcome: reply ? 'ok' : 'failed' };
    },
  };
}

function unitMiddleware(ctx: PluginContext): Middleware {
  return async (turn, next) => {
    const q = unitQuestionOf(turn.text, ctx.knowledge.kb.commune.province);
    if (!q) return next();
    turn.log.info({ channel: turn.message.channel, user: turn.userHash, kind: 'admin-unit' }, 'admin unit lookup');
    turn.reply(unitReply(q));
  };
}

/** Old → new commune answers in chat and `/dvhc`. */
export const adminUnitsPlugin = definePlugin({
  name: 'admin-units',
  middleware: (ctx) => [unitMiddleware(ctx)],
  commands: (ctx) => [dvhcCommand(ctx)],
  install: () => undefined,
});
