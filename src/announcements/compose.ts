/**
 * The staff compose flow, kept in the session: text → preview and audience
 * → time (now, at a local time, or cron) → confirm.
 */
import type { TurnContext } from '../core/assistant.js';
import type { CommandOutcome } from '../core/commands/types.js';
import type { Reply, ReplyButton } from '../core/types.js';
import { approversText } from './approval.js';
import type { Audience, Schedule } from './model.js';
import { reachText } from './reach.js';
import { announcementReply } from './render.js';
import type { Announcements } from './service.js';
import { cronError, formatLocal, parseLocalDateTime, upcomingRunsText } from './time.js';
import { allTopics, findTopic, topicLabel } from './topics.js';

/** Session key of the draft. */
export const DRAFT_KEY = 'announce.draft';

/** A draft announcement in the session. */
export interface Draft {
  step: 'text' | 'audience' | 'groups' | 'when' | 'at' | 'cron' | 'confirm';
  /** When editing an existing announcement's text. */
  editId?: number;
  title?: string | null;
  body?: string;
  audience?: Audience;
  schedule?: Schedule;
}

/** Longest announcement text, in characters. */
export const MAX_BODY = 3000;
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** What staff typed, cleaned: NFC, Unix line ends, no control or invisible characters, at most 3000 characters. */
export function cleanAnnouncementText(raw: string): string {
  return raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, ' ').trim().slice(0, MAX_BODY);
}

/** Title (first line, if short and followed by more) and body of what staff typed. */
export function splitAnnouncementText(raw: string): { title: string | null; body: string } | undefined {
  const text = cleanAnnouncementText(raw);
  if (!text) return undefined;
  const lines = text.split('\n');
  const first = lines[0]!.trim();
  const rest = lines.slice(1).join('\n').trim();
  if (rest && first.length <= 100) return { title: first, body: rest };
  return { title: null, body: text };
}

/** Describes an audience in Vietnamese. */
export function audienceLabel(ctx: Pick<TurnContext, 'knowledge'>, a: Audience): string {
  if (a.kind === 'all') return 'Tất cả người đăng ký';
  if (a.kind === 'topic') return `Người nhận tin "${topicLabel(ctx.knowledge.kb, a.topic)}"`;
  if (a.kind === 'oa_article') return `Mọi người quan tâm OA Zalo (bài viết ${a.articleId})`;
  return `${a.chats.length} nhóm đã chọn`;
}

/** Describes a schedule in Vietnamese. */
export function scheduleLabel(s: Schedule, tz: string, now = Date.now()): string {
  if (s.kind === 'now') return 'Gửi ngay';
  if (s.kind === 'at') return `Gửi lúc ${formatLocal(s.at, tz)}`;
  return `Định kỳ theo lịch "${s.cron}", các lần gửi tới: ${upcomingRunsText(s.cron, tz, now, 3)}`;
}

function ask(title: string, text: string, buttons?: ReplyButton[]): Reply {
  return { kind: 'info', title, sections: [{ text }], ...(buttons ? { buttons } : {}) };
}

function audienceButtons(ctx: TurnContext, ann: Announcements): ReplyButton[] {
  const b: ReplyButton[] = [{ label: 'Tất cả người đăng ký', payload: '/thongbao chon all' }];
  for (const t of allTopics(ctx.knowledge.kb)) b.push({ label: t.label, payload: `/thongbao chon ${t.word}` });
  if (ann.subscriptions.groups().length > 0) b.push({ label: 'Chọn nhóm', payload: '/thongbao chon nhom' });
  b.push({ label: 'Bỏ bản nháp', payload: '/thongbao thoat' });
  return b;
}

/** Starts a new draft. */
export function startDraft(ctx: TurnContext, editId?: number): void {
  ctx.session.set(DRAFT_KEY, { step: 'text', ...(editId ? { editId } : {}) } satisfies Draft);
  ctx.reply(
    ask(
      editId ? `Sửa nội dung thông báo #${editId}` : 'Soạn thông báo mới',
      'Gửi nội dung thông báo trong một tin nhắn. Dòng đầu (nếu ngắn) là tiêu đề. Gõ /thongbao thoat để bỏ.',
    ),
  );
}

/** What the staff member sent while a draft waits: text, a recipient choice, a time, or the confirmation. */
export type DraftInput =
  | { kind: 'text'; raw: string }
  | { kind: 'choose'; value: string }
  | { kind: 'when'; value: string }
  | { kind: 'confirm' };

/** What a draft step gives back: nothing (it only replied) or the command's audit outcome. */
// biome-ignore lint/suspicious/noConfusingVoidType: as the registry's run, a step may end with a reply only
export type StepResult = CommandOutcome | void;

type Step<K extends DraftInput['kind']> = (
  ctx: TurnContext,
  ann: Announcements,
  draft: Draft,
  input: Extract<DraftInput, { kind: K }>,
) => CommandOutcome | void | Promise<void>;

