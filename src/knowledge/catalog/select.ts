/**
 * Chooses what to import: for each national code the best record (detail
 * API, then ministry page, then defence table, then the bare list), gaps
 * filled from the others; only procedures the commune level handles; never
 * customs, tax or treasury ones; a province's own procedures only for the
 * province asked for; ids that stay stable; families of variants.
 */
import { sameProvince } from '../layers.js';
import { KIND_PRIORITY, type PortalRecord } from './record.js';
import { deriveFamily, slugify } from './names.js';
import { RESIDENT_ALIASES } from './resident-aliases.js';
import { toProcedure, type ImportedProcedure } from './convert.js';

/** Why a code was left out. */
export type SkipReason = 'not-commune' | 'finance' | 'other-province' | 'internal' | 'hand-written';

/** Each {@link SkipReason} as administrators read it. */
export const SKIP_REASONS: Record<SkipReason, string> = {
  'hand-written': 'đã có mục viết tay cùng mã (mục viết tay được ưu tiên)',
  'not-commune': 'không do cấp xã thực hiện',
  finance: 'hải quan, thuế, kho bạc (không phải việc của người dân tại xã)',
  'other-province': 'thủ tục riêng của tỉnh khác',
  internal: 'thủ tục nội bộ giữa các cơ quan',
};

/** Options of {@link selectProcedures}. */
export interface SelectOptions {
  /** Also import this province's own (SPECIFIC) procedures. */
  province?: string;
  /** Codes owned by hand-written entries (code → id): never imported. */
  handCodes: Map<string, string>;
  /** Ids already taken (hand-written entries), and ids of codes imported before (code → id). */
  takenIds: Set<string>;
  previousIds: Map<string, string>;
  /** Provenance note by file. */
  provenance: Map<string, string>;
}

/** What {@link selectProcedures} returns. */
export interface Selection {
  procedures: ImportedProcedure[];
  skipped: { code: string; name: string; reason: SkipReason; detail?: string }[];
}

const FINANCE = /^(hải quan|thuế|kho bạc|quản lý thuế)/iu;

function best(records: PortalRecord[]): PortalRecord {
  const sorted = [...records].sort(
    (a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || b.date.localeCompare(a.date),
  );
  const top = { ...sorted[0]! };
  for (const r of sorted.slice(1)) {
    top.agency ??= r.agency;
    top.field ??= r.field;
    top.url ??= r.url;
    top.province ??= r.province;
    if (r.scope === 'province') top.scope = 'province';
  }
  const detailed = sorted.filter((r) => r.details);
  top.commune = detailed.length > 0 ? detailed.some((r) => r.commune) : sorted.some((r) => r.commune);
  return top;
}

function reasonToSkip(r: PortalRecord, o: SelectOptions): { reason: SkipReason; detail?: string } | undefined {
  const hand = o.handCodes.get(r.code);
  if (hand) return { reason: 'hand-written', detail: hand };
  if (r.internal) return { reason: 'internal' };
  if (!r.commune) return { reason: 'not-commune' };
  if (r.field && FINANCE.test(r.field)) return { reason: 'finance', detail: r.field };
  if (r.scope === 'province' && !(o.province && r.province && sameProvince(o.province, r.province))) {
    return { reason: 'other-province', ...(r.province ? { detail: r.province } : {}) };
  }
  return undefined;
}

/** An id from a name, at most 48 characters (Telegram's deep links carry 64) cut at a word. */
function shortId(name: string): string {
  let id = slugify(name, 8);
  while (id.length > 48 && id.includes('-')) id = id.slice(0, id.lastIndexOf('-'));
  return id;
}

/** Groups records by code and converts the ones to import. */
export function selectProcedures(records: PortalRecord[], o: SelectOptions): Selection {
  const byCode = new Map<string, PortalRecord[]>();
  for (const r of records) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  const out: Selection = { procedures: [], skipped: [] };
  const chosen: PortalRecord[] = [];
  for (const code of [...byCode.keys()].sort()) {
    const r = best(byCode.get(code)!);
    const skip = reasonToSkip(r, o);
    if (skip) out.skipped.push({ code, name: r.name, ...skip });
    else chosen.push(r);
  }
  const ids = new Set(o.takenIds);
  for (const id of o.previousIds.values()) ids.add(id);
  const families = new Map<string, number>();
  for (const r of chosen) {
    const f = deriveFamily(r.name).id;
    families.set(f, (families.get(f) ?? 0) + 1);
  }
  for (const r of chosen) {
    let id = o.previousIds.get(r.code);
    if (!id) {
      id = shortId(r.name) || `thu-tuc-${r.code.replace('.', '-')}`;
      if (ids.has(id)) id = `${id}-${r.code.replace('.', '-')}`;
      ids.add(id);
    }
    const files = [...new Set([r.file, ...byCode.get(r.code)!.map((x) => x.file)])].map((f) => f.replace(/:\d+$/, ''));
    const provenance = [...new Set(files.map((f) => o.provenance.get(f) ?? f))];
    const p = toProcedure(r, id, provenance, RESIDENT_ALIASES[r.code] ?? []);
    const fam = deriveFamily(r.name);
    if ((families.get(fam.id) ?? 0) > 1) {
      p.family = fam.id;
      if (fam.variant) p.variant = fam.variant;
    }
    out.procedures.push(p);
  }
  return out;
}
