/**
 * Approval on the command line (`npm run announce -- pending | approve <id>
 * --as <kênh:id> | return <id> --as <kênh:id> --comment "…"`), and the
 * engine the announce CLI runs on: the same approval rule and roles as the
 * running assistant. The person acting is named with `--as kênh:id` (the
 * account they use in chat): it is checked against the roles, hashed for the
 * audit log like chat ids, and compared with the author for the self-approval rule.
 */
import { writeAudit } from '../admin/audit.js';
import { DbRoleResolver } from '../admin/roles.js';
import { approversText, refusalText } from '../announcements/approval.js';
import { approversOf } from '../announcements/index.js';
import type { Announcement } from '../announcements/model.js';
import { Announcements } from '../announcements/service.js';
import type { Config } from '../config/index.js';
import type { Role } from '../core/assistant.js';
import { ROLE_LABELS } from '../core/commands/access.js';
import { parsePrincipal } from '../core/deliver.js';
import { hashUserId, silentLogger } from '../log/index.js';
import { userIdSalt } from '../storage/core.js';
import type { Db } from '../storage/db.js';

/** The announce CLI's engine, roles and id hashing. */
export interface CliEnv {
  db: Db;
  ann: Announcements;
  roles: DbRoleResolver;
  hash(channel: string, id: string): string;
}

/** Someone named with `--as`: their principal, `channel:hash` key and role now. */
export interface CliActor {
  principal: string;
  channel: string;
  key: string;
  role: Role;
}

/** Builds the engine the CLI uses (no channels: the running assistant sends), with the commune's approval rule. */
export function cliEnv(db: Db, config: Config): CliEnv {
  const roles = new DbRoleResolver(db, config.ADMIN_IDS, config.STAFF_IDS, Date.now, config.APPROVER_IDS);
  const salt = userIdSalt(db, config.USER_ID_SALT);
  const hash = (channel: string, id: string) => hashUserId(salt, channel, id);
  const ann = new Announcements({
    db,
    log: silentLogger,
    channels: new Map(),
    hashUser: hash,
    tz: config.TZ_NAME,
    approval: config.ANNOUNCE_APPROVAL,
    approvers: () => approversOf(roles),
  });
  return { db, ann, roles, hash };
}

/** Reads `--as kênh:id`: the person must hold a role above resident. Returns the reason when not. */
export function actorOf(env: CliEnv, as: string | undefined): CliActor | { error: string } {
  const p = as ? parsePrincipal(as) : undefined;
  if (!p) return { error: 'Thêm --as kênh:id (tài khoản trò chuyện của bạn), ví dụ --as telegram:123456789.' };
  const role = env.roles.roleOf(p.channel, p.userId);
  if (role === 'resident')
    return { error: `${p.channel}:${p.userId} không có quyền cán bộ. Nhờ quản trị viên cấp quyền trước.` };
  return {
    principal: `${p.channel}:${p.userId}`,
    channel: p.channel,
    key: `${p.channel}:${env.hash(p.channel, p.userId)}`,
    role,
  };
}

/** Writes one CLI audit line (channel `cli`, the actor's hashed id, never the raw id or the text). */
export function auditCli(
  env: CliEnv,
  actor: CliActor | undefined,
  action: string,
  outcome: 'ok' | 'failed' | 'refused',
  detail: string,
): void {
  writeAudit(env.db, {
    ts: Date.now(),
    channel: 'cli',
    userHash: actor?.key ?? 'cli',
    role: actor?.role ?? 'admin',
    action: `cli ${action}`,
    outcome,
    detail,
  });
}

/** The "Chờ duyệt" line printed after creating or editing one that waits for approval. */
export function waitingLine(env: CliEnv, a: Announcement): string {
  return `Chờ duyệt: thông báo #${a.id} chỉ được gửi sau khi được duyệt. ${approversText(env.ann.approvers())}\n`;
}

/** `pending`: announcements waiting for approval, one a line. */
export function pendingText(env: CliEnv): string {
  const list = env.ann.store.pending();
  if (list.length === 0) return 'Không có thông báo nào chờ duyệt.\n';
  const lines = list.map((a) => `#${a.id}\t${a.title ?? a.body.slice(0, 40)}`);
  return `${lines.join('\n')}\n${approversText(env.ann.approvers())}\n`;
}

/** `approve <id>` / `return <id> --comment …` as `actor`: the result line, audited. */
export function reviewCli(
  env: CliEnv,
  actor: CliActor,
  kind: 'approve' | 'return',
  id: number,
  comment = '',
): { ok: boolean; text: string } {
  const who = { key: actor.key, role: actor.role };
  const r = kind === 'approve' ? env.ann.approve(id, who) : env.ann.returnForChanges(id, who, comment);
  auditCli(
    env,
    actor,
    `thongbao ${kind === 'approve' ? 'duyet' : 'tralai'}`,
    r.ok ? 'ok' : 'failed',
    `#${id}${r.ok ? '' : ` ${r.reason}`}`,
  );
  if (!r.ok) {
    const as = r.reason === 'not_approver' ? ` (${actor.principal} là ${ROLE_LABELS[actor.role]})` : '';
    return { ok: false, text: `${refusalText(r.reason, id)}${as}` };
  }
  if (kind === 'return') return { ok: true, text: `Đã trả lại thông báo #${id} cho người soạn.` };
  const late = r.late ? ' Giờ hẹn đã qua nên trợ lý đang chạy sẽ gửi ngay.' : '';
  return { ok: true, text: `Đã duyệt thông báo #${id}. Trợ lý đang chạy sẽ gửi theo lịch.${late}` };
}
