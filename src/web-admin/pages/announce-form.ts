/**
 * The compose form of Thông báo: reading what staff filled in (the same
 * rules as `/thongbao moi`: cleaned text, a known audience, a time in the
 * future or a valid cron pattern) and drawing the form again with it.
 */
import { createHash } from 'node:crypto';
import type { ChannelName } from '../../core/types.js';
import type { KnowledgeBase } from '../../knowledge/model.js';
import { cleanAnnouncementText, MAX_BODY } from '../../announcements/compose.js';
import type { Audience, ChatRef, Schedule } from '../../announcements/model.js';
import type { Announcement } from '../../announcements/model.js';
import type { Announcements } from '../../announcements/service.js';
import { cronError, formatLocal, localParts, parseLocalDateTime } from '../../announcements/time.js';
import { allTopics } from '../../announcements/topics.js';
import { reachLines, type ChannelReach } from '../../announcements/reach.js';
import { html, type Html } from '../layout.js';

/** Longest title, as in the chat flow (a first line up to 100 characters). */
export const MAX_TITLE = 100;

/** The form's fields as submitted (strings, or lists for repeated checkboxes). */
export interface ComposeValues {
  title: string;
  body: string;
  audience: string;
  groups: string[];
  when: 'now' | 'at' | 'cron';
  at: string;
  cron: string;
  promotional: boolean;
  notify: boolean;
}

