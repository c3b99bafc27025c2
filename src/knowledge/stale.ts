/**
 * Entries whose facts were checked too long ago (`lastVerified` older than
 * `KNOWLEDGE_STALE_DAYS`). Not an error: `kb:check` warns, with counts per
 * file (and each entry with `--verbose`), and answers say the facts may have
 * changed (see `src/core/freshness.ts`).
 *
 * @example
 * ```ts
 * const stale = new StaleCollector(Date.now(), 180);
 * const r = loadKnowledge('knowledge', [stale.hook]);
 * if (r.ok) console.log(formatStale(stale.entries(r.kb), 180, false).join('\n'));
 * ```
 */
import type { FileHook } from './loader.js';
import type { KnowledgeBase } from './model.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from an ISO date (`2026-11-22`, midnight UTC) to `now`. */
export function ageInDays(isoDate: string, now: number): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.floor((now - Date.UTC(y!, m! - 1, d!)) / DAY_MS);
}

/** Whether facts checked on `isoDate` are older than `staleDays` days at `now`. */
export function isStale(isoDate: string, now: number, staleDays: number): boolean {
  return ageInDays(isoDate, now) > staleDays;
}

/** One stale entry and where it is written. */
export interface StaleEntry {
  file: string;
  id: string;
  lastVerified: string;
  days: number;
  /** Its line in `file` (computed on demand: it may need a second, slower parse of the file). */
  line: () => number;
}

function isoOf(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/**
 * Collects, while the loader reads each file, the entries (any top-level
 * list of items with `id` and `lastVerified`) older than the limit.
 */
export class StaleCollector {
  private readonly found: Omit<StaleEntry, 'days'>[] = [];

  constructor(
    private readonly now: number,
    private readonly staleDays: number,
  ) {}

  /** The loader hook; it reports no problems. */
  readonly hook: FileHook = (file, data, locate) => {
    for (const [key, list] of Object.entries(data)) {
      if (!Array.isArray(list)) continue;
      list.forEach((item: unknown, i) => {
        if (item === null || typeof item !== 'object') return;
        const { id, lastVerified } = item as { id?: unknown; lastVerified?: unknown };
        const iso = isoOf(lastVerified);
        if (typeof id !== 'string' || !iso || !isStale(iso, this.now, this.staleDays)) return;
        this.found.push({ file, id, lastVerified: iso, line: () => locate([key, i]) });
      });
    }
    return [];
  };

  /** The stale entries in use by `kb` (entries an imported layer hides are left out), oldest first per file. */
  entries(kb: KnowledgeBase): StaleEntry[] {
    return this.found
      .filter((e) => kb.byId.has(e.id))
      .map((e) => ({ ...e, days: ageInDays(e.lastVerified, this.now) }))
      .sort((a, b) => a.file.localeCompare(b.file) || b.days - a.days || a.id.localeCompare(b.id));
  }
}

/** `2026-11-22` → `22/11/2026`. */
export function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The warning lines of `kb:check` (none when nothing is stale). */
export function formatStale(stale: StaleEntry[], staleDays: number, verbose: boolean): string[] {
  if (stale.length === 0) return [];
  const byFile = new Map<string, StaleEntry[]>();
  for (const e of stale) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = [
    `Cảnh báo: ${stale.length} mục kiểm tra đã hơn ${staleDays} ngày (KNOWLEDGE_STALE_DAYS); câu trả lời của các mục này ghi "có thể đã thay đổi". ` +
      `Kiểm tra lại rồi sửa lastVerified; mục nhập từ Cổng thì nhập lại bằng npm run kb:import -- --portal:`,
  ];
  for (const [file, list] of byFile) {
    out.push(`  ${file}: ${list.length} mục`);
    if (verbose)
      for (const e of list)
        out.push(`    ${file}:${e.line()}: ${e.id} (kiểm tra ngày ${vnDate(e.lastVerified)}, ${e.days} ngày trước)`);
  }
  if (!verbose) out.push('  Xem từng mục bằng --verbose.');
  return out;
}
