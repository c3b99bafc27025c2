/**
 * Vietnamese messages for knowledge validation, as a zod 4 error map passed
 * per parse (`schema.safeParse(data, { error: knowledgeErrorMap })`), so the
 * messages written in the schema itself still win and nothing global changes.
 *
 * A missing field says `thiếu trường \`sources\``, a wrong type says what was
 * expected and what was found, and an unknown key suggests the near one
 * ("Bạn có định viết `name`?"). Other issues fall back to zod's Vietnamese
 * locale (`z.config(z.locales.vi())` in `schema.ts`).
 *
 * @example
 * ```ts
 * const r = KnowledgeFile.safeParse(raw, { error: knowledgeErrorMap });
 * // r.error.issues[0].message: "thiếu trường `sources`"
 * ```
 */
import type { z } from 'zod';
import { didYouMean } from '../core/did-you-mean.js';

const TYPES: Record<string, string> = {
  string: 'một chuỗi chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'true hoặc false',
  array: 'một danh sách (mỗi dòng bắt đầu bằng "- ")',
  object: 'một nhóm trường (khóa: giá trị)',
  record: 'một nhóm trường (khóa: giá trị)',
  date: 'một ngày',
  null: 'để trống',
};

/** How a YAML value reads to an administrator. */
export function describeValue(v: unknown): string {
  if (v === null) return 'giá trị trống';
  if (Array.isArray(v)) return 'một danh sách';
  if (v instanceof Date) return 'một ngày';
  switch (typeof v) {
    case 'string':
      return `chuỗi "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
    case 'number':
      return `số ${v}`;
    case 'boolean':
      return String(v);
    case 'object':
      return 'một nhóm trường';
    default:
      return typeof v;
  }
}

/** The message for one unknown key, with the known key it most likely meant. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = didYouMean(key, known);
  return `không có trường \`${key}\`${near ? `. Bạn có định viết \`${near}\`?` : ` (các trường có: ${known.join(', ')})`}`;
}

/** The keys an object schema declares (empty for anything else). */
function shapeKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * The error map. For unknown keys the message has one line per key, in the
 * order of `issue.keys`; {@link splitIssues} in the loader makes one problem
 * of each.
 */
export const knowledgeErrorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type') {
    const last = iss.path?.[iss.path.length - 1];
    if (iss.input === undefined && typeof last === 'string') return `thiếu trường \`${last}\``;
    const expected = TYPES[iss.expected] ?? iss.expected;
    return `phải là ${expected}, không phải ${describeValue(iss.input)}`;
  }
  if (iss.code === 'unrecognized_keys') {
    const known = shapeKeys(iss.inst);
    return iss.keys.map((k) => unknownKeyMessage(k, known)).join('\n');
  }
  return undefined;
};

/** One located issue: its path and message. */
export interface IssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** Splits an unknown-keys issue into one issue per key (on the object, as zod reports it). */
export function splitIssues(issues: readonly IssueLike[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    if (i.code !== 'unrecognized_keys' || !i.keys) return [{ path: i.path, message: i.message }];
    const lines = i.message.split('\n');
    return i.keys.map((_, n) => ({ path: i.path, message: lines[n] ?? i.message }));
  });
}
