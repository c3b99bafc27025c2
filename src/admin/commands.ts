/**
 * Staff and admin commands: one middleware that recognises every registered
 * command, checks the sender's role, runs it and writes the audit log.
 *
 * A resident (or staff member trying an admin command) gets one short,
 * identical refusal whatever the command: nothing about it leaks.
 */
import type { App } from '../app/app.js';
import type { Middleware, Role, TurnContext } from '../core/assistant.js';
import type { Reply } from '../core/types.js';
import { writeAudit } from './audit.js';
import type { DbRoleResolver } from './roles.js';
import { parseCommand } from '../text/command.js';

/** What a command needs besides the turn context. */
export interface AdminEnv {
  app: App;
  roles: DbRoleResolver;
  now: () => number;
}

/** Result of a command: the outcome and a non-personal detail for the audit log. */
export interface CommandOutcome {
  outcome: 'ok' | 'failed';
  detail?: string;
}

/** A staff or admin command. */
export interface StaffCommand {
  /** Names without the slash, folded (no diacritics), e.g. `capnhat`. */
  names: string[];
  /** Lowest role allowed to run it. */
  role: 'staff' | 'admin';
  /** One line of help: usage and what it does. */
  help: string;
  run(ctx: TurnContext, args: string, env: AdminEnv): Promise<CommandOutcome> | CommandOutcome;
}

/** A help line of a command another part handles itself (listed by `/lenh`). */
export type StaffHelp = Pick<StaffCommand, 'role' | 'help'>;

const RANK: Record<Role, number> = { resident: 0, staff: 1, admin: 2 };

/** The refusal every unauthorised command gets. */
export function refusalReply(): Reply {
  return { kind: 'refusal', sections: [{ text: 'Xin lỗi, lệnh này chỉ dành cho cán bộ xã.' }] };
}

/** A short info reply. */
export function infoReply(text: string, title?: string): Reply {
  return { kind: 'info', ...(title ? { title } : {}), sections: [{ text }] };
}

/** A short error reply for bad input to a command. */
export function usageReply(text: string): Reply {
  return { kind: 'error', sections: [{ text }] };
}

/** Whether `role` may run a command that needs `needed`. */
export function allowed(role: Role, needed: StaffCommand['role']): boolean {
  return RANK[role] >= RANK[needed];
}

/**
 * Builds the command middleware over a list of commands. `extraHelp` lists
 * commands of other parts in `/lenh` (read at each use, so parts installed
 * later can add to it).
 */
export function commandMiddleware(
  commands: readonly StaffCommand[],
  env: AdminEnv,
  extraHelp: readonly StaffHelp[] = [],
): Middleware {
  const byName = new Map<string, StaffCommand>();
  for (const c of commands) for (const n of c.names) byName.set(n, c);
  const help: StaffCommand = {
    names: ['lenh', 'lenhcanbo'],
    role: 'staff',
    help: '/lenh: danh sách lệnh của cán bộ, quản trị viên',
    run(ctx) {
      const mine = [...commands, ...extraHelp, help].filter((c) => allowed(ctx.role, c.role));
      ctx.reply({ kind: 'help', title: 'Lệnh dành cho cán bộ', sections: [{ items: mine.map((c) => c.help) }] });
      return { outcome: 'ok' };
    },
  };
  for (const n of help.names) byName.set(n, help);
  return async (ctx, next) => {
    const cmd = parseCommand(ctx.text);
    const found = cmd ? byName.get(cmd.name) : undefined;
    if (!cmd) return next();
    if (!found) {
      // Staff commands of other parts (e.g. /thongbao) are audited too: command and sub-command only.
      if (ctx.role !== 'resident') {
        const sub = /^[a-z]{1,20}\b/.exec(cmd.args)?.[0];
        await next();
        writeAudit(ctx.db, {
          ts: env.now(),
          channel: ctx.message.channel,
          userHash: ctx.userHash,
          role: ctx.role,
          action: sub ? `${cmd.name} ${sub}` : cmd.name,
          detail: 'handled by another part',
          outcome: 'ok',
        });
        return;
      }
      return next();
    }
    const base = {
      ts: env.now(),
      channel: ctx.message.channel,
      userHash: ctx.userHash,
      role: ctx.role,
      action: found.names[0]!,
    };
    if (!allowed(ctx.role, found.role)) {
      ctx.log.info({ action: base.action }, 'staff command refused');
      writeAudit(ctx.db, { ...base, outcome: 'refused' });
      ctx.reply(refusalReply());
      return;
    }
    let result: CommandOutcome;
    try {
      result = await found.run(ctx, cmd.args, env);
    } catch (err) {
      ctx.log.error({ err, action: base.action }, 'staff command failed');
      ctx.reply(usageReply('Xin lỗi, lệnh chưa thực hiện được do lỗi hệ thống. Vui lòng thử lại sau.'));
      result = { outcome: 'failed', detail: 'internal error' };
    }
    writeAudit(ctx.db, { ...base, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
    ctx.log.info({ action: base.action, outcome: result.outcome }, 'staff command');
  };
}
