/**
 * Admin commands: reload the knowledge, the unanswered-questions report and
 * "add alias", roles, the audit log and the report summary.
 */
import type { Role } from '../core/assistant.js';
import { ROLE_LABELS } from '../core/commands/access.js';
import type { Config } from '../config/index.js';
import { formatProblem } from '../knowledge/loader.js';
import { addAlias } from './alias.js';
import { recentAudit } from './audit.js';
import { infoReply, usageReply, type StaffCommand } from './commands.js';
import { reloadFailedReply, reloadOkReply, type KnowledgeWatcher } from './knowledge-watcher.js';
import { currentQuarter, parsePeriod } from './period.js';
import { collectReport, type PlanTargets } from './report-data.js';
import { reportReply } from './report-render.js';
import { parsePrincipal } from '../core/deliver.js';
import { foldForCommand as fold } from '../text/fold.js';
import { formatDateTime } from './text.js';
import { unansweredReply, unansweredReport } from './unanswered.js';

/** Plan targets from the configuration. */
export function targetsFromConfig(c: Config): PlanTargets {
  return {
    cchcNewsPerMonth: c.REPORT_TARGET_CCHC_NEWS_PER_MONTH,
    ...(c.REPORT_TARGET_ANSWERED_PCT !== undefined ? { answeredPct: c.REPORT_TARGET_ANSWERED_PCT } : {}),
    ...(c.REPORT_TARGET_TICKET_HOURS !== undefined ? { ticketResponseHours: c.REPORT_TARGET_TICKET_HOURS } : {}),
    ...(c.REPORT_TARGET_SATISFACTION !== undefined ? { satisfaction: c.REPORT_TARGET_SATISFACTION } : {}),
  };
}

/** `/capnhat`: reloads the knowledge now and reports the outcome to the admin. */
export function reloadCommand(watcher?: KnowledgeWatcher): StaffCommand {
  return {
    name: 'capnhat',
    aliases: ['naplai'],
    role: 'admin',
    help: 'nạp lại cơ sở tri thức ngay (báo lỗi nếu tệp sai)',
    async run(ctx) {
      const r = await ctx.knowledge.reload();
      watcher?.noteResult(r); // so automatic reloads neither repeat these problems nor miss a fix
      if (!r.ok) {
        ctx.reply(reloadFailedReply(r.problems));
        return { outcome: 'failed', detail: r.problems.slice(0, 3).map(formatProblem).join('; ').slice(0, 300) };
      }
      ctx.reply(reloadOkReply(r, false));
      return { outcome: 'ok', detail: `${r.entries} entries` };
    },
  };
}

/** `/chuatraloi [7|30]`: the most frequent unanswered questions, with "add alias" buttons. */
export const unansweredCommand: StaffCommand = {
  name: 'chuatraloi',
  aliases: ['cauhoimoi'],
  role: 'admin',
  usage: '[7|30]',
  help: 'câu hỏi chưa trả lời được nhiều nhất trong 7 (hoặc 30) ngày',
  run(ctx, args, env) {
    const days = /^\d{1,3}$/.test(args) ? Math.min(365, Math.max(1, Number(args))) : 7;
    ctx.reply(unansweredReply(unansweredReport(ctx.db, { days, now: env.now(), limit: 15 }), days));
    return { outcome: 'ok', detail: `${days} days` };
  },
};

/** `/themtukhoa <mã mục> <từ khoá>`: adds an alias to an entry, validates and reloads. */
export const addAliasCommand: StaffCommand = {
  name: 'themtukhoa',
  aliases: ['themalias'],
  role: 'admin',
  usage: '<mã mục> <từ khoá>',
  help: 'thêm cách hỏi (alias) cho một mục, kiểm tra rồi nạp lại',
  async run(ctx, args) {
    const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)\s+(.+)$/.exec(args);
    if (!m) {
      ctx.reply(
        usageReply('Cú pháp: /themtukhoa <mã mục> <từ khoá>. Ví dụ: /themtukhoa khai-sinh lam giay khai sinh cho be'),
      );
      return { outcome: 'failed', detail: 'usage' };
    }
    const r = await addAlias(ctx.knowledge, m[1]!, m[2]!);
    if (!r.ok) {
      ctx.reply(usageReply(`Chưa thêm được: ${r.message}`));
      return { outcome: 'failed', detail: `${m[1]}: ${r.reason}` };
    }
    ctx.reply(
      infoReply(
        `Đã thêm từ khoá "${m[2]!.trim()}" vào mục ${m[1]} (tệp ${r.file}) và nạp lại tri thức (${r.entries} mục).`,
      ),
    );
    return { outcome: 'ok', detail: `alias added to ${m[1]}` };
  },
};

const ROLE_WORDS: Record<string, Role> = {
  admin: 'admin',
  quantri: 'admin',
  'quan tri': 'admin',
  staff: 'staff',
  canbo: 'staff',
  'can bo': 'staff',
  approver: 'approver',
  duyet: 'approver',
  nguoiduyet: 'approver',
  'nguoi duyet': 'approver',
};

