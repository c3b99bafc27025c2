/**
 * The loudspeaker part: staff type `/loa <mã mục | số thông báo>` in chat
 * and get the script to read on the commune's loudspeakers, with its
 * reading time (the same script as `npm run loa`).
 *
 * @example
 * ```ts
 * // In src/app/plugins.ts:
 * export const DEFAULT_PLUGINS = [adminPlugin, handoffPlugin, announcementsPlugin, loudspeakerPlugin];
 * // In chat, as staff: "/loa khai-sinh" or "/loa 12"
 * ```
 */
import type { PluginContext } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import { announcementsPlugin } from '../announcements/index.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import { formatReadingTime } from './script.js';
import { scriptFor } from './sources.js';

/** The script of `id` (an entry id or an announcement number) as a chat reply, or undefined when unknown. */
export function scriptReply(ctx: PluginContext, id: string): Reply | undefined {
  const ann = ctx.use(announcementsPlugin);
  const found = scriptFor(ctx.knowledge.kb, id, (n) => ann.store.get(n));
  if (!found) return undefined;
  const { source, script } = found;
  return {
    kind: 'info',
    title: `Bài đọc trên loa: ${source.title}`,
    sections: script.text.split('\n\n').map((part) => ({ text: part })),
    footer: `Thời gian đọc khoảng ${formatReadingTime(script.seconds)}. Tệp âm thanh: npm run loa -- ${id} --audio tep.wav`,
  };
}

function loaCommand(ctx: PluginContext): Command {
  return {
    name: 'loa',
    aliases: ['truyenthanh'],
    role: 'staff',
    usage: '<mã mục | số thông báo>',
    help: 'bài đọc trên loa truyền thanh của một mục hoặc một thông báo',
    run(turn, args) {
      const id = args.trim().split(/\s+/)[0] ?? '';
      if (!id) {
        turn.reply({
          kind: 'error',
          sections: [{ text: 'Gõ /loa và mã mục (ví dụ: /loa khai-sinh) hoặc số thông báo (ví dụ: /loa 12).' }],
        });
        return { outcome: 'failed', detail: 'no id' };
      }
      const reply = scriptReply(ctx, id);
      if (!reply) {
        turn.reply({ kind: 'error', sections: [{ text: `Không có mục hay thông báo "${id}".` }] });
        return { outcome: 'failed', detail: `unknown ${id}` };
      }
      turn.reply(reply);
      return { outcome: 'ok', detail: id };
    },
  };
}

/** Loudspeaker scripts in chat for staff (`/loa`). */
export const loudspeakerPlugin = definePlugin({
  name: 'loudspeaker',
  dependencies: ['announcements'],
  commands: (ctx) => [loaCommand(ctx)],
  install: () => undefined,
});