/** A checked draft, ready for the store. */
export interface ComposeDraft {
  title: string | null;
  body: string;
  audience: Audience;
  schedule: Schedule;
  promotional: boolean;
  notify: boolean;
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** Reads the submitted form body. */
export function readValues(body: Record<string, unknown> | undefined): ComposeValues {
  const b = body ?? {};
  const when = str(b.when);
  return {
    title: str(b.title),
    body: str(b.body),
    audience: str(b.audience) || 'all',
    groups: list(b.groups),
    when: when === 'at' || when === 'cron' ? when : 'now',
    at: str(b.at),
    cron: str(b.cron).trim(),
    promotional: str(b.promotional) === 'on',
    notify: str(b.notify) === 'on',
  };
}

/** The form's values of an existing announcement (for editing it). */
export function valuesOf(a: Announcement, tz: string): ComposeValues {
  const k = a.audience;
  const audience =
    k.kind === 'all'
      ? 'all'
      : k.kind === 'topic'
        ? `topic:${k.topic}`
        : k.kind === 'oa_article'
          ? `${OA_ARTICLE_VALUE}${k.articleId}`
          : 'groups';
  const groups = a.audience.kind === 'chats' ? a.audience.chats.map((c) => `${c.channel}:${c.chatId}`) : [];
  return {
    title: a.title ?? '',
    body: a.body,
    audience,
    groups,
    when: a.schedule.kind,
    at: a.schedule.kind === 'at' ? localInput(a.schedule.at, tz) : '',
    cron: a.schedule.kind === 'cron' ? a.schedule.cron : '',
    promotional: a.promotional,
    notify: a.notify !== null,
  };
}

/** `2026-12-01T08:00`, the value of a `datetime-local` input, in the zone `tz`. */
export function localInput(at: number, tz: string): string {
  const p = localParts(tz, at);
  const z = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${z(p.month)}-${z(p.day)}T${z(p.hour)}:${z(p.minute)}`;
}

/** Form value of an OA article broadcast (made with `npm run announce`; kept as it is when edited here). */
const OA_ARTICLE_VALUE = 'oa-article:';

function readAudience(v: ComposeValues, ann: Announcements, kb: KnowledgeBase): Audience | string {
  if (v.audience === 'all') return { kind: 'all' };
  const article = v.audience.startsWith(OA_ARTICLE_VALUE) ? v.audience.slice(OA_ARTICLE_VALUE.length) : '';
  if (/^[\w-]{1,100}$/.test(article)) return { kind: 'oa_article', articleId: article };
  if (v.audience === 'groups') {
    const known = new Map(ann.subscriptions.groups().map((g) => [`${g.channel}:${g.chatId}`, g]));
    const chats: ChatRef[] = [];
    for (const key of v.groups) {
      const g = known.get(key);
      if (!g) return 'Một nhóm đã chọn không còn nhận tin. Bạn vui lòng chọn lại.';
      chats.push({ channel: g.channel, chatId: g.chatId });
    }
    return chats.length > 0 ? { kind: 'chats', chats } : 'Bạn chưa chọn nhóm nào.';
  }
  const topic = v.audience.replace(/^topic:/, '');
  if (v.audience.startsWith('topic:') && allTopics(kb).some((t) => t.topic === topic)) return { kind: 'topic', topic };
  return 'Bạn vui lòng chọn người nhận.';
}

function readSchedule(v: ComposeValues, ann: Announcements): Schedule | string {
  if (v.when === 'now') return { kind: 'now' };
  if (v.when === 'cron')
    return (
      cronError(v.cron, ann.tz, { now: ann.clock.now(), minIntervalHours: ann.opts.minCronIntervalHours }) ?? {
        kind: 'cron',
        cron: v.cron,
      }
    );
  const r = parseLocalDateTime(v.at.replace('T', ' '), ann.tz, ann.clock.now());
  if (!r.ok) return r.error;
  if (r.at <= ann.clock.now()) return 'Thời điểm này đã qua. Bạn vui lòng chọn một thời điểm trong tương lai.';
  return { kind: 'at', at: r.at };
}

/** Checks the form; returns the draft or the problems (in Vietnamese). */
export function checkValues(
  v: ComposeValues,
  ann: Announcements,
  kb: KnowledgeBase,
): { ok: true; draft: ComposeDraft } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const title = cleanAnnouncementText(v.title).replace(/\s+/g, ' ');
  const body = cleanAnnouncementText(v.body);
  if (title.length > MAX_TITLE) errors.push(`Tiêu đề dài tối đa ${MAX_TITLE} ký tự.`);
  if (!body) errors.push('Bạn vui lòng nhập nội dung thông báo.');
  if (v.body.trim().length > MAX_BODY) errors.push(`Nội dung dài tối đa ${MAX_BODY} ký tự.`);
  const audience = readAudience(v, ann, kb);
  if (typeof audience === 'string') errors.push(audience);
  const schedule = readSchedule(v, ann);
  if (typeof schedule === 'string') errors.push(schedule);
  if (errors.length > 0 || typeof audience === 'string' || typeof schedule === 'string') return { ok: false, errors };
  return {
    ok: true,
    draft: { title: title || null, body, audience, schedule, promotional: v.promotional, notify: v.notify },
  };
}

/** A fingerprint of what a draft sends (text, recipients, time): confirming needs the one that was previewed. */
export function draftKey(d: ComposeDraft): string {
  const { notify: _notify, ...sent } = d;
  return createHash('sha256').update(JSON.stringify(sent)).digest('base64url').slice(0, 22);
}

/** Active recipients of an audience by channel: people and groups, and whether the channel is running. */
export function audienceSize(
  ann: Announcements,
  audience: Audience,
  running: ReadonlySet<string>,
): { channel: ChannelName; people: number; groups: number; on: boolean }[] {
  const by = new Map<ChannelName, { people: number; groups: number }>();
  for (const r of ann.subscriptions.recipients(audience)) {
    const c = by.get(r.channel) ?? { people: 0, groups: 0 };
    if (r.isGroup) c.groups++;
    else c.people++;
    by.set(r.channel, c);
  }
  return [...by].map(([channel, c]) => ({ channel, ...c, on: running.has(channel) }));
}

/** The recipients table of an audience. */
export function sizeTable(rows: ReturnType<typeof audienceSize>): Html {
  if (rows.length === 0) return html`<p class="error">Hiện chưa có ai đăng ký nhận tin trong nhóm người nhận này.</p>`;
  const total = rows.reduce((s, r) => s + r.people + r.groups, 0);
  return html`<table class="narrow"><thead><tr><th scope="col">Kênh</th><th scope="col">Người</th><th scope="col">Nhóm</th><th scope="col"></th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td>${r.channel}</td><td>${r.people}</td><td>${r.groups}</td><td>${r.on ? '' : 'kênh đang tắt: sẽ bỏ qua'}</td></tr>`,
  )}</tbody><tfoot><tr><th scope="row">Tổng</th><td colspan="3">${total} nơi nhận</td></tr></tfoot></table>`;
}

/** How channels that can tell (Zalo OA) deliver: message types, waiting recipients, quota, limit warnings. */
export function reachBox(reach: readonly ChannelReach[]): Html {
  if (reach.length === 0) return html``;
  return html`${reach.map((r) => {
    const { lines, warnings } = reachLines(r);
    return html`<p><strong>Cách gửi trên ${r.channel}:</strong> ${lines.join(' ')}</p>${warnings.map((w) => html`<p class="error">⚠️ ${w}</p>`)}`;
  })}`;
}

function audienceOptions(v: ComposeValues, ann: Announcements, kb: KnowledgeBase): Html {
  const counts = ann.subscriptions.counts();
  const opt = (value: string, label: string, n: number) =>
    html`<option value="${value}"${v.audience === value ? html` selected` : ''}>${label} (${n} nơi nhận)</option>`;
  const groups = ann.subscriptions.groups();
  return html`${opt('all', 'Tất cả người đăng ký', counts.active)}${allTopics(kb).map((t) => opt(`topic:${t.topic}`, t.label, counts.byTopic[t.topic] ?? 0))}${
    groups.length > 0 ? opt('groups', 'Các nhóm chọn dưới đây', groups.length) : ''
  }${
    v.audience.startsWith(OA_ARTICLE_VALUE)
      ? html`<option value="${v.audience}" selected>Mọi người quan tâm OA Zalo (bài viết ${v.audience.slice(OA_ARTICLE_VALUE.length)})</option>`
      : ''
  }`;
}

/** The compose (or edit) form, filled with `v`. */
export function composeForm(o: {
  action: string;
  csrf: string;
  v: ComposeValues;
  ann: Announcements;
  kb: KnowledgeBase;
  confirm?: { label: string; key: string };
  edit?: boolean;
}): Html {
  const { v, ann } = o;
  const groups = ann.subscriptions.groups();
  const checked = (b: boolean) => (b ? html` checked` : '');
  const future = localInput(ann.clock.now() + 3600_000, ann.tz);
  return html`<form method="post" action="${o.action}" class="compose"><input type="hidden" name="_csrf" value="${o.csrf}">
<label>Tiêu đề (không bắt buộc) <input name="title" maxlength="${MAX_TITLE}" value="${v.title}" placeholder="Thông báo của UBND xã"></label>
<label>Nội dung <textarea name="body" rows="8" maxlength="${MAX_BODY}" required>${v.body}</textarea></label>
<p class="hint">Dòng trống tách đoạn. Cuối tin luôn có dòng hướng dẫn hủy nhận tin.</p>
<label>Người nhận <select name="audience">${audienceOptions(v, ann, o.kb)}</select></label>
${
  groups.length > 0
    ? html`<fieldset><legend>Nhóm (khi chọn "Các nhóm")</legend>${groups.map((g) => {
        const key = `${g.channel}:${g.chatId}`;
        return html`<label class="inline"><input type="checkbox" name="groups" value="${key}"${checked(v.groups.includes(key))}> ${g.channel} ${g.chatId}</label>`;
      })}</fieldset>`
    : ''
}
<fieldset><legend>Thời gian gửi (giờ Việt Nam)</legend>
<label class="inline"><input type="radio" name="when" value="now"${checked(v.when === 'now')}> Gửi ngay</label>
<label class="inline"><input type="radio" name="when" value="at"${checked(v.when === 'at')}> Hẹn giờ <input type="datetime-local" name="at" value="${v.at}" placeholder="${future}"></label>
<label class="inline"><input type="radio" name="when" value="cron"${checked(v.when === 'cron')}> Định kỳ (cron) <input name="cron" value="${v.cron}" placeholder="0 8 1 * *" size="14"></label>
<p class="hint">Cron: phút giờ ngày tháng thứ; ví dụ "0 8 1 * *" là 8 giờ sáng ngày 1 hằng tháng.</p></fieldset>
<label class="inline"><input type="checkbox" name="promotional"${checked(v.promotional)}> Tin quảng bá (Zalo OA chỉ gửi từ 08:00 đến 21:30)</label>
${o.edit ? '' : html`<label class="inline"><input type="checkbox" name="notify"${checked(v.notify)}> Gửi tiến độ và báo cáo cuối cho tôi trong trò chuyện với trợ lý</label>`}
<p class="actions"><button type="submit" name="step" value="preview">Xem trước</button>${o.confirm ? html` <button type="submit" name="step" value="confirm" class="primary">${o.confirm.label}</button><input type="hidden" name="previewed" value="${o.confirm.key}">` : ''}</p>
${o.confirm ? html`<p class="hint">Nếu bạn sửa gì sau khi xem trước, bấm "Xem trước" lại; xác nhận chỉ gửi đúng bản đã xem trước.</p>` : ''}
</form>`;
}

/** A schedule in Vietnamese, with the next run. */
export function whenText(a: Pick<Announcement, 'schedule' | 'nextRunAt'>, tz: string): string {
  const s = a.schedule;
  const base = s.kind === 'now' ? 'Gửi ngay' : s.kind === 'at' ? `Hẹn ${formatLocal(s.at, tz)}` : `Định kỳ "${s.cron}"`;
  return s.kind === 'cron' && a.nextRunAt !== null ? `${base}, lần tới ${formatLocal(a.nextRunAt, tz)}` : base;
}
