/**
 * `ANNOUNCE_APPROVAL`: which announcements need a second person's approval
 * before they are sent or scheduled. A comma-separated list of audiences and
 * kinds; one matching item is enough. `never` and `always` stand alone.
 *
 * | Item | Needs approval |
 * |---|---|
 * | `all` (default) | sent to all subscribers |
 * | `topic:<id>` | sent to one topic, e.g. `topic:cchc` |
 * | `village` / `village:<id>` | sent to any village / to that village |
 * | `groups` | sent to chosen groups |
 * | `oa-article` (default) | an OA article broadcast to every follower of the Zalo OA (wider than all subscribers) |
 * | `recurring` | on a cron schedule |
 * | `promo` | marked promotional |
 * | `always` / `never` | every announcement / none |
 *
 * @example
 * ```ts
 * parseApprovalRule('all, topic:cchc, recurring'); // { ok: true, rule: ['all', 'topic:cchc', 'recurring'] }
 * parseApprovalRule('never');                      // { ok: true, rule: [] }
 * ```
 */
import { z } from 'zod';

/** The items of the rule, normalised (lower case); `[]` is "never", `['always']` is "always". */
export type ApprovalRule = readonly string[];

const ITEM = /^(always|never|all|groups|oa-article|recurring|promo|village(:[a-z0-9_-]+)?|topic:[a-z0-9_:-]+)$/;

/** Reads an `ANNOUNCE_APPROVAL` value, or the Vietnamese reason it is wrong. */
export function parseApprovalRule(raw: string): { ok: true; rule: ApprovalRule } | { ok: false; error: string } {
  const items = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = items.find((i) => !ITEM.test(i));
  if (bad)
    return {
      ok: false,
      error: `"${bad}" chưa đúng; dùng all, topic:<mã>, village, village:<id>, groups, oa-article, recurring, promo, always hoặc never`,
    };
  if ((items.includes('never') || items.includes('always')) && items.length > 1)
    return { ok: false, error: 'always và never phải đứng một mình' };
  if (items.length === 0 || items[0] === 'never') return { ok: true, rule: [] };
  return { ok: true, rule: [...new Set(items)] };
}

/** The default: anything to all subscribers, and an OA article, which reaches every follower of the OA. */
export const DEFAULT_APPROVAL = 'all,oa-article';

/** The zod schema of `ANNOUNCE_APPROVAL` (default {@link DEFAULT_APPROVAL}). */
export const approvalRuleSchema = z
  .string()
  .default(DEFAULT_APPROVAL)
  .transform((s, ctx): ApprovalRule => {
    const r = parseApprovalRule(s);
    if (r.ok) return r.rule;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });
