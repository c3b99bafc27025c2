/**
 * Fills the commune profile from the 2025 rearrangement: the commune's
 * name, code, province, the clause that formed it and its old units, in
 * `knowledge/commune.yaml`, keeping every comment and every value the data
 * cannot know (address, hours, hotlines stay as the administrator left them).
 *
 * @example
 * ```ts
 * const r = initCommune('knowledge/commune.yaml', 'Lê Chân', { province: 'Hải Phòng' });
 * if (r.ok) console.log(r.unit.name, r.unit.from.length); // Phường Lê Chân 8
 * ```
 */
import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, type Pair, parseDocument, type YAMLMap } from 'yaml';
import { writeFileAtomic } from '../knowledge/atomic.js';
import { type AdminUnits, adminUnits, nameKey, type NewUnit, sourceOf } from './data.js';

/** Options of {@link initCommune}. */
export interface InitOptions {
  /** Narrows a name found in several provinces ("Hải Phòng", "Thành phố Hải Phòng"). */
  province?: string;
  /** Replace a name already filled in with another one. */
  force?: boolean;
  /** The mapping (tests pass their own). */
  units?: AdminUnits;
}

/** What {@link initCommune} did, or why not. */
export type InitResult =
  | { ok: true; unit: NewUnit; file: string }
  | {
      ok: false;
      reason: 'not-found' | 'ambiguous' | 'filled' | 'no-profile';
      candidates?: NewUnit[];
      current?: string;
    };

/** The new units named `name` (with or without "xã"/"phường", diacritics optional), narrowed by province. */
export function findNewUnits(units: AdminUnits, name: string, province?: string): NewUnit[] {
  let list = units.byName.get(nameKey(name))?.new ?? [];
  const typed = name.trim().toLowerCase();
  const exact = list.filter((n) => n.name.toLowerCase() === typed || n.name.toLowerCase().endsWith(` ${typed}`));
  if (exact.length > 0) list = exact;
  if (province) list = list.filter((n) => nameKey(n.province) === nameKey(province));
  return list;
}

function oldUnitsOf(unit: NewUnit): Record<string, string>[] {
  return unit.from.map((l) => ({
    name: l.old.name,
    district: l.old.district,
    province: l.old.province,
    part: l.partial ? 'một phần' : 'toàn bộ',
  }));
}

const FILLED = ['code', 'formedBy', 'oldUnits'];
const keyOf = (p: Pair) => (isScalar(p.key) ? p.key.value : p.key);

/** Moves the filled keys right after `province`, under one comment saying where they come from. */
function placeAfterProvince(commune: YAMLMap, doc: Document): void {
  const moved = FILLED.map((k) => commune.items.find((p) => keyOf(p) === k)).filter((p): p is Pair => !!p);
  commune.items = commune.items.filter((p) => !moved.includes(p));
  commune.items.splice(commune.items.findIndex((p) => keyOf(p) === 'province') + 1, 0, ...moved);
  const first = moved[0]!;
  const key = isScalar(first.key) ? first.key : doc.createNode(first.key);
  key.commentBefore = ' Từ nghị quyết sắp xếp đơn vị hành chính năm 2025 (npm run commune:init): mã, khoản, đơn vị cũ';
  first.key = key;
}

/** Writes the unit's facts into the profile file (atomically, keeping comments). */
export function initCommune(file: string, name: string, opts: InitOptions = {}): InitResult {
  const found = findNewUnits(opts.units ?? adminUnits(), name, opts.province);
  if (found.length === 0) return { ok: false, reason: 'not-found' };
  if (found.length > 1) return { ok: false, reason: 'ambiguous', candidates: found };
  const unit = found[0]!;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const commune = doc.get('commune', true);
  if (!isMap(commune)) return { ok: false, reason: 'no-profile' };
  const current = commune.get('name');
  if (typeof current === 'string' && current !== unit.name && !opts.force) {
    return { ok: false, reason: 'filled', current };
  }
  commune.set('name', unit.name);
  commune.set('province', unit.province);
  commune.set('code', unit.code);
  commune.set('formedBy', sourceOf(unit));
  commune.set('oldUnits', oldUnitsOf(unit));
  placeAfterProvince(commune, doc);
  writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
  return { ok: true, unit, file };
}
