/**
 * The one table of chat commands. Every part registers its commands here;
 * the registry finds a command by any of its names (with or without
 * diacritics), checks the role, refuses and audits in one place, and
 * generates `/help`, `/lenh` and Telegram's command menu.
 *
 * @example
 * ```ts
 * app.assistant.commands.register({
 *   name: 'xemphananh',
 *   aliases: ['dsphananh', 'xem phản ánh'],
 *   role: 'staff',
 *   usage: '[số]',
 *   help: 'phản ánh chưa trả lời, hoặc chi tiết một phản ánh',
 *   run(ctx, args) {
 *     ctx.reply({ kind: 'info', sections: [{ text: `Phản ánh ${args}` }] });
 *     return { outcome: 'ok' };
 *   },
 * });
 * ```
 */
import type { Role, TurnContext } from '../assistant.js';
import { foldForCommand } from '../../text/fold.js';
import { allowed, forResidents, refusalReply } from './access.js';
import type { AuditSink, Command, CommandAudit, HelpList } from './types.js';

/** A Telegram `setMyCommands` entry. */
export interface MenuCommand {
  command: string;
  description: string;
}

/** Folds a command name the way the parser does (spaces dropped: "dang ky" → "dangky"). */
function key(name: string): string {
  return foldForCommand(name).replace(/\s+/g, '');
}

/** The help line of a command: `/name usage: help`. */
export function helpLine(c: Pick<Command, 'name' | 'usage' | 'help'>, prefix = ''): string {
  return `/${prefix}${c.name}${c.usage ? ` ${c.usage}` : ''}: ${c.help}`;
}

/** Which help lists show a command. */
function listsOf(c: Command): readonly HelpList[] {
  return c.listIn ?? (forResidents(c.role) ? ['help'] : ['lenh']);
}

/** The registry of chat commands (one per assistant). */
export class CommandRegistry {
  private readonly commands: Command[] = [];
  private readonly byName = new Map<string, Command>();
  private sink?: AuditSink;

  /** Adds a command; throws when one of its names is taken (use {@link replace} to take a name over). */
  register(...cmds: Command[]): this {
    for (const c of cmds) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        const other = this.byName.get(key(n));
        if (other) throw new Error(`command name "${n}" of /${c.name} is taken by /${other.name}`);
      }
      this.commands.push(c);
      for (const n of [c.name, ...(c.aliases ?? [])]) this.byName.set(key(n), c);
    }
    return this;
  }

  /** Replaces the command of the same name, in its place (a part taking over a core command, e.g. `/gapcanbo`). */
  replace(cmd: Command): this {
    const old = this.byName.get(key(cmd.name));
    if (!old) return this.register(cmd);
    for (const [k, v] of this.byName) if (v === old) this.byName.delete(k);
    const at = this.commands.indexOf(old);
    this.commands.splice(at, 1);
    this.register(cmd);
    this.commands.splice(at, 0, this.commands.pop()!);
    return this;
  }

  /** The command with this name or alias. */
  find(name: string): Command | undefined {
    return this.byName.get(key(name));
  }

  /** Every command, in registration order. */
  list(): readonly Command[] {
    return this.commands;
  }

  /** The commands `role` may run that a help list shows, the list's own command last. */
  visible(role: Role, list: HelpList): Command[] {
    const own = list === 'help' ? 'help' : 'lenh';
    const mine = this.commands.filter((c) => listsOf(c).includes(list) && allowed(role, c.role));
    return [...mine.filter((c) => c.name !== own), ...mine.filter((c) => c.name === own)];
  }

  /** Help lines of {@link visible}. */
  helpLines(role: Role, list: HelpList): string[] {
    return this.visible(role, list).map((c) => helpLine(c));
  }

  /** Telegram's command menu: the commands with a menu description, in registration order. */
  menu(): MenuCommand[] {
    return this.commands.filter((c) => c.menu).map((c) => ({ command: c.name, description: c.menu! }));
  }

  /** Sets where audit lines go (the admin part's audit table). */
  auditWith(sink: AuditSink): this {
    this.sink = sink;
    return this;
  }

  /** Writes one audit line (nothing when no sink is set). */
  audit(ctx: TurnContext, entry: CommandAudit): void {
    this.sink?.(ctx, entry);
  }

  /** Refuses a command: the one refusal, logged and audited with the command's name. */
  refuse(ctx: TurnContext, action: string): void {
    ctx.log.info({ action }, 'staff command refused');
    this.audit(ctx, { action, outcome: 'refused' });
    ctx.reply(refusalReply());
  }
}
