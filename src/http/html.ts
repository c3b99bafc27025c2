/**
 * What every HTML page the server sends needs: escaping text for HTML, and
 * finding the folder of a part's browser files (beside its module, or in the
 * sources when the app runs compiled from `dist/`, which holds no assets).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML element or a quoted attribute.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Hỏi & đáp"</b>'); // '&lt;b&gt;&quot;Hỏi &amp; đáp&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * The `assets/` folder beside the module at `moduleUrl` (pass
 * `import.meta.url`), or the same folder under `src/` when the module runs
 * from `dist/src/…`; `probe` is a file that folder must hold.
 */
export function assetsFolder(moduleUrl: string, probe: string): string {
  const beside = join(dirname(fileURLToPath(moduleUrl)), 'assets');
  const inSources = beside.replace(/([\\/])dist([\\/])src([\\/])/, '$1src$3');
  return [beside, inSources].find((d) => existsSync(join(d, probe))) ?? beside;
}
