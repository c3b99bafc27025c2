/**
 * Role checks and the one refusal of every command.
 *
 * @example
 * ```ts
 * allowed('staff', 'admin');             // false
 * allowed('approver', 'staff');          // true: approvers are staff who also approve
 * allowed('staff', ['staff', 'admin']);  // true
 * ctx.reply(refusalReply());             // the same words whatever the command
 * ```
 */
import type { Role } from '../assistant.js';
import type { Reply } from '../types.js';
import type { CommandAccess } from './types.js';

/**
 * Rank of the roles on the resident < staff < approver < admin ladder: an
 * approver may run every staff command, an admin every approver command.
 */
const RANK: Record<Role, number> = { resident: 0, staff: 1, approver: 2, admin: 3 };

/** The Vietnamese name of each role, as lists and grant messages show it. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'quản trị viên',
  approver: 'người duyệt',
  staff: 'cán bộ',
  resident: 'người dân',
};

/** Whether `role` may run a command open to `access`. */
export function allowed(role: Role, access: CommandAccess): boolean {
  return typeof access === 'string' ? RANK[role] >= RANK[access] : access.includes(role);
}

/** Whether residents may run a command open to `access`. */
export function forResidents(access: CommandAccess): boolean {
  return allowed('resident', access);
}

/** The words of the refusal (kept short: nothing about the command leaks). */
export const REFUSAL_TEXT = 'Xin lỗi, lệnh này chỉ dành cho cán bộ xã.';

/** The refusal every unauthorised command gets, from every part. */
export function refusalReply(): Reply {
  return { kind: 'refusal', sections: [{ text: REFUSAL_TEXT }] };
}
