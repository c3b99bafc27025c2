/**
 * `npm run admin-units:build [-- <research folder>]`: rebuilds the shipped
 * old → new commune mapping (`vendor/admin-units/dvhc-2025.json`) from the
 * research copies of the upstream data (default
 * `../shared/research/admin-units`; read its README):
 *
 * - `vn-dvhc-2025.json`, the join of dvhcvn/20250701 (merges/splits, MIT) and
 *   thanglequoc's list (MIT), with each new unit's resolution and clause;
 * - `upstream/dvhcvn-20250701/resolutions-md/`, the 34 resolutions, to find
 *   the clause number ("khoản N") where the joined text lost it;
 * - both `LICENSE` files, copied next to the data (their notices must travel with it).
 *
 * It applies the three corrections the README lists, checks the counts
 * (34 provinces, 3,321 units, 10,052 old units, each old unit linked) and
 * writes a compact file: arrays instead of objects, old units by index.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminUnitsFile } from '../src/admin-units/data.js';

interface SrcOld {
  code: string;
  name: string;
  part: 'full' | 'partial';
  in_clause: boolean;
  district: string;
  province: string;
}
interface SrcUnit {
  code: string;
  name: string;
  type: string;
  province_code: string;
  resolution: string;
  clause: string | null;
  old: SrcOld[];
}
interface SrcOldUnit {
  code: string;
  name: string;
  district: string;
  province: string;
  new: { code: string }[];
}
interface Source {
  provinces: { code: string; name: string }[];
  units: SrcUnit[];
  old_units: SrcOldUnit[];
}

/**
 * The README's known upstream errors, checked against the clauses:
 * 1664 khoản 88 puts "Adơk" (Đăk Đoa) into xã Ia Băng; 1677 khoản 56 puts
 * Hà Mòn into xã Đăk Hà; 1656 khoản 89 (Đoài Phương) names Sơn Đông of Sơn
 * Tây, not Sơn Đồng of Hoài Đức, which khoản 104 puts wholly into xã Sơn Đồng.
 */
const CORRECTIONS = [
  {
    old: '23710',
    from: '23869',
    to: '23710',
    part: 'full',
    note: 'Xã A Dơk (Đăk Đoa) → Xã Ia Băng (1664/NQ-UBTVQH15 khoản 88), not Ia Dơk',
  },
  {
    old: '23521',
    from: '23425',
    to: '23500',
    part: 'full',
    note: 'Xã Hà Mòn (Đắk Hà) → Xã Đăk Hà (1677/NQ-UBTVQH15 khoản 56), not Tu Mơ Rông',
  },
  {
    old: '09859',
    from: '09616',
    to: '09871',
    part: 'full',
    note: 'Xã Sơn Đồng (Hoài Đức) → only Xã Sơn Đồng (1656/NQ-UBTVQH15 khoản 104), not Đoài Phương',
  },
] as const;

const norm = (s: string) => s.replace(/[*\\]/g, '').replace(/\s+/g, ' ').trim();

/** The clause number: from the text ("62. Sắp xếp …"), else found in the resolution's own text, else null. */
function clauseNumber(u: SrcUnit, resolutionsDir: string, cache: Map<string, string>): number | null {
  const c = u.clause ?? '';
  const lead = /^(\d+)\.\s/.exec(c);
  if (lead) return Number(lead[1]);
  if (!c.startsWith('Sắp xếp')) return null; // the closing paragraph: units not rearranged
  const file = join(resolutionsDir, `${u.resolution.replace('/', '_')}.md`);
  if (!cache.has(file)) cache.set(file, existsSync(file) ? norm(readFileSync(file, 'utf8')) : '');
  const md = cache.get(file)!;
  const at = md.indexOf(norm(c));
  const before = at > 0 ? /(\d+)\.\s*$/.exec(md.slice(Math.max(0, at - 8), at)) : null;
  return before ? Number(before[1]) : null;
}

function applyCorrections(src: Source): void {
  const byCode = new Map(src.units.map((u) => [u.code, u]));
  for (const c of CORRECTIONS) {
    const from = byCode.get(c.from)!;
    const to = byCode.get(c.to)!;
    const link = from.old.find((o) => o.code === c.old);
    if (!link) throw new Error(`correction no longer applies (fixed upstream?): ${c.note}`);
    from.old = from.old.filter((o) => o.code !== c.old);
    const existing = to.old.find((o) => o.code === c.old);
    if (existing) Object.assign(existing, { part: c.part, in_clause: true });
    else to.old.push({ ...link, part: c.part, in_clause: true });
  }
}

