/**
 * The seeded draw: the same seed gives the same winners, scores come first,
 * then the closest tie-break guess, then the seeded key; another seed can
 * reorder people with equal scores and guesses, never the ranking by score.
 */
import { describe, expect, it } from 'vitest';
import { type DrawEntry, drawKey, drawWinners } from '../../src/quiz/draw.js';
import { parsePeriod } from '../../src/quiz/summary.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** Twenty entries: five with the full score, the rest lower, no guesses. */
const entries: DrawEntry[] = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  score: i < 5 ? 6 : 3,
  tiebreak: null,
}));

describe('drawWinners', () => {
  it('gives the same winners for the same seed, whatever the order of the entries', () => {
    const a = drawWinners(entries, { prizes: 3, seed: 'xsmb-31-12-2026' }).winners.map((w) => w.id);
    const b = drawWinners([...entries].reverse(), { prizes: 3, seed: 'xsmb-31-12-2026' }).winners.map((w) => w.id);
    expect(a).toEqual(b);
    expect(a).toHaveLength(3);
    expect(a.every((id) => id <= 5)).toBe(true);
  });

  it('orders equal scores by the seeded key, so other seeds give other orders among them', () => {
    const orders = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) =>
        drawWinners(entries, { prizes: 5, seed })
          .winners.map((w) => w.id)
          .join(','),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
    const w = drawWinners(entries, { prizes: 5, seed: 'a' }).winners;
    expect(w.map((x) => x.key)).toEqual([...w.map((x) => x.key)].sort());
    expect(w[0]!.key).toBe(drawKey('a', w[0]!.id));
  });

  it('puts the closest guess first among equal scores, and no guess last', () => {
    const list: DrawEntry[] = [
      { id: 1, score: 5, tiebreak: null },
      { id: 2, score: 5, tiebreak: 90 },
      { id: 3, score: 5, tiebreak: 101 },
      { id: 4, score: 6, tiebreak: 0 },
      { id: 5, score: 4, tiebreak: 100 },
    ];
    const { ranked } = drawWinners(list, { prizes: 2, seed: 's', target: 100 });
    expect(ranked.map((r) => r.id)).toEqual([4, 3, 2, 1, 5]);
    expect(ranked.map((r) => r.distance)).toEqual([100, 1, 10, null, 0]);
  });

  it('gives fewer winners than prizes when fewer people finished', () => {
    expect(drawWinners(entries.slice(0, 2), { prizes: 5, seed: 'x' }).winners).toHaveLength(2);
    expect(drawWinners([], { prizes: 3, seed: 'x' }).winners).toEqual([]);
  });
});

describe('parsePeriod', () => {
  const now = Date.parse('2026-12-01T03:00:00Z'); // 10:00 in Viet Nam
  it('reads two dates as whole days, the last one included', () => {
    expect(parsePeriod('01/12/2026 31/12/2026', TZ, now)).toEqual({
      ok: true,
      from: Date.parse('2026-11-30T17:00:00Z'),
      to: Date.parse('2026-12-31T17:00:00Z'),
    });
  });
  it('reads two times with dates', () => {
    expect(parsePeriod('08:00 01/12/2026 17:00 15/12/2026', TZ, now)).toEqual({
      ok: true,
      from: Date.parse('2026-12-01T01:00:00Z'),
      to: Date.parse('2026-12-15T10:00:00Z'),
    });
  });
  it('refuses a period that ends before it starts or is already over, and bad input', () => {
    expect(parsePeriod('31/12/2026 01/12/2026', TZ, now)).toMatchObject({ ok: false });
    expect(parsePeriod('01/11/2026 20/11/2026', TZ, now)).toEqual({ ok: false, error: 'Thời điểm kết thúc đã qua.' });
    expect(parsePeriod('mai', TZ, now)).toMatchObject({ ok: false });
    expect(parsePeriod('32/12/2026 31/12/2026', TZ, now)).toMatchObject({ ok: false });
  });
});
