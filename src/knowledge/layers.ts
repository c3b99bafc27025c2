/**
 * Layers of the knowledge base. Imported catalogue entries (those with a
 * `portal` reference) sit under the hand-written ones: a hand-written entry
 * with the same national code replaces the imported one. A province's own
 * procedures apply only where the commune profile names that province.
 */
import { fold } from '../search/normalize.js';
import type { Commune, Procedure } from './schema.js';

/** An imported entry left out of search, and why (for `kb:check`). */
export interface HiddenEntry {
  id: string;
  reason: string;
}

function provinceKey(s: string): string {
  return fold(s.normalize('NFC'))
    .toLowerCase()
    .replace(/^(tinh|thanh pho|tp\.?)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether two province names are the same province ("Tỉnh Lâm Đồng" = "lam dong"). */
export function sameProvince(a: string, b: string): boolean {
  return provinceKey(a) === provinceKey(b);
}

/** Whether a province-scoped entry applies to the commune's province. */
export function appliesTo(p: Procedure, commune: Commune): boolean {
  if (p.portal?.scope !== 'province') return true;
  return (
    commune.province !== null && p.portal.province !== undefined && sameProvince(commune.province, p.portal.province)
  );
}

/** National codes owned by hand-written entries (their own and those they cover) → entry id. */
export function handWrittenCodes(procedures: readonly Procedure[]): Map<string, string> {
  const hand = new Map<string, string>();
  for (const p of procedures) {
    if (p.portal) continue;
    for (const c of [...(p.code ? [p.code] : []), ...p.covers]) hand.set(c, p.id);
  }
  return hand;
}

/** Keeps the procedures that apply, hand-written ones over imported ones with the same code. */
export function applyLayers(
  procedures: Procedure[],
  commune: Commune,
): { procedures: Procedure[]; hidden: HiddenEntry[] } {
  const hand = handWrittenCodes(procedures);
  const hidden: HiddenEntry[] = [];
  const kept = procedures.filter((p) => {
    if (!p.portal) return true;
    const over = p.code ? hand.get(p.code) : undefined;
    if (over) {
      hidden.push({ id: p.id, reason: `mục viết tay ${over} cùng mã ${p.code} được dùng thay` });
      return false;
    }
    if (!appliesTo(p, commune)) {
      hidden.push({ id: p.id, reason: `thủ tục riêng của ${p.portal.province ?? 'một tỉnh'}, không phải tỉnh của xã` });
      return false;
    }
    return true;
  });
  return { procedures: kept, hidden };
}
