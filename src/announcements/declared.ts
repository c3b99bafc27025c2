/**
 * Announcements declared in the knowledge base, kept in step with the
 * database: new ones are created, changed ones updated, removed or disabled
 * ones cancelled. Matched by their `id` (stored as `key`). They go through
 * the same approval rule as any other (`ANNOUNCE_APPROVAL`): one that needs it
 * waits for an approver when created and again after each change of the file.
 */
import { listKnowledgeFiles, parseKnowledgeFile } from '../knowledge/loader.js';
import type { KnowledgeBase } from '../knowledge/model.js';
import type { Logger } from 'pino';
import type { Audience, Schedule } from './model.js';
import { OPEN_STATUSES, villageTopic } from './model.js';
import type { DeclaredAnnouncement } from '../knowledge/announcement-schema.js';
import type { Announcements } from './service.js';
import { cronError, fromLocal } from './time.js';

/** Reads the declared announcements of a knowledge folder (already validated by the loader). */
export function readDeclared(dir: string): DeclaredAnnouncement[] {
  const out: DeclaredAnnouncement[] = [];
  for (const f of listKnowledgeFiles(dir)) {
    const p = parseKnowledgeFile(f, f);
    out.push(...(p.data?.announcements ?? []));
  }
  return out;
}

function toAudience(a: DeclaredAnnouncement['audience']): Audience {
  if (a === 'all') return { kind: 'all' };
  if ('topic' in a) return { kind: 'topic', topic: a.topic };
  return { kind: 'topic', topic: villageTopic(a.village) };
}

function toSchedule(s: DeclaredAnnouncement['schedule'], tz: string): Schedule {
  if ('cron' in s) return { kind: 'cron', cron: s.cron };
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(s.at)!;
  return { kind: 'at', at: fromLocal(tz, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!) };
}

/** What a sync did. */
export interface SyncResult {
  created: string[];
  updated: string[];
  cancelled: string[];
  ignored: string[];
}

/** Why a declaration cannot be used (for the log), or undefined. */
function refusal(
  d: DeclaredAnnouncement,
  seen: ReadonlySet<string>,
  villages: ReadonlySet<string>,
  ann: Announcements,
  now: number,
): string | undefined {
  if (seen.has(d.id)) return 'its id is used twice (the later one is ignored)';
  if (typeof d.audience === 'object' && 'village' in d.audience && !villages.has(d.audience.village))
    return 'it names a village that is not in the commune profile';
  // kb:check and the loader refuse a too frequent schedule (declared-check.ts); this guards a load without plugin checks.
  if (
    'cron' in d.schedule &&
    cronError(d.schedule.cron, ann.tz, { now, minIntervalHours: ann.opts.minCronIntervalHours })
  )
    return 'it repeats more often than SCHEDULE_MIN_INTERVAL_HOURS';
  return undefined;
}

/** Brings the database in line with the declared announcements. */
export function syncDeclared(
  ann: Announcements,
  declared: readonly DeclaredAnnouncement[],
  kb: KnowledgeBase,
  log: Logger,
): SyncResult {
  const r: SyncResult = { created: [], updated: [], cancelled: [], ignored: [] };
  const villages = new Set(kb.commune.villages.map((v) => v.id));
  const seen = new Set<string>();
  const now = ann.clock.now();
  for (const d of declared) {
    const why = refusal(d, seen, villages, ann, now);
    seen.add(d.id);
    if (why) {
      log.warn({ key: d.id }, `declared announcement ignored: ${why}`);
      r.ignored.push(d.id);
      continue;
    }
    const audience = toAudience(d.audience);
    const schedule = toSchedule(d.schedule, ann.tz);
    const cur = ann.store.getByKey(d.id);
    if (!d.enabled) {
      if (cur && ann.store.cancel(cur.id)) r.cancelled.push(d.id);
      continue;
    }
    if (!cur) {
      if (schedule.kind === 'at' && schedule.at <= now) {
        r.ignored.push(d.id);
        continue;
      }
      ann.create({ key: d.id, title: d.title, body: d.text, audience, schedule, promotional: d.promotional });
      r.created.push(d.id);
      continue;
    }
    const sameSchedule = JSON.stringify(cur.schedule) === JSON.stringify(schedule);
    const same =
      sameSchedule &&
      cur.title === d.title &&
      cur.body === d.text &&
      cur.promotional === d.promotional &&
      JSON.stringify(cur.audience) === JSON.stringify(audience);
    if (same) continue;
    if (!OPEN_STATUSES.includes(cur.status)) {
      if (!sameSchedule && !(schedule.kind === 'at' && schedule.at <= now)) {
        ann.store.cancel(cur.id);
        ann.store.detachKey(cur.id);
        ann.create({ key: d.id, title: d.title, body: d.text, audience, schedule, promotional: d.promotional });
        r.created.push(d.id);
      }
      continue;
    }
    ann.edit(cur.id, {
      title: d.title,
      body: d.text,
      audience,
      promotional: d.promotional,
      ...(sameSchedule ? {} : { schedule }),
    });
    r.updated.push(d.id);
  }
  for (const a of ann.store.list({ limit: 10_000 })) {
    if (a.key && !seen.has(a.key) && ann.store.cancel(a.id)) r.cancelled.push(a.key);
  }
  if (r.created.length + r.updated.length + r.cancelled.length > 0)
    log.info({ ...r }, 'declared announcements synchronised');
  return r;
}
