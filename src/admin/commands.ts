/**
 * Staff and admin commands of the admin part, as they are registered with
 * the core's command registry (core/commands): a {@link StaffCommand} is a
 * registry command whose handler also gets the admin part's {@link AdminEnv}.
 * The registry checks the role, gives the one refusal and writes the audit.
 *
 * @example
 * ```ts
 * const hello: StaffCommand = {
 *   name: 'chaocanbo',
 *   role: 'staff',
 *   help: 'chào cán bộ',
 *   run(ctx) {
 *     ctx.reply(infoReply('Xin chào!'));
 *     return { outcome: 'ok' };
 *   },
 * };
 * registerStaffCommands(app.assistant.commands, [hello], env);
 * ```
 */
import type { AppContext } from '../app/context.js';
import type { TurnContext } from '../core/assistant.js';
import type { Command, CommandOutcome } from '../core/commands/types.js';
import type { CommandRegistry } from '../core/commands/registry.js';
import type { Reply } from '../core/types.js';
import type { DbRoleResolver } from './roles.js';

export { allowed, refusalReply } from '../core/commands/access.js';
export type { CommandOutcome } from '../core/commands/types.js';

/** What a command needs besides the turn context. */
export interface AdminEnv {
  app: AppContext;
  roles: DbRoleResolver;
  now: () => number;
}

/** A staff or admin command: a registry command that also gets the admin environment and always reports an outcome. */
export interface StaffCommand extends Omit<Command, 'run' | 'role'> {
  /** Lowest role allowed to run it. */
  role: 'staff' | 'admin';
  run(ctx: TurnContext, args: string, env: AdminEnv): Promise<CommandOutcome> | CommandOutcome;
}

/** Where staff notices go: the staff chat (`STAFF_CHAT`), or every admin when none is set. */
export function staffChatOrAdmins(env: AdminEnv): readonly string[] | readonly { channel: string; userId: string }[] {
  return env.app.config.STAFF_CHAT.length > 0 ? env.app.config.STAFF_CHAT : env.roles.admins();
}

/** A short info reply. */
export function infoReply(text: string, title?: string): Reply {
  return { kind: 'info', ...(title ? { title } : {}), sections: [{ text }] };
}

/** A short error reply for bad input to a command. */
export function usageReply(text: string): Reply {
  return { kind: 'error', sections: [{ text }] };
}

/** The registry command of a staff command, bound to the environment. */
export function bindStaffCommand(cmd: StaffCommand, env: AdminEnv): Command {
  return { ...cmd, run: (ctx, args) => cmd.run(ctx, args, env) };
}

/** Registers staff commands with the core's registry. */
export function registerStaffCommands(registry: CommandRegistry, cmds: readonly StaffCommand[], env: AdminEnv): void {
  for (const c of cmds) registry.register(bindStaffCommand(c, env));
}
