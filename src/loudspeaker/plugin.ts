/**
 * The loudspeaker part: staff type `/loa <mã mục | số thông báo>` in chat
 * and get the script to read on the commune's loudspeakers, with its
 * reading time (the same script as `npm run loa`).
 *
 * @example
 * ```ts
 * // In src/app/plugins.ts:
 * export const DEFAULT_PLUGINS = [adminPlugin, handoffPlugin, announcementsPlugin, loudspeakerPlugin];
 * // In chat, as staff: "/loa khai-sinh", "/loa 12", or "/loa khai-sinh âm thanh" for the WAV file
 * ```
 */
import type { PluginContext } from '../app/context.js';
import { definePlugin } from '../app/plugin.js';
import { announcementsPlugin } from '../announcements/index.js';
import type { Command } from '../core/commands/types.js';
import type { Reply } from '../core/types.js';
import { formatReadingTime } from './script.js';
import { scriptFor } from './sources.js';
import { audioPath, parseLoaArgs, sendScriptAudio } from './audio-reply.js';

/** The script of `id` (an entry id or an announcement number) and its chat reply, or undefined when unknown. */
export function scriptReply(ctx: PluginContext, id: string): { reply: Reply; title: string; text: string } | undefined {
  const ann = ctx.use(announcementsPlugin);
  const found = scriptFor(ctx.knowledge.kb, id, (n) => ann.store.get(n));
  if (!found) return undefined;
  const { source, script } = found;
  const reply: Reply = {
    kind: 'info',
    title: `Bài đọc trên loa: ${source.title}`,
    sections: script.text.split('\n\n').map((part) => ({ text: part })),
    footer: `Thời gian đọc khoảng ${formatReadingTime(script.seconds)}. Tệp âm thanh: /loa ${id} âm thanh`,
  };
  return { reply, title: source.title, text: script.text };
}

function loaCommand(ctx: PluginContext): Command {
  return {
    name: 'loa',
    aliases: ['truyenthanh'],
    role: 'staff',
    usage: '<mã mục | số thông báo> [âm thanh]',
    help: 'bài đọc trên loa truyền thanh của một mục hoặc một thông báo; thêm "âm thanh" để nhận tệp đọc sẵn',
    run(turn, args) {
      const { id, audio } = parseLoaArgs(args);
      if (!id) {
        turn.reply({
          kind: 'error',
          sections: [{ text: 'Gõ /loa và mã mục (ví dụ: /loa khai-sinh) hoặc số thông báo (ví dụ: /loa 12).' }],
        });
        return { outcome: 'failed', detail: 'no id' };
      }
      const found = scriptReply(ctx, id);
      if (!found) {
        turn.reply({ kind: 'error', sections: [{ text: `Không có mục hay thông báo "${id}".` }] });
        return { outcome: 'failed', detail: `unknown ${id}` };
      }
      turn.reply(found.reply);
      if (!audio) return { outcome: 'ok', detail: id };
      const to = { channel: turn.message.channel, chatId: turn.message.chatId };
      if (!ctx.channels.get(to.channel)?.sendFile) {
        turn.reply(cannotReceive(ctx, id));
        return { outcome: 'failed', detail: `${id} audio: channel cannot take files` };
      }
      turn.reply({ kind: 'info', sections: [{ text: 'Đang tạo tệp âm thanh, bạn chờ một lát…' }] });
      // Not awaited: the reply goes out now, the file when it is ready (a long script takes seconds).
      void sendScriptAudio(ctx, to, id, found);
      return { outcome: 'ok', detail: `${id} audio` };
    },
  };
}

/** What to do on a channel that cannot take files (Zalo OA: its /upload/file takes at most 5 MB, less than a few minutes of WAV). */
function cannotReceive(ctx: PluginContext, id: string): Reply {
  const file = audioPath(ctx.config.DATA_DIR, id);
  return {
    kind: 'error',
    sections: [
      {
        text: `Kênh này chưa nhận được tệp âm thanh. Bạn nhận tệp qua Telegram, hoặc nhờ quản trị viên chạy: npm run loa -- ${id} --audio ${file}`,
      },
    ],
  };
}

/** Loudspeaker scripts in chat for staff (`/loa`). */
export const loudspeakerPlugin = definePlugin({
  name: 'loudspeaker',
  dependencies: ['announcements'],
  commands: (ctx) => [loaCommand(ctx)],
  install: () => undefined,
});
