/**
 * A busy commune's database for the admin benchmarks: a year (2026, Vietnam
 * time) of 200,000 questions (80% answered) and 5,000 tickets, 90% answered
 * and 30% of those rated, from a fixed seed.
 */
import { answerTicket, createTicket, rateTicket, SIPAS_FACTORS } from '../src/admin/tickets.js';
import { recordQuestion } from '../src/storage/core.js';
import type { Db } from '../src/storage/db.js';

export const QUESTIONS = 200_000;
export const TICKETS = 5_000;
export const YEAR_START = Date.UTC(2025, 11, 31, 17);
export const YEAR_MS = 365 * 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `db` (with the app's migrations applied). */
export function fill(db: Db): void {
  const r = rng(42);
  const ids = ['khai-sinh', 'ket-hon', 'tam-tru', 'can-cuoc', 'hotline-ubnd', null];
  db.transaction(() => {
    for (let i = 0; i < QUESTIONS; i++) {
      const answered = r() < 0.8;
      recordQuestion(db, {
        channel: r() < 0.5 ? 'telegram' : 'zalo-oa',
        userHash: `u${Math.floor(r() * 20_000)}`,
        normalized: answered ? `cau hoi ${Math.floor(r() * 5_000)}` : `chua tra loi ${Math.floor(r() * 800)}`,
        bestId: ids[Math.floor(r() * ids.length)] ?? null,
        score: r(),
        decision: answered ? 'answer' : r() < 0.5 ? 'suggest' : 'no-match',
        answered,
        latencyMs: 1,
        ts: YEAR_START + Math.floor(r() * YEAR_MS),
      });
    }
    for (let i = 0; i < TICKETS; i++) {
      const created = YEAR_START + Math.floor(r() * YEAR_MS);
      const id = createTicket(db, {
        channel: 'zalo-oa',
        userHash: 'h',
        userId: 'u',
        chatId: 'u',
        phone: '0912345678',
        content: 'nội dung',
        now: created,
      });
      if (r() < 0.9) {
        answerTicket(db, id, 'trả lời', 's', created + Math.floor(r() * 5 * 86_400_000));
        if (r() < 0.3)
          for (const f of SIPAS_FACTORS) rateTicket(db, id, f.key, 1 + Math.floor(r() * 5), created + 6 * 86_400_000);
      }
    }
  })();
}