/** `/capquyen <kênh:id> <canbo|nguoiduyet|quantri>`: grants a role. */
export const grantCommand: StaffCommand = {
  name: 'capquyen',
  role: 'admin',
  usage: '<kênh:id> <canbo|nguoiduyet|quantri>',
  help: 'cấp quyền cán bộ, người duyệt thông báo hoặc quản trị',
  run(ctx, args, env) {
    const [who, ...rest] = args.split(/\s+/);
    const p = parsePrincipal(who ?? '');
    const role = ROLE_WORDS[fold(rest.join(' '))];
    if (!p || !role) {
      ctx.reply(
        usageReply(
          'Cú pháp: /capquyen <kênh:id> <canbo|nguoiduyet|quantri>. Ví dụ: /capquyen telegram:123456789 canbo',
        ),
      );
      return { outcome: 'failed', detail: 'usage' };
    }
    const r = env.roles.grant(p.channel, p.userId, role, ctx.userHash);
    if (!r.ok) {
      ctx.reply(usageReply(r.reason));
      return { outcome: 'failed', detail: 'env admin' };
    }
    ctx.reply(infoReply(`Đã cấp quyền ${ROLE_LABELS[role]} cho ${p.channel}:${p.userId}.`));
    return {
      outcome: 'ok',
      detail: `grant ${role} to ${env.app.assistant.hashUser(p.channel, p.userId)}@${p.channel}`,
    };
  },
};

/** `/thuhoi <kênh:id>`: revokes a role (the person becomes a resident). */
export const revokeCommand: StaffCommand = {
  name: 'thuhoi',
  aliases: ['thuhoiquyen'],
  role: 'admin',
  usage: '<kênh:id>',
  help: 'thu hồi quyền cán bộ, người duyệt, quản trị',
  run(ctx, args, env) {
    const p = parsePrincipal(args);
    if (!p) {
      ctx.reply(usageReply('Cú pháp: /thuhoi <kênh:id>. Ví dụ: /thuhoi telegram:123456789'));
      return { outcome: 'failed', detail: 'usage' };
    }
    const r = env.roles.grant(p.channel, p.userId, 'resident', ctx.userHash);
    if (!r.ok) {
      ctx.reply(usageReply(r.reason));
      return { outcome: 'failed', detail: 'env admin' };
    }
    ctx.reply(infoReply(`Đã thu hồi quyền của ${p.channel}:${p.userId}.`));
    return { outcome: 'ok', detail: `revoke ${env.app.assistant.hashUser(p.channel, p.userId)}@${p.channel}` };
  },
};

/** `/quyen`: who holds which role. */
export const rolesCommand: StaffCommand = {
  name: 'quyen',
  aliases: ['dsquyen'],
  role: 'admin',
  help: 'danh sách cán bộ, người duyệt, quản trị viên',
  run(ctx, _args, env) {
    const items = env.roles
      .holders()
      .map((h) => `${h.channel}:${h.userId}: ${ROLE_LABELS[h.role]}${h.source === 'env' ? ' (.env)' : ''}`);
    ctx.reply({
      kind: 'list',
      title: 'Cán bộ, người duyệt, quản trị viên',
      sections: [{ items: items.length ? items : ['(chưa có ai)'] }],
    });
    return { outcome: 'ok' };
  },
};

/** `/nhatky [n]`: the latest audit log lines. */
export const auditCommand: StaffCommand = {
  name: 'nhatky',
  role: 'admin',
  usage: '[số dòng]',
  help: 'nhật ký thao tác của cán bộ, quản trị',
  run(ctx, args, env) {
    const n = /^\d{1,3}$/.test(args) ? Math.min(100, Number(args)) : 15;
    const items = recentAudit(ctx.db, n).map(
      (e) =>
        `${formatDateTime(e.ts, env.app.config.TZ_NAME)} · ${e.channel}/${e.userHash.slice(0, 8)} (${e.role}) · ${e.action} · ${e.outcome}${e.detail ? ` · ${e.detail}` : ''}`,
    );
    ctx.reply({ kind: 'list', title: 'Nhật ký thao tác', sections: [{ items: items.length ? items : ['(trống)'] }] });
    return { outcome: 'ok' };
  },
};

/** `/baocao [2026Q1|2026-03|2026H1|2026]`: the report summary in chat. */
export const reportCommand: StaffCommand = {
  name: 'baocao',
  role: 'admin',
  usage: '[2026Q1 | 2026-03 | 2026H1 | 2026]',
  help: 'tóm tắt báo cáo (mặc định quý hiện tại)',
  run(ctx, args, env) {
    const tz = env.app.config.TZ_NAME;
    const p = args ? parsePeriod(args, tz) : currentQuarter(env.now(), tz);
    if (!p) {
      ctx.reply(
        usageReply('Kỳ báo cáo chưa đúng. Ví dụ: /baocao 2026Q1, /baocao 2026-03, /baocao 2026H1, /baocao 2026'),
      );
      return { outcome: 'failed', detail: 'usage' };
    }
    const data = collectReport(ctx.db, p, {
      kb: ctx.knowledge.kb,
      targets: targetsFromConfig(env.app.config),
      now: env.now(),
    });
    ctx.reply(reportReply(data));
    return { outcome: 'ok', detail: p.label };
  },
};