/** Who is acting, as stored in `created_by` and compared for self-approval: `channel:<hashed id>`. */
export function actorKey(ctx: Pick<TurnContext, 'message' | 'userHash'>): string {
  return `${ctx.message.channel}:${ctx.userHash}`;
}

/** "Chờ duyệt": nothing is sent before approval, and who can approve. */
export function waitingText(ann: Announcements, id: number): string {
  return `Chờ duyệt: thông báo #${id} chỉ được gửi sau khi được duyệt. ${approversText(ann.approvers())}`;
}

const saveDraft = (ctx: TurnContext, d: Draft | undefined) => ctx.session.set(DRAFT_KEY, d);

/** The text step: a new draft's content, or the new content of an announcement being edited. */
const takeText: Step<'text'> = (ctx, ann, draft, input) => {
  const parts = splitAnnouncementText(input.raw);
  if (!parts) return ctx.reply(ask('Nội dung trống.', 'Vui lòng gửi nội dung thông báo.'));
  if (draft.editId) {
    const id = draft.editId;
    saveDraft(ctx, undefined);
    const ok = ann.edit(id, { title: parts.title, body: parts.body }, actorKey(ctx));
    const waiting = ok && ann.store.get(id)?.status === 'pending_approval';
    // A draft's text arrives as a plain message, not a command: this edit writes its own audit line.
    ctx.assistant.commands.audit(ctx, {
      action: 'thongbao sua',
      outcome: ok ? 'ok' : 'failed',
      detail: `#${id}${waiting ? ' pending_approval' : ''}`,
    });
    ctx.reply(announcementReply(parts.title, parts.body));
    return ctx.reply(
      ask(
        ok ? `Đã sửa thông báo #${id}.` : `Không sửa được thông báo #${id}: thông báo đã gửi xong hoặc đã hủy.`,
        waiting ? `Bản xem trước ở trên. ${waitingText(ann, id)}` : 'Bản xem trước ở trên.',
      ),
    );
  }
  saveDraft(ctx, { ...draft, ...parts, step: 'audience' });
  ctx.reply(announcementReply(parts.title, parts.body));
  ctx.reply(ask('Xem trước: người dân sẽ nhận đúng như tin ở trên.', 'Chọn người nhận:', audienceButtons(ctx, ann)));
};

/** Village groups picked by their numbers ("1,3"), or undefined when a number is wrong. */
function pickGroups(ann: Announcements, v: string): Audience | undefined {
  const groups = ann.subscriptions.groups();
  const picks = v
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  const chosen = picks.map((n) => groups[n - 1]).filter((g) => g !== undefined);
  if (chosen.length === 0 || chosen.length !== picks.length) return undefined;
  return { kind: 'chats', chats: chosen.map((g) => ({ channel: g.channel, chatId: g.chatId })) };
}

/** The audience step: all subscribers, a topic, or (after "nhom") numbered village groups. */
const takeAudience: Step<'choose'> = async (ctx, ann, draft, input) => {
  const v = input.value.trim();
  let audience: Audience | undefined;
  if (draft.step === 'groups' || /^[\d,\s]+$/.test(v)) {
    audience = pickGroups(ann, v);
    if (!audience)
      return ctx.reply(ask('Số nhóm chưa đúng.', 'Gõ số thứ tự các nhóm, cách nhau bằng dấu phẩy, ví dụ: 1,3'));
  } else if (v === 'all') audience = { kind: 'all' };
  else if (v === 'nhom') {
    saveDraft(ctx, { ...draft, step: 'groups' });
    return ctx.reply({
      kind: 'info',
      title: 'Chọn nhóm nhận tin',
      sections: [
        { items: ann.subscriptions.groups().map((g) => `${g.channel} ${g.chatId}`), ordered: true },
        { text: 'Gõ số thứ tự các nhóm, ví dụ: 1,3' },
      ],
    });
  } else {
    const t = findTopic(ctx.knowledge.kb, v);
    if (t) audience = { kind: 'topic', topic: t.topic };
  }
  if (!audience)
    return ctx.reply(ask('Chưa rõ người nhận.', 'Chọn một trong các nút dưới đây.', audienceButtons(ctx, ann)));
  saveDraft(ctx, { ...draft, audience, step: 'when' });
  const n = ann.subscriptions.recipients(audience).length;
  const reach = await reachText(ann, audience);
  ctx.reply(
    ask(
      `Người nhận: ${audienceLabel(ctx, audience)} (${n} nơi nhận hiện tại).`,
      `${reach.map((l) => `${l}\n`).join('')}Khi nào gửi? Gõ giờ (ví dụ 08:00 01/12/2026) hoặc lịch cron (ví dụ 0 8 1 * *), hoặc bấm:`,
      [
        { label: 'Gửi ngay', payload: '/thongbao luc ngay' },
        { label: 'Hẹn giờ', payload: '/thongbao luc hengio' },
        { label: 'Định kỳ', payload: '/thongbao luc dinhky' },
      ],
    ),
  );
};

