/**
 * Approval in the console, on an announcement's page: its state ("Chờ
 * duyệt", who can approve, the comment of a return) and, for an approver or
 * admin who did not write or last edit it, the two forms "Duyệt" and "Trả
 * lại" (with a comment). The rules are the engine's (announcements/approval.ts),
 * the same as in chat and on the command line.
 */
import type { FastifyRequest } from 'fastify';
import { approversText, canApprove, isAuthor, refusalText } from '../../announcements/approval.js';
import type { Announcement } from '../../announcements/model.js';
import type { Announcements } from '../../announcements/service.js';
import { audit, type AuthEnv } from '../auth.js';
import { html, type Html } from '../layout.js';
import { PATH } from './announcements.js';

/** The viewer as a reviewer: `channel:<hashed id>` and their role now. */
export function viewerReviewer(req: FastifyRequest): {
  key: string;
  role: NonNullable<FastifyRequest['viewer']>['role'];
} {
  const v = req.viewer!;
  return { key: `${v.channel}:${v.userHash}`, role: v.role };
}

/** The approval box of an announcement waiting for approval or returned (empty otherwise). */
export function reviewBox(ann: Announcements, a: Announcement, req: FastifyRequest): Html | '' {
  if (a.status === 'returned')
    return html`<section class="box" aria-label="Duyệt"><h2>Được trả lại để sửa</h2><p>Góp ý của người duyệt: ${a.review.comment ?? ''}</p><p>Sau khi bạn sửa, thông báo được gửi duyệt lại.</p></section>`;
  if (a.status !== 'pending_approval') return '';
  const who = viewerReviewer(req);
  const csrf = req.viewer!.csrf;
  const may = canApprove(who.role) && !isAuthor(a, who.key);
  const why = !canApprove(who.role)
    ? refusalText('not_approver', a.id)
    : isAuthor(a, who.key)
      ? refusalText('self', a.id)
      : '';
  const forms = may
    ? html`<form method="post" action="${PATH}/${a.id}/duyet" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Duyệt</button></form>
<form method="post" action="${PATH}/${a.id}/tralai"><input type="hidden" name="_csrf" value="${csrf}"><label>Góp ý cho người soạn <textarea name="comment" required maxlength="1000" rows="3"></textarea></label><button type="submit">Trả lại</button></form>`
    : html`<p>${why}</p>`;
  return html`<section class="box" aria-label="Duyệt"><h2>Chờ duyệt</h2><p>Thông báo chỉ được gửi sau khi được duyệt. ${approversText(ann.approvers())}</p>${forms}</section>`;
}

/** `POST …/:id/duyet` and `…/:id/tralai`: records the decision (audited) and says what happened. */
export function reviewAction(
  env: AuthEnv,
  req: FastifyRequest,
  ann: Announcements,
  a: Announcement,
  kind: 'duyet' | 'tralai',
): { ok: boolean; text: string } {
  const who = viewerReviewer(req);
  const comment = String((req.body as Record<string, unknown> | undefined)?.comment ?? '');
  const r = kind === 'duyet' ? ann.approve(a.id, who) : ann.returnForChanges(a.id, who, comment);
  audit(env, req, `thongbao ${kind}`, r.ok ? 'ok' : 'failed', `#${a.id}${r.ok ? '' : ` ${r.reason}`}`);
  if (!r.ok) return { ok: false, text: refusalText(r.reason, a.id) };
  if (kind === 'tralai') return { ok: true, text: `Đã trả lại thông báo #${a.id} cho người soạn.` };
  return {
    ok: true,
    text: `Đã duyệt thông báo #${a.id}.${r.late ? ' Giờ hẹn đã qua nên thông báo được gửi ngay.' : ''}`,
  };
}