function build(dir: string): AdminUnitsFile {
  const src = JSON.parse(readFileSync(join(dir, 'vn-dvhc-2025.json'), 'utf8')) as Source;
  applyCorrections(src);
  const provinceIdx = new Map(src.provinces.map((p, i) => [p.code, i]));
  const oldProvinces: string[] = [];
  const districts: [string, number][] = [];
  const districtIdx = new Map<string, number>();
  const oldIdx = new Map<string, number>();
  const old: [string, string, number][] = [];
  for (const o of src.old_units) {
    let p = oldProvinces.indexOf(o.province);
    if (p < 0) p = oldProvinces.push(o.province) - 1;
    const key = `${o.district}|${o.province}`;
    if (!districtIdx.has(key)) districtIdx.set(key, districts.push([o.district, p]) - 1);
    oldIdx.set(o.code, old.push([o.code, o.name, districtIdx.get(key)!]) - 1);
  }
  const cache = new Map<string, string>();
  const resolutionsDir = join(dir, 'upstream', 'dvhcvn-20250701', 'resolutions-md');
  const units = src.units.map((u): AdminUnitsFile['units'][number] => {
    const links = u.old.map((o) => {
      const i = oldIdx.get(o.code);
      if (i === undefined) throw new Error(`${u.name}: old unit ${o.code} ${o.name} is not in old_units`);
      return (i << 2) | (o.part === 'partial' ? 1 : 0) | (o.in_clause ? 0 : 2);
    });
    return [
      u.code,
      u.name,
      u.type,
      provinceIdx.get(u.province_code)!,
      u.resolution,
      clauseNumber(u, resolutionsDir, cache),
      links,
    ];
  });
  const linked = new Set(units.flatMap((u) => u[6].map((l) => l >> 2)));
  const unlinked = old.filter((_, i) => !linked.has(i)).map((o) => `${o[0]} ${o[1]}`);
  if (units.length !== 3321 || old.length !== 10052 || src.provinces.length !== 34 || unlinked.length > 0)
    throw new Error(`unexpected counts: ${units.length} units, ${old.length} old, unlinked ${unlinked.join(', ')}`);
  return {
    meta: {
      title: 'Sắp xếp đơn vị hành chính cấp xã năm 2025 (hiệu lực 01/07/2025): đơn vị mới ↔ đơn vị cũ',
      sources: [
        'Nghị quyết 202/2025/QH15 (cấp tỉnh) và 34 nghị quyết 1654/NQ-UBTVQH15 đến 1687/NQ-UBTVQH15 (cấp xã)',
        'github.com/dvhcvn/20250701 @ dd94887ce32324380bc5bb0a76fe39867dafc73b (2025-07-12), MIT, Copyright (c) 2025 dvhcvn: LICENSE.dvhcvn',
        'github.com/thanglequoc/vietnamese-provinces-database @ cd58063299585146ded3981f2272946ef19ced54, MIT, Copyright (c) 2021 Thang Le Quoc: LICENSE.thanglequoc',
      ],
      corrections: CORRECTIONS.map((c) => c.note),
      notIncluded: [
        '30/2026/QH16 và 237/NQ-UBTVQH16: Đồng Nai thành thành phố, 10 xã thành phường (từ 30/04/2026)',
        '36/2026/QH16: Quảng Ninh thành thành phố',
      ],
      links:
        'units[i][6]: old index << 2 | 1 when only part of the old unit went there | 2 when the old name is not found word for word in the clause (cần kiểm tra lại)',
    },
    provinces: src.provinces.map((p) => [p.code, p.name]),
    oldProvinces,
    districts,
    old,
    units,
  };
}

const dir = process.argv[2] ?? '../shared/research/admin-units';
const out = 'vendor/admin-units';
const data = build(dir);
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/dvhc-2025.json`, `${JSON.stringify(data)}\n`);
copyFileSync(join(dir, 'upstream', 'dvhcvn-20250701', 'LICENSE'), `${out}/LICENSE.dvhcvn`);
copyFileSync(join(dir, 'upstream', 'thanglequoc', 'LICENSE'), `${out}/LICENSE.thanglequoc`);
const noClause = data.units.filter((u) => u[5] === null).length;
process.stdout.write(
  `Đã ghi ${out}/dvhc-2025.json: ${data.units.length} đơn vị mới, ${data.old.length} đơn vị cũ, ${CORRECTIONS.length} chỗ sửa, ${noClause} đơn vị không rõ số khoản.\n`,
);
