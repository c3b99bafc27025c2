/**
 * What a loudspeaker script is made from: an announcement (its title and
 * text as residents receive it) or a knowledge entry (its answer, without
 * the parts that do not belong on air: legal references, unverified notes).
 */
import { entryReply } from '../core/entry-reply.js';
import type { KnowledgeBase } from '../knowledge/model.js';
import { type LoudspeakerScript, loudspeakerScript, type ScriptSource } from './script.js';

/** Sections of an entry's answer left out of a broadcast. */
const OFF_AIR = new Set(['Căn cứ pháp lý', 'Chưa kiểm chứng']);
/** The parts of a procedure read on air (a minute or two); the rest is one question away in chat. */
const ON_AIR_PROCEDURE = new Set([
  'Giấy tờ cần chuẩn bị',
  'Thời hạn giải quyết',
  'Lệ phí',
  'Thời hạn phải làm',
  'Làm trực tuyến',
]);
/** A line about a commune value nobody filled in is not read out. */
const UNSET = /chưa cập nhật/i;

/**
 * The script source of a knowledge entry, or undefined when there is no such id.
 *
 * @example
 * ```ts
 * const src = entrySource(kb, 'khai-sinh'); // title 'Đăng ký khai sinh', without the code
 * if (src) console.log(loudspeakerScript(src, { commune: 'xã Tây Hưng' }).text);
 * ```
 */
export function entrySource(kb: KnowledgeBase, id: string): ScriptSource | undefined {
  const e = kb.byId.get(id);
  if (!e) return undefined;
  const reply = entryReply(kb, e, { full: true });
  const lines: string[] = [];
  for (const s of reply.sections) {
    if (s.heading && OFF_AIR.has(s.heading)) continue;
    if (e.kind === 'procedure' && s.heading && !ON_AIR_PROCEDURE.has(s.heading)) continue;
    const body = [s.text, ...(s.items ?? []).map((it) => `- ${it}`)].filter(
      (l): l is string => l !== undefined && !UNSET.test(l),
    );
    if (body.length === 0) continue;
    if (s.heading) lines.push(`${s.heading}:`);
    lines.push(...body);
  }
  const title = e.title.replace(/\s*\(mã [\d.]+\)$/, '');
  return { title, body: lines.join('\n') };
}

/**
 * The script source of an announcement.
 *
 * @example
 * ```ts
 * const script = loudspeakerScript(announcementSource(a)); // a: a stored Announcement
 * ```
 */
export function announcementSource(a: { title: string | null; body: string }): ScriptSource {
  return { title: a.title ?? 'Thông báo của Ủy ban nhân dân xã', body: a.body };
}

/**
 * The script of `id`: an announcement when `id` is a number that `findAnnouncement`
 * knows, otherwise the knowledge entry with that id; undefined when neither exists.
 * The commune's name in the formulas comes from the knowledge base.
 */
export function scriptFor(
  kb: KnowledgeBase,
  id: string,
  findAnnouncement: (n: number) => { title: string | null; body: string } | undefined,
): { source: ScriptSource; script: LoudspeakerScript } | undefined {
  const a = /^\d+$/.test(id) ? findAnnouncement(Number(id)) : undefined;
  const source = a ? announcementSource(a) : entrySource(kb, id);
  return source ? { source, script: loudspeakerScript(source, { commune: kb.commune?.name ?? null }) } : undefined;
}
