/**
 * The 2025 rearrangement of communes (10,052 old units → 3,321 new ones),
 * loaded lazily from `vendor/admin-units/dvhc-2025.json` (built by
 * `npm run admin-units:build`; MIT notices of both upstream sources next to
 * it). The file stores arrays, old units by index; this module turns it
 * into linked objects and a name index once, on the first lookup.
 *
 * @example
 * ```ts
 * const units = adminUnits();
 * units.byName.get('le chan')?.new[0]?.name; // 'Phường Lê Chân'
 * ```
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldForPhrase } from '../text/fold.js';

/** The file as stored (see scripts/build-admin-units.ts). */
export interface AdminUnitsFile {
  meta: Record<string, unknown>;
  /** New provinces: [code, name]. */
  provinces: [string, string][];
  /** Old province names (63). */
  oldProvinces: string[];
  /** Old districts: [name, old province index]. */
  districts: [string, number][];
  /** Old units: [code, name, district index]. */
  old: [string, string, number][];
  /** New units: [code, name, type, province index, resolution, clause number or null, links]. */
  units: [string, string, string, number, string, number | null, number[]][];
}

/** A commune-level unit before 1 July 2025. */
export interface OldUnit {
  code: string;
  /** With its type: "Xã Tây Hưng", "Phường Lê Chân", "Thị trấn Gôi". */
  name: string;
  district: string;
  province: string;
  /** Where it went: one new unit, or several when it was split. */
  to: Link[];
}

/** A commune-level unit since 1 July 2025. */
export interface NewUnit {
  code: string;
  name: string;
  type: string;
  province: string;
  /** "1669/NQ-UBTVQH15". */
  resolution: string;
  /** The clause of Điều 1 that formed it, when known. */
  clause: number | null;
  /** What it was made of. */
  from: Link[];
}

/** One old → new link. */
export interface Link {
  old: OldUnit;
  new: NewUnit;
  /** Only part of the old unit went to the new one. */
  partial: boolean;
  /** The old name is not found word for word in the clause: say "cần kiểm tra lại". */
  unchecked: boolean;
}

/** Units whose folded name (without "xã", "phường" …) is the key. */
export interface NameMatches {
  old: OldUnit[];
  new: NewUnit[];
}

/** The loaded mapping and its indexes. */
export interface AdminUnits {
  newUnits: NewUnit[];
  oldUnits: OldUnit[];
  /** Folded name without its type word → units. */
  byName: Map<string, NameMatches>;
  /** Folded district name without its type word → district names as written. */
  districts: Map<string, Set<string>>;
  /** Folded province name without "tỉnh"/"thành phố" → province names (old and new) as written. */
  provinces: Map<string, Set<string>>;
  /** The longest name key, in words (bounds the n-gram scan). */
  maxWords: number;
}

const TYPE_WORDS = /^(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)\s+/;

/** A name folded and without its leading type word: "Phường Lê Chân" → "le chan"; "Phường 2" stays "phuong 2". */
export function nameKey(name: string): string {
  const f = foldForPhrase(name).replace(/\s+/g, ' ').trim();
  const bare = f.replace(TYPE_WORDS, '');
  return /^\d+$/.test(bare) ? f : bare;
}

/** The default location of the shipped file. */
export const DEFAULT_ADMIN_UNITS_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'vendor',
  'admin-units',
  'dvhc-2025.json',
);

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key) ?? new Set<T>();
  set.add(value);
  map.set(key, set);
}

/** Builds the linked objects and indexes from the stored arrays. */
export function indexAdminUnits(file: AdminUnitsFile): AdminUnits {
  const oldUnits = file.old.map(([code, name, d]): OldUnit => {
    const [district, p] = file.districts[d]!;
    return { code, name, district, province: file.oldProvinces[p]!, to: [] };
  });
  const newUnits = file.units.map(([code, name, type, p, resolution, clause, links]): NewUnit => {
    const unit: NewUnit = { code, name, type, province: file.provinces[p]![1], resolution, clause, from: [] };
    for (const l of links) {
      const link: Link = { old: oldUnits[l >> 2]!, new: unit, partial: (l & 1) === 1, unchecked: (l & 2) === 2 };
      unit.from.push(link);
      link.old.to.push(link);
    }
    return unit;
  });
  const byName = new Map<string, NameMatches>();
  const entry = (k: string) => byName.get(k) ?? byName.set(k, { old: [], new: [] }).get(k)!;
  for (const o of oldUnits) entry(nameKey(o.name)).old.push(o);
  for (const n of newUnits) entry(nameKey(n.name)).new.push(n);
  const districts = new Map<string, Set<string>>();
  for (const [d] of file.districts) addTo(districts, nameKey(d), d);
  const provinces = new Map<string, Set<string>>();
  for (const p of [...file.oldProvinces, ...file.provinces.map((x) => x[1])]) addTo(provinces, nameKey(p), p);
  const maxWords = Math.max(...[...byName.keys(), ...districts.keys()].map((k) => k.split(' ').length));
  return { newUnits, oldUnits, byName, districts, provinces, maxWords };
}

let loaded: { file: string; units: AdminUnits } | undefined;

/** The mapping, read and indexed on first use (then kept: about 10 MB of heap). */
export function adminUnits(file = DEFAULT_ADMIN_UNITS_FILE): AdminUnits {
  if (loaded?.file !== file) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as AdminUnitsFile;
    loaded = { file, units: indexAdminUnits(data) };
  }
  return loaded.units;
}

/** "khoản 12 Điều 1 Nghị quyết 1669/NQ-UBTVQH15", or "Điều 1 Nghị quyết …" when the clause number is unknown. */
export function sourceOf(unit: NewUnit): string {
  return `${unit.clause ? `khoản ${unit.clause} ` : ''}Điều 1 Nghị quyết ${unit.resolution}`;
}
