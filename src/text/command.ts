/**
 * The one parser of slash commands. Every part reads `/name@bot args` with
 * it; the command registry (core/commands) looks the folded name up.
 *
 * @example
 * ```ts
 * parseCommand('/Đăngký@xa_bot thôn 3'); // { name: 'dangky', args: 'thôn 3', word: 'Đăngký', bot: 'xa_bot' }
 * parseCommand('xin chào');               // undefined
 * ```
 */
import { foldForCommand } from './fold.js';

/** A parsed slash command. */
export interface ParsedCommand {
  /** The command word folded (lowercase, no diacritics), without the slash. */
  name: string;
  /** Everything after the command word, trimmed (may be empty). */
  args: string;
  /** The command word as typed, without the slash and the bot name. */
  word: string;
  /** The bot name of `/cmd@bot`, if any (Telegram groups). */
  bot?: string;
}

const COMMAND = /^\/([^\s@]+)(?:@(\S+))?(?:\s+([\s\S]*))?$/;

/** Splits `/cmd@bot rest` into the folded command name and the rest; undefined when the text is no command. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const m = COMMAND.exec(text.trim());
  if (!m) return undefined;
  return { name: foldForCommand(m[1]!), args: (m[3] ?? '').trim(), word: m[1]!, ...(m[2] ? { bot: m[2] } : {}) };
}

/**
 * Whether a parsed command is written the plain way (ASCII letters and `_`,
 * an optional `@bot_name`): such a leading word is a command even when
 * nobody handles it, so question answering drops it before searching.
 */
export function isPlainCommand(cmd: ParsedCommand): boolean {
  return /^[a-z_]+$/i.test(cmd.word) && (cmd.bot === undefined || /^\w+$/.test(cmd.bot));
}

/** The first word of a command's arguments (folded) and the rest: `/thongbao Sửa 12` → `{ sub: 'sua', rest: '12' }`. */
export function splitSubcommand(args: string): { sub: string; rest: string } {
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args);
  return { sub: foldForCommand(m?.[1] ?? ''), rest: (m?.[2] ?? '').trim() };
}
