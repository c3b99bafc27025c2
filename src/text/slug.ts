/**
 * URL- and payload-safe slugs of Vietnamese labels.
 *
 * @example
 * ```ts
 * slug('Hộ tịch – Đăng ký'); // 'ho-tich-dang-ky'
 * ```
 */
import { foldDiacritics } from './fold.js';

/** Lowercase ASCII letters and digits joined by single hyphens, no diacritics (đ → d). */
export function slug(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
