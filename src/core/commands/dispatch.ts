/**
 * The middleware that runs registered commands: it parses the message with
 * the one command parser, finds the command, checks the role (refusing in
 * one place), runs it and writes the audit line of staff actions.
 *
 * @example
 * ```ts
 * const mw = commandDispatch(assistant.commands); // the assistant puts it in front of question answering
 * ```
 */
import type { Middleware, TurnContext } from '../assistant.js';
import { parseCommand, type ParsedCommand } from '../../text/command.js';
import type { Reply } from '../types.js';
import { allowed, forResidents } from './access.js';
import type { CommandRegistry } from './registry.js';
import type { Command, CommandResult } from './types.js';

const FAILED: Reply = {
  kind: 'error',
  sections: [{ text: 'Xin lỗi, lệnh chưa thực hiện được do lỗi hệ thống. Vui lòng thử lại sau.' }],
};

/** `name sub` for the audit log: the command and its first argument word when it is a plain word. */
function actionOf(cmd: ParsedCommand): string {
  const sub = /^[a-z]{1,20}\b/.exec(cmd.args)?.[0];
  return sub ? `${cmd.name} ${sub}` : cmd.name;
}

/** Runs a staff-level command; an internal error becomes a short apology and a failed outcome. */
async function runGuarded(ctx: TurnContext, c: Command, args: string): Promise<CommandResult> {
  if (forResidents(c.role)) return (await c.run(ctx, args)) ?? undefined;
  try {
    return (await c.run(ctx, args)) ?? undefined;
  } catch (err) {
    ctx.log.error({ err, action: c.name }, 'staff command failed');
    ctx.reply(FAILED);
    return { outcome: 'failed', detail: 'internal error' };
  }
}

/** Builds the dispatch middleware over a registry. */
export function commandDispatch(registry: CommandRegistry): Middleware {
  return async (ctx, next) => {
    const parsed = parseCommand(ctx.text);
    if (!parsed) return next();
    const c = registry.find(parsed.name);
    const staff = ctx.role !== 'resident';
    if (!c) {
      await next();
      // Staff actions are audited even when nothing registered knows the command: command and first word only.
      if (staff) registry.audit(ctx, { action: actionOf(parsed), outcome: 'ok', detail: 'handled by another part' });
      return;
    }
    if (!allowed(ctx.role, c.role)) return registry.refuse(ctx, c.name);
    const result = await runGuarded(ctx, c, parsed.args);
    if (result === 'next') await next();
    if (!staff || c.audit === 'self') return;
    if (result && result !== 'next') {
      registry.audit(ctx, {
        action: c.name,
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
      });
      ctx.log.info({ action: c.name, outcome: result.outcome }, 'staff command');
    } else registry.audit(ctx, { action: actionOf(parsed), outcome: 'ok' });
  };
}
