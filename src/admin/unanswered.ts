/**
 * The unanswered-questions report: the most frequent questions of the last
 * N days that the assistant could not answer or only answered with
 * suggestions, grouped by their normalised text, with the entry the search
 * engine thought closest (the likely target for a new alias).
 */
import type { Reply } from '../core/types.js';
import type { Db } from '../storage/db.js';

/** One group of identical (normalised) unanswered questions. */
export interface UnansweredGroup {
  normalized: string;
  count: number;
  /** Distinct people who asked. */
  people: number;
  lastTs: number;
  /** The entry most often ranked first for these questions, if any. */
  bestId: string | null;
  /** Highest score seen for that entry. */
  bestScore: number | null;
  /** `suggest` (answered with suggestions) or the reason of no answer (`no-match`, `low-confidence`, `off-topic`, `not-ours`). */
  decision: string;
}

/** Options of {@link unansweredReport}. */
export interface UnansweredOptions {
  days: number;
  now?: number;
  limit?: number;
}

/** Groups unanswered and low-confidence questions of the last `days` days, most frequent first. */
export function unansweredReport(db: Db, opts: UnansweredOptions): UnansweredGroup[] {
  const since = (opts.now ?? Date.now()) - opts.days * 86_400_000;
  // No upper bound: rows stamped a moment after `now` (another clock) still count.
  return unansweredBetween(db, since, Number.MAX_SAFE_INTEGER, opts.limit ?? 20);
}

/** Same as {@link unansweredReport} over an explicit time range `[from, to)`; questions marked "not ours" in the console are left out. */
export function unansweredBetween(db: Db, from: number, to: number, limit: number): UnansweredGroup[] {
  const groups = db
    .prepare(
      `SELECT normalized, COUNT(*) AS count, COUNT(DISTINCT user_hash) AS people, MAX(ts) AS lastTs
       FROM questions
       WHERE answered = 0 AND normalized <> '' AND decision <> 'empty' AND ts >= ? AND ts < ?
         AND normalized NOT IN (SELECT normalized FROM unanswered_dismissed)
       GROUP BY normalized ORDER BY count DESC, lastTs DESC, normalized LIMIT ?`,
    )
    .all(from, to, limit) as { normalized: string; count: number; people: number; lastTs: number }[];
  // One pass over the rows of the listed groups for their likely entry and most common outcome.
  const list = JSON.stringify(groups.map((g) => g.normalized));
  const detail = db
    .prepare(
      `SELECT normalized, best_id, decision, COUNT(*) AS n, MAX(score) AS score FROM questions
       WHERE answered = 0 AND ts >= ? AND ts < ? AND normalized IN (SELECT value FROM json_each(?))
       GROUP BY normalized, best_id, decision`,
    )
    .all(from, to, list) as {
    normalized: string;
    best_id: string | null;
    decision: string;
    n: number;
    score: number | null;
  }[];
  return groups.map((g) => {
    const rows = detail.filter((d) => d.normalized === g.normalized);
    const tally = <K extends string>(key: (d: (typeof rows)[number]) => K | null) => {
      const m = new Map<K, { n: number; score: number | null }>();
      for (const d of rows) {
        const k = key(d);
        if (k === null) continue;
        const cur = m.get(k) ?? { n: 0, score: null };
        cur.n += d.n;
        if (d.score !== null && (cur.score === null || d.score > cur.score)) cur.score = d.score;
        m.set(k, cur);
      }
      return [...m].sort(
        (a, b) => b[1].n - a[1].n || (b[1].score ?? 0) - (a[1].score ?? 0) || a[0].localeCompare(b[0]),
      )[0];
    };
    const best = tally((d) => d.best_id);
    const decision = tally((d) => d.decision);
    return {
      ...g,
      bestId: best?.[0] ?? null,
      bestScore: best?.[1].score ?? null,
      decision: decision?.[0] ?? 'no-match',
    };
  });
}

const DECISION_LABEL: Record<string, string> = {
  suggest: 'chỉ gợi ý',
  ambiguous: 'chỉ gợi ý',
  'low-confidence': 'chưa chắc',
  'no-match': 'không tìm thấy',
  'off-topic': 'ngoài phạm vi',
  'not-ours': 'việc của cơ quan khác (đã chỉ nơi giải quyết)',
};

/** Vietnamese label of a decision or reason. */
export function decisionLabel(d: string): string {
  return DECISION_LABEL[d] ?? d;
}

/** The command payload that adds a question as an alias of an entry. */
export function addAliasPayload(entryId: string, alias: string): string {
  return `/themtukhoa ${entryId} ${alias}`;
}

/** The report as a chat reply, with one "add alias" button per group that has a likely entry. */
export function unansweredReply(groups: UnansweredGroup[], days: number): Reply {
  if (groups.length === 0) {
    return {
      kind: 'info',
      title: `Câu hỏi chưa trả lời (${days} ngày)`,
      sections: [{ text: 'Không có câu hỏi nào chưa trả lời được.' }],
    };
  }
  const items = groups.map(
    (g, i) =>
      `${i + 1}. "${g.normalized}": ${g.count} lần, ${g.people} người; ${decisionLabel(g.decision)}` +
      (g.bestId ? `; gần nhất: ${g.bestId}` : ''),
  );
  const buttons = groups
    .filter((g) => g.bestId && g.decision !== 'off-topic')
    .slice(0, 8)
    .map((g) => ({
      label: `+ "${g.normalized.slice(0, 30)}" → ${g.bestId}`,
      payload: addAliasPayload(g.bestId!, g.normalized),
    }));
  return {
    kind: 'list',
    title: `Câu hỏi chưa trả lời (${days} ngày)`,
    sections: [
      { items },
      {
        text: 'Bấm nút để thêm câu hỏi làm từ khoá (alias) của mục gần nhất, hoặc gõ: /themtukhoa <mã mục> <câu hỏi>.',
      },
    ],
    buttons,
  };
}

/** Takes a question out of the unanswered queue ("không thuộc xã" in the console). */
export function dismissUnanswered(db: Db, normalized: string, reason: 'not-ours', byHash: string, now: number): void {
  db.prepare(
    'INSERT INTO unanswered_dismissed (normalized, reason, by_hash, ts) VALUES (?, ?, ?, ?) ON CONFLICT (normalized) DO NOTHING',
  ).run(normalized, reason, byHash, now);
}
