/**
 * Adding a commune to a city installation: its folder, its settings file
 * and its profile, filled from the 2025 rearrangement data (name, code,
 * province, the clause that formed it and its old units) when the data
 * knows it. Everything the data cannot know stays a marked placeholder.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { findNewUnits, initCommune } from '../admin-units/commune-init.js';
import { type AdminUnits, adminUnits, type NewUnit } from '../admin-units/data.js';
import { TENANT_ID } from '../config/index.js';
import { writeFileAtomic } from '../knowledge/atomic.js';
import { fold } from '../search/normalize.js';
import { TENANT_ENV } from './registry.js';

/** What {@link addTenant} needs. */
export interface AddTenant {
  /** The city's folder of communes (`TENANTS_DIR`). */
  tenantsDir: string;
  /** The profile to start from (the city's `commune.yaml`, with its placeholders). */
  template: string;
  /** The commune's name, with or without "Xã"/"Phường", diacritics optional. */
  name: string;
  /** Its id (default: from its name, "Phường An Biên" → `an-bien`). */
  id?: string;
  /** Its host name (default `<id>.localhost`, which browsers resolve to this machine). */
  host?: string;
  /** Narrows a name found in several provinces. */
  province?: string;
  /** The rearrangement data (tests pass their own). */
  units?: AdminUnits;
}

/** The added commune, or why not. */
export type AddResult =
  | { ok: true; id: string; dir: string; host: string; unit?: NewUnit }
  | { ok: false; message: string };

/** "Phường An Biên" → "an-bien": the name without its kind, folded, words joined by dashes. */
export function tenantIdOf(name: string): string {
  return slug(name, false);
}

/** The name folded, words joined by dashes; `withKind` keeps "xa", "phuong"… in front. */
function slug(name: string, withKind: boolean): string {
  const folded = fold(name.normalize('NFC').toLowerCase());
  return (withKind ? folded : folded.replace(/^(xa|phuong|dac khu|thi tran)\s+/, ''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Creates `<tenantsDir>/<id>/` with `tenant.env` and `knowledge/commune.yaml`.
 * Never overwrites a commune that exists.
 *
 * @example
 * ```ts
 * addTenant({ tenantsDir: 'tenants', template: 'knowledge/commune.yaml', name: 'Phường An Biên', province: 'Hải Phòng' });
 * // → { ok: true, id: 'an-bien', host: 'an-bien.localhost', unit: { code: '11311', … } }
 * ```
 */
export function addTenant(o: AddTenant): AddResult {
  const found = findNewUnits(o.units ?? adminUnits(), o.name, o.province);
  if (found.length > 1)
    return {
      ok: false,
      message: `Có nhiều đơn vị tên "${o.name}": ${found.map((u) => `${u.name} (${u.province})`).join('; ')}. Thêm --province.`,
    };
  const unit = found[0];
  const id = o.id ?? freeId(o.tenantsDir, unit?.name ?? o.name, unit?.code);
  if (!TENANT_ID.test(id))
    return { ok: false, message: `Mã xã "${id}" không hợp lệ: chữ thường không dấu, số, dấu gạch ngang.` };
  const dir = join(o.tenantsDir, id);
  if (existsSync(dir)) return { ok: false, message: `Đã có xã ${id} (${dir}); không ghi đè.` };
  const host = (o.host ?? `${id}.localhost`).toLowerCase();
  try {
    mkdirSync(join(dir, 'knowledge'), { recursive: true });
    const profile = join(dir, 'knowledge', 'commune.yaml');
    copyFileSync(o.template, profile);
    const r = unit
      ? initCommune(profile, unit.name, {
          province: unit.province,
          force: true,
          ...(o.units ? { units: o.units } : {}),
        })
      : undefined;
    if (!r?.ok) setName(profile, o.name.trim());
    writeFileSync(join(dir, TENANT_ENV), tenantEnv(host), { mode: 0o600 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, message: `Không tạo được ${dir}: ${(err as Error).message}` };
  }
  return { ok: true, id, dir, host, ...(unit ? { unit } : {}) };
}

/**
 * The id from the name; when another commune of the same name holds it
 * ("Xã Cẩm Giang" beside "Phường Cẩm Giang"), the name with its kind
 * (`xa-cam-giang`). The same commune added again keeps its id (and is refused).
 */
function freeId(tenantsDir: string, name: string, code: string | undefined): string {
  const short = tenantIdOf(name);
  const profile = join(tenantsDir, short, 'knowledge', 'commune.yaml');
  if (!code || !existsSync(profile)) return short;
  const held = parseDocument(readFileSync(profile, 'utf8')).getIn(['commune', 'code']);
  return held === undefined || String(held) === code ? short : slug(name, true);
}

function setName(file: string, name: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const commune = doc.get('commune', true);
  if (isMap(commune)) commune.set('name', name);
  writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
}

/** The commune's settings file: its host, and the commune's own variables to fill, commented out. */
function tenantEnv(host: string): string {
  return `# Cấu hình riêng của xã (biến trong .env.example; các biến chung của thành phố đặt trong .env).
# Tệp này chứa mã bí mật: không đưa vào git, chỉ người quản trị máy chủ đọc được.
TENANT_HOST=${host}
# PUBLIC_URL=https://${host}
# WEB_CHAT_ENABLED=true
# ADMIN_WEB_ENABLED=true
# ADMIN_IDS=telegram:123456789
# STAFF_IDS=
# TELEGRAM_BOT_TOKEN=
# TELEGRAM_WEBHOOK_URL=https://${host}/webhooks/telegram
# TELEGRAM_WEBHOOK_SECRET=
# ZALO_OA_APP_ID=
# ZALO_OA_SECRET_KEY=
`;
}