/** A schedule read from what was typed, or the Vietnamese reason it is not one. */
function readSchedule(ann: Announcements, draft: Draft, v: string): { schedule: Schedule } | { error: Reply } {
  if (v === 'ngay') return { schedule: { kind: 'now' } };
  if (draft.step === 'cron' || (/^\S+( \S+){4,5}$/.test(v) && !/\d{1,2}[:h]\d{2}/.test(v))) {
    const err = cronError(v, ann.tz, { now: ann.clock.now(), minIntervalHours: ann.opts.minCronIntervalHours });
    return err ? { error: ask('Lịch chưa đúng.', err) } : { schedule: { kind: 'cron', cron: v } };
  }
  const r = parseLocalDateTime(v, ann.tz, ann.clock.now());
  if (!r.ok) return { error: ask('Thời gian chưa đúng.', r.error) };
  if (r.at <= ann.clock.now())
    return { error: ask('Thời điểm này đã qua.', 'Vui lòng chọn một thời điểm trong tương lai.') };
  return { schedule: { kind: 'at', at: r.at } };
}

/** The time step: now, a date and time, or a cron line (the two buttons ask for either first). */
const takeWhen: Step<'when'> = (ctx, ann, draft, input) => {
  const v = input.value.trim();
  if (v === 'hengio') {
    saveDraft(ctx, { ...draft, step: 'at' });
    return ctx.reply(ask('Hẹn giờ gửi', 'Gõ giờ và ngày (giờ Việt Nam), ví dụ: 08:00 01/12/2026'));
  }
  if (v === 'dinhky') {
    saveDraft(ctx, { ...draft, step: 'cron' });
    return ctx.reply(
      ask('Gửi định kỳ', 'Gõ lịch cron (phút giờ ngày tháng thứ), ví dụ: 0 8 1 * * là 8 giờ sáng ngày 1 hằng tháng.'),
    );
  }
  const read = readSchedule(ann, draft, v);
  if ('error' in read) return ctx.reply(read.error);
  saveDraft(ctx, { ...draft, schedule: read.schedule, step: 'confirm' });
  ctx.reply(
    ask(
      'Xác nhận gửi thông báo',
      `${draft.title ?? 'Thông báo của UBND xã'}\nNgười nhận: ${audienceLabel(ctx, draft.audience!)}\n${scheduleLabel(read.schedule, ann.tz, ann.clock.now())}`,
      [
        { label: 'Xác nhận', payload: '/thongbao xacnhan' },
        { label: 'Bỏ', payload: '/thongbao thoat' },
      ],
    ),
  );
};

/** The confirmation: the announcement is created and sent or scheduled. */
const confirm: Step<'confirm'> = (ctx, ann, draft) => {
  saveDraft(ctx, undefined);
  const a = ann.create({
    title: draft.title ?? null,
    body: draft.body!,
    audience: draft.audience!,
    schedule: draft.schedule!,
    notify: { channel: ctx.message.channel, chatId: ctx.message.chatId },
    createdBy: actorKey(ctx),
  });
  ctx.log.info({ announcement: a.id, schedule: a.schedule.kind, status: a.status }, 'announcement created');
  const waiting = a.status === 'pending_approval';
  ctx.reply(
    ask(
      `Đã tạo thông báo #${a.id}.`,
      waiting
        ? `${waitingText(ann, a.id)} ${scheduleLabel(a.schedule, ann.tz, ann.clock.now())} (sau khi được duyệt).`
        : a.schedule.kind === 'now'
          ? 'Đang bắt đầu gửi; tiến độ sẽ được cập nhật tại đây.'
          : `${scheduleLabel(a.schedule, ann.tz, ann.clock.now())}. Xem danh sách: /thongbao ds`,
    ),
  );
  return {
    outcome: 'ok',
    detail: `xacnhan #${a.id} ${a.schedule.kind} ${a.audience.kind}${waiting ? ' pending_approval' : ''}`,
  };
};

/**
 * Handles a message while a draft waits for input: each step of the draft
 * takes one kind of input; anything else gets a reminder of the step.
 *
 * @example
 * ```ts
 * await continueDraft(ctx, ann, draft, { kind: 'when', value: '08:00 01/12/2026' });
 * ```
 */
export async function continueDraft(
  ctx: TurnContext,
  ann: Announcements,
  draft: Draft,
  input: DraftInput,
): Promise<StepResult> {
  const s = draft.step;
  if (s === 'text' && input.kind === 'text') return takeText(ctx, ann, draft, input);
  if ((s === 'audience' || s === 'groups') && input.kind === 'choose') return takeAudience(ctx, ann, draft, input);
  if ((s === 'when' || s === 'at' || s === 'cron') && input.kind === 'when') return takeWhen(ctx, ann, draft, input);
  if (s === 'confirm' && input.kind === 'confirm') return confirm(ctx, ann, draft, input);
  ctx.reply(
    ask('Bản nháp đang chờ bước khác.', 'Làm tiếp theo hướng dẫn ở tin trước, hoặc gõ /thongbao thoat để bỏ bản nháp.'),
  );
}
