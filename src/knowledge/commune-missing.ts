/**
 * Commune values the administrator has not filled in yet (`null` in
 * `knowledge/commune.yaml`): residents see "chưa cập nhật" for them. Listed
 * by `kb:check` and once when the assistant starts.
 */
import type { Commune } from './schema.js';

/** Paths of the empty commune values, e.g. `address`, `oneStopDesk.hours`, `hotlines.ubnd.number`. */
export function missingCommuneValues(c: Commune): string[] {
  const missing: string[] = [];
  for (const k of ['name', 'province', 'address', 'workingHours', 'website', 'email'] as const)
    if (c[k] === null) missing.push(k);
  if (c.oneStopDesk.address === null) missing.push('oneStopDesk.address');
  if (c.oneStopDesk.hours === null) missing.push('oneStopDesk.hours');
  for (const [k, h] of Object.entries(c.hotlines)) if (h.number === null) missing.push(`hotlines.${k}.number`);
  return missing;
}

/** The reminder for administrators, or undefined when every value is filled in. */
export function missingCommuneNote(c: Commune): string | undefined {
  const missing = missingCommuneValues(c);
  if (missing.length === 0) return undefined;
  return `Hồ sơ xã còn ${missing.length} mục chưa cập nhật (hiển thị "chưa cập nhật"): ${missing.join(', ')}`;
}
