/**
 * Figures of the CCHC report for one period, read from the database: the
 * question log, answer feedback, tickets, handoffs to staff, satisfaction
 * ratings and (when the announcement tables exist) announcements sent,
 * compared with plan targets.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { Db } from '../storage/db.js';
import { handoffFigures, type HandoffFigures } from './handoff/report.js';
import type { Period } from './period.js';
import { median } from './stats.js';
import { SIPAS_FACTORS } from './tickets.js';
import { unansweredBetween, type UnansweredGroup } from './unanswered.js';

/** Plan targets the report compares with; unset ones are not checked. */
export interface PlanTargets {
  /** CCHC news items (announcements on topic `cchc`) per month; the plans ask for at least 2. */
  cchcNewsPerMonth: number;
  /** Share of questions answered, percent. */
  answeredPct?: number;
  /** Median ticket response time, hours. */
  ticketResponseHours?: number;
  /** Average satisfaction, 1–5. */
  satisfaction?: number;
}

/** Default targets. */
export const DEFAULT_TARGETS: PlanTargets = { cchcNewsPerMonth: 2 };

/** One target compared with what was done. */
export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean | null;
}

/** Announcement figures, or why they are missing. */
export type AnnouncementFigures =
  | { available: false; reason: string }
  | {
      available: true;
      runs: number;
      cchcNews: number;
      byTopic: { topic: string; runs: number; reached: number }[];
      byChannel: { channel: string; reached: number; failed: number }[];
    };

/** Everything the report shows. */
export interface ReportData {
  period: Period;
  generatedAt: number;
  questions: {
    total: number;
    answered: number;
    answeredPct: number | null;
    byTopic: { topic: string; total: number; answered: number }[];
    topUnanswered: UnansweredGroup[];
    helpful: number;
    notHelpful: number;
  };
  tickets: {
    received: number;
    answered: number;
    answeredOfReceived: number;
    openAtEnd: number;
    medianResponseMs: number | null;
  };
  /** Live handoffs to staff ("gặp cán bộ"). */
  handoffs: HandoffFigures;
  satisfaction: {
    respondents: number;
    average: number | null;
    factors: { key: string; label: string; count: number; average: number | null }[];
  };
  announcements: AnnouncementFigures;
  targets: TargetCheck[];
}

export { median };

