/**
 * Roles backed by the database: the `.env` lists (ADMIN_IDS, APPROVER_IDS,
 * STAFF_IDS) are the starting point, and admins grant or revoke roles in chat.
 * The latest grant for a `channel:id` wins over the `.env` approver and staff
 * lists; admins listed in
 * `.env` always stay admins, so nobody can lock the commune out by mistake.
 */
import { parsePrincipal } from '../core/deliver.js';
import type { Role, RoleResolver } from '../core/assistant.js';
import type { Db } from '../storage/db.js';

/** A role held by one person on one channel, and where it comes from. */
export interface RoleHolder {
  channel: string;
  userId: string;
  role: Role;
  source: 'env' | 'chat';
}

/** {@link RoleResolver} over the `.env` lists plus grants made in chat. */
export class DbRoleResolver implements RoleResolver {
  private readonly envAdmins: Set<string>;
  private readonly envStaff: Set<string>;
  private readonly envApprovers: Set<string>;
  private grants = new Map<string, Role>();

  constructor(
    private readonly db: Db,
    admins: readonly string[],
    staff: readonly string[],
    private readonly now: () => number = Date.now,
    approvers: readonly string[] = [],
  ) {
    this.envAdmins = new Set(admins);
    this.envStaff = new Set(staff);
    this.envApprovers = new Set(approvers);
    this.refresh();
  }

  /** Re-reads the grants table (after a grant, or when another process changed it). */
  refresh(): void {
    const rows = this.db
      .prepare(
        `SELECT channel, user_id, role FROM role_grants g
         WHERE id = (SELECT MAX(id) FROM role_grants h WHERE h.channel = g.channel AND h.user_id = g.user_id)`,
      )
      .all() as { channel: string; user_id: string; role: Role }[];
    this.grants = new Map(rows.map((r) => [`${r.channel}:${r.user_id}`, r.role]));
  }

  /** The role of a person on a channel. */
  roleOf(channel: string, userId: string): Role {
    const key = `${channel}:${userId}`;
    if (this.envAdmins.has(key)) return 'admin';
    const granted = this.grants.get(key);
    if (granted) return granted;
    if (this.envApprovers.has(key)) return 'approver';
    if (this.envStaff.has(key)) return 'staff';
    return 'resident';
  }

  /** Whether the `.env` file makes this person an admin (such roles cannot be changed in chat). */
  isEnvAdmin(channel: string, userId: string): boolean {
    return this.envAdmins.has(`${channel}:${userId}`);
  }

  /**
   * Records a grant (or, with role `resident`, a revocation). Returns an error
   * value instead of throwing when the change is not allowed.
   */
  grant(channel: string, userId: string, role: Role, grantedBy: string): { ok: true } | { ok: false; reason: string } {
    if (this.isEnvAdmin(channel, userId)) {
      return {
        ok: false,
        reason: 'Người này là quản trị viên khai báo trong tệp .env, không đổi được trong trò chuyện.',
      };
    }
    this.db
      .prepare('INSERT INTO role_grants (channel, user_id, role, granted_by, ts) VALUES (?, ?, ?, ?, ?)')
      .run(channel, userId, role, grantedBy, this.now());
    this.grants.set(`${channel}:${userId}`, role);
    return { ok: true };
  }

  /** Everyone who is admin, approver or staff now, `.env` entries first. */
  holders(): RoleHolder[] {
    const out = new Map<string, RoleHolder>();
    const add = (key: string, role: Role, source: RoleHolder['source']) => {
      const p = parsePrincipal(key);
      if (p) out.set(key, { ...p, role, source });
    };
    for (const k of this.envAdmins) add(k, 'admin', 'env');
    for (const k of this.envApprovers) if (!this.grants.has(k)) add(k, 'approver', 'env');
    for (const k of this.envStaff) if (!this.grants.has(k) && !this.envApprovers.has(k)) add(k, 'staff', 'env');
    for (const [k, role] of this.grants) {
      if (this.envAdmins.has(k)) continue;
      if (role === 'resident') out.delete(k);
      else add(k, role, 'chat');
    }
    return [...out.values()];
  }

  /** Approvers and admins: who may approve an announcement (from `.env` and from grants). */
  approvers(): RoleHolder[] {
    return this.holders().filter((h) => h.role === 'approver' || h.role === 'admin');
  }

  /** Admins (from `.env` and from grants), for notifications. */
  admins(): { channel: string; userId: string }[] {
    return this.holders().filter((h) => h.role === 'admin');
  }
}
