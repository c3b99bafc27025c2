/**
 * The shape of a chat command, as every part registers it with the
 * {@link CommandRegistry} (see registry.ts for an example).
 */
import type { Role, TurnContext } from '../assistant.js';

/**
 * Who may run a command: the lowest role on the resident < staff < approver
 * < admin ladder (`'staff'` lets staff, approvers and admins in), or exactly
 * the roles listed.
 */
export type CommandAccess = Role | readonly Role[];

/** Where a command's help line is listed: `/help` (everyone) or `/lenh` (staff and admins). */
export type HelpList = 'help' | 'lenh';

/** The result of a command for the audit log: the outcome and a non-personal detail. */
export interface CommandOutcome {
  outcome: 'ok' | 'failed';
  detail?: string;
}

/**
 * What a handler returns: an outcome (audited as such), nothing (audited as
 * done when a staff member ran it), or `'next'` to let later middleware and
 * question answering read the message as if no command had matched.
 */
export type CommandResult = CommandOutcome | 'next' | undefined;

/** A subcommand (`/thongbao moi`): listed in its command's own help. */
export interface Subcommand {
  /** Folded name (no diacritics), e.g. `doigio`. */
  name: string;
  /** Other names, e.g. `help` for the empty subcommand. */
  aliases?: readonly string[];
  /** Arguments, e.g. `<số> <giờ ngày>`. */
  usage?: string;
  /** One line of Vietnamese help. */
  help: string;
}

/** A chat command. */
export interface Command {
  /** Name without the slash, folded (lowercase, no diacritics), e.g. `capnhat`. */
  name: string;
  /** Other names; the registry folds them, so `đăngký` and `dangky` are the same. */
  aliases?: readonly string[];
  /** Who may run it; anyone else gets the one refusal (audited). */
  role: CommandAccess;
  /** Arguments shown in help, e.g. `[7|30]` or `<số>`. */
  usage?: string;
  /** One line of Vietnamese help: what the command does. */
  help: string;
  /** The description in Telegram's command menu; commands without it are left out of the menu. */
  menu?: string;
  /**
   * Which help lists show it. Default: `/help` when residents may run it,
   * otherwise `/lenh`. `[]` hides commands reached only through buttons.
   */
  listIn?: readonly HelpList[];
  /** `'self'`: the part writes the audit log itself (the registry still audits refusals). */
  audit?: 'self';
  /** Subcommands, for help and documentation. */
  subcommands?: readonly Subcommand[];
  /** Runs the command with the text after the command word. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may end without a result, sync or async
  run(ctx: TurnContext, args: string): Promise<CommandResult | void> | CommandResult | void;
}

/** One line written to the audit log by the registry. */
export interface CommandAudit {
  action: string;
  outcome: 'ok' | 'failed' | 'refused';
  detail?: string;
}

/** Where audit lines go (the admin part writes them to its table). */
export type AuditSink = (ctx: TurnContext, entry: CommandAudit) => void;