/** The report topic of an entry: the procedure's field, "Đường dây nóng", or the article's topic. */
export function topicOf(kb: KnowledgeBase | undefined, entryId: string | null): string {
  if (!entryId) return '(không xác định)';
  const e = kb?.byId.get(entryId);
  if (!e) return `(mục ${entryId})`;
  if (e.kind === 'procedure') return `Thủ tục: ${e.data.field}`;
  if (e.kind === 'hotline') return 'Đường dây nóng';
  return `Tin, bài: ${e.data.topic}`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function audienceTopic(json: string): string {
  try {
    const a = JSON.parse(json) as { kind: string; topic?: string };
    if (a.kind === 'topic' && a.topic) return a.topic;
    if (a.kind === 'all') return 'tất cả';
    return 'chọn lọc';
  } catch {
    return '(không rõ)';
  }
}

export function announcementFigures(db: Db, p: Period): AnnouncementFigures {
  const have = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('ann_announcements', 'ann_jobs', 'ann_outbox')`,
    )
    .all() as { name: string }[];
  if (have.length < 3)
    return { available: false, reason: 'chưa có dữ liệu thông báo (phần thông báo chưa được cài đặt)' };
  const jobs = db
    .prepare(
      `SELECT j.id, a.audience, (SELECT COUNT(*) FROM ann_outbox o WHERE o.job_id = j.id AND o.status = 'sent') AS reached
       FROM ann_jobs j JOIN ann_announcements a ON a.id = j.announcement_id
       WHERE j.started_at >= ? AND j.started_at < ? AND j.status <> 'cancelled'`,
    )
    .all(p.from, p.to) as { id: number; audience: string; reached: number }[];
  const sent = jobs.filter((j) => j.reached > 0);
  const topics = new Map<string, { runs: number; reached: number }>();
  for (const j of sent) {
    const t = audienceTopic(j.audience);
    const cur = topics.get(t) ?? { runs: 0, reached: 0 };
    cur.runs++;
    cur.reached += j.reached;
    topics.set(t, cur);
  }
  const byChannel = db
    .prepare(
      `SELECT o.channel, SUM(o.status = 'sent') AS reached, SUM(o.status = 'failed') AS failed
       FROM ann_outbox o JOIN ann_jobs j ON j.id = o.job_id
       WHERE j.started_at >= ? AND j.started_at < ? AND j.status <> 'cancelled'
       GROUP BY o.channel ORDER BY o.channel`,
    )
    .all(p.from, p.to) as { channel: string; reached: number; failed: number }[];
  return {
    available: true,
    runs: sent.length,
    cchcNews: topics.get('cchc')?.runs ?? 0,
    byTopic: [...topics]
      .map(([topic, v]) => ({ topic, ...v }))
      .sort((a, b) => b.runs - a.runs || a.topic.localeCompare(b.topic)),
    byChannel,
  };
}

type ReportOptions = { kb?: KnowledgeBase; targets?: PlanTargets; now?: number; top?: number };

/** Questions asked in the period, by topic, with the unanswered ones and 👍/👎. */
function questionFigures(db: Db, p: Period, opts: ReportOptions): ReportData['questions'] {
  const qs = db
    .prepare(
      'SELECT best_id, COUNT(*) AS total, SUM(answered) AS answered FROM questions WHERE ts >= ? AND ts < ? GROUP BY best_id',
    )
    .all(p.from, p.to) as { best_id: string | null; total: number; answered: number }[];
  const topics = new Map<string, { total: number; answered: number }>();
  let total = 0;
  let answered = 0;
  for (const r of qs) {
    total += r.total;
    answered += r.answered;
    const t = topicOf(opts.kb, r.best_id);
    const cur = topics.get(t) ?? { total: 0, answered: 0 };
    cur.total += r.total;
    cur.answered += r.answered;
    topics.set(t, cur);
  }
  const fb = db
    .prepare('SELECT SUM(helpful = 1) AS up, SUM(helpful = 0) AS down FROM answer_feedback WHERE ts >= ? AND ts < ?')
    .get(p.from, p.to) as { up: number | null; down: number | null };
  return {
    total,
    answered,
    answeredPct: total > 0 ? round1((answered / total) * 100) : null,
    byTopic: [...topics]
      .map(([topic, v]) => ({ topic, ...v }))
      .sort((a, b) => b.total - a.total || a.topic.localeCompare(b.topic)),
    topUnanswered: unansweredBetween(db, p.from, p.to, opts.top ?? 10),
    helpful: fb.up ?? 0,
    notHelpful: fb.down ?? 0,
  };
}

/** Tickets received and answered in the period, and those still open at its end. */
function ticketFigures(db: Db, p: Period): ReportData['tickets'] {
  const received = db
    .prepare('SELECT id, state, answered_at FROM tickets WHERE created_at >= ? AND created_at < ?')
    .all(p.from, p.to) as { id: number; state: string; answered_at: number | null }[];
  const answeredInPeriod = db
    .prepare('SELECT answered_at - created_at AS ms FROM tickets WHERE answered_at >= ? AND answered_at < ?')
    .all(p.from, p.to) as { ms: number }[];
  const openAtEnd = (
    db
      .prepare('SELECT COUNT(*) AS n FROM tickets WHERE created_at < ? AND (answered_at IS NULL OR answered_at >= ?)')
      .get(p.to, p.to) as { n: number }
  ).n;
  return {
    received: received.length,
    answered: answeredInPeriod.length,
    answeredOfReceived: received.filter((t) => t.answered_at !== null && t.answered_at < p.to).length,
    openAtEnd,
    medianResponseMs: median(answeredInPeriod.map((r) => r.ms)),
  };
}

/** SIPAS ratings given in the period, overall and per factor. */
function satisfactionFigures(db: Db, p: Period): ReportData['satisfaction'] {
  const ratings = db
    .prepare(
      'SELECT factor, COUNT(*) AS n, AVG(score) AS avg FROM ticket_ratings WHERE ts >= ? AND ts < ? GROUP BY factor',
    )
    .all(p.from, p.to) as { factor: string; n: number; avg: number }[];
  const all = db
    .prepare(
      'SELECT COUNT(DISTINCT ticket_id) AS people, AVG(score) AS avg FROM ticket_ratings WHERE ts >= ? AND ts < ?',
    )
    .get(p.from, p.to) as { people: number; avg: number | null };
  return {
    respondents: all.people,
    average: all.avg === null ? null : round1(all.avg),
    factors: SIPAS_FACTORS.map((f) => {
      const r = ratings.find((x) => x.factor === f.key);
      return { key: f.key, label: f.label, count: r?.n ?? 0, average: r ? round1(r.avg) : null };
    }),
  };
}

/**
 * Collects every figure of the report.
 *
 * @example
 * ```ts
 * const data = collectReport(db, parsePeriod('2026-Q3')!, { kb });
 * console.log(data.questions.answeredPct, data.targets);
 * ```
 */
export function collectReport(db: Db, p: Period, opts: ReportOptions = {}): ReportData {
  const data: ReportData = {
    period: p,
    generatedAt: opts.now ?? Date.now(),
    questions: questionFigures(db, p, opts),
    tickets: ticketFigures(db, p),
    handoffs: handoffFigures(db, p),
    satisfaction: satisfactionFigures(db, p),
    announcements: announcementFigures(db, p),
    targets: [],
  };
  data.targets = checkTargets(data, opts.targets ?? DEFAULT_TARGETS);
  return data;
}

function checkTargets(d: ReportData, t: PlanTargets): TargetCheck[] {
  const out: TargetCheck[] = [];
  const news = t.cchcNewsPerMonth * d.period.months;
  out.push(
    d.announcements.available
      ? {
          name: 'Tin CCHC đã gửi',
          target: `≥ ${news} (${t.cchcNewsPerMonth}/tháng)`,
          actual: String(d.announcements.cchcNews),
          met: d.announcements.cchcNews >= news,
        }
      : {
          name: 'Tin CCHC đã gửi',
          target: `≥ ${news} (${t.cchcNewsPerMonth}/tháng)`,
          actual: 'không có dữ liệu',
          met: null,
        },
  );
  if (t.answeredPct !== undefined) {
    const a = d.questions.answeredPct;
    out.push({
      name: 'Tỷ lệ câu hỏi được trả lời',
      target: `≥ ${t.answeredPct}%`,
      actual: a === null ? 'không có câu hỏi' : `${a}%`,
      met: a === null ? null : a >= t.answeredPct,
    });
  }
  if (t.ticketResponseHours !== undefined) {
    const m = d.tickets.medianResponseMs;
    const h = m === null ? null : round1(m / 3_600_000);
    out.push({
      name: 'Thời gian trả lời phản ánh (trung vị)',
      target: `≤ ${t.ticketResponseHours} giờ`,
      actual: h === null ? 'chưa có' : `${h} giờ`,
      met: h === null ? null : h <= t.ticketResponseHours,
    });
  }
  if (t.satisfaction !== undefined) {
    const s = d.satisfaction.average;
    out.push({
      name: 'Mức hài lòng trung bình',
      target: `≥ ${t.satisfaction}/5`,
      actual: s === null ? 'chưa có' : `${s}/5`,
      met: s === null ? null : s >= t.satisfaction,
    });
  }
  return out;
}
