/**
 * Knowledge shared by many communes in one installation (a city, see
 * `src/tenants/`): the city's folder (national catalogue, articles, lexicon)
 * under each commune's own folder, and the parsed files themselves, read
 * once for all communes.
 *
 * A commune's folder is an overlay: its files are added to the shared ones,
 * and a file with the same path inside the folder (its `commune.yaml`, or a
 * `hotlines.yaml` of its own) replaces the shared one.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import type { parseKnowledgeFile } from './parse-file.js';

type Parsed = ReturnType<typeof parseKnowledgeFile>;

/** One knowledge file and the folder it comes from. */
export interface ListedFile {
  /** Path to read. */
  path: string;
  /** Path inside its folder (`procedures/ho-tich.yaml`), which an overlay file of the same path replaces. */
  inside: string;
  /** Whether it comes from the shared folder (read-only for a commune's administrators). */
  shared: boolean;
}

/**
 * The files of `dir` over those of `shared`, in a stable order (by path inside
 * the folders).
 *
 * @example
 * ```ts
 * overlayFiles(['tenants/an-bien/knowledge/commune.yaml'], ['knowledge/commune.yaml', 'knowledge/articles.yaml'], …);
 * // → articles.yaml from knowledge/, commune.yaml from the commune's folder
 * ```
 */
export function overlayFiles(
  own: readonly string[],
  ownDir: string,
  shared: readonly string[],
  sharedDir: string,
): ListedFile[] {
  const byInside = new Map<string, ListedFile>();
  for (const path of shared)
    byInside.set(relative(sharedDir, path), { path, inside: relative(sharedDir, path), shared: true });
  for (const path of own) byInside.set(relative(ownDir, path), { path, inside: relative(ownDir, path), shared: false });
  return [...byInside.values()].sort((a, b) => (a.inside < b.inside ? -1 : a.inside > b.inside ? 1 : 0));
}

/**
 * Parsed knowledge files by path, reused while a file's size and modification
 * time are unchanged. Many communes loading the same shared folder then parse
 * each file once and hold one copy of its entries, which also lets their
 * search engines share the index of the catalogue (see `SearchEngine`).
 * The parsed data is never modified after parsing, so sharing it is safe.
 *
 * @example
 * ```ts
 * const cache = new ParseCache();
 * loadKnowledge('tenants/an-bien/knowledge', [], { shared: 'knowledge', cache });
 * loadKnowledge('tenants/le-chan/knowledge', [], { shared: 'knowledge', cache }); // the shared files are not parsed again
 * ```
 */
export class ParseCache {
  private readonly files = new Map<string, { stamp: string; parsed: Parsed }>();
  /** Parses that were served from the cache and that were not (for tests and benchmarks). */
  readonly counts = { hits: 0, misses: 0 };

  /** The parsed file, from the cache when it is unchanged on disk; `parse` otherwise. */
  get(path: string, parse: () => Parsed): Parsed {
    let stamp: string;
    try {
      const s = statSync(path);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      return parse();
    }
    const hit = this.files.get(path);
    if (hit && hit.stamp === stamp) {
      this.counts.hits++;
      return hit.parsed;
    }
    this.counts.misses++;
    const parsed = parse();
    // A broken file is parsed again next time: its problems name the reader's path.
    if (parsed.problems.length === 0) this.files.set(path, { stamp, parsed });
    else this.files.delete(path);
    return parsed;
  }
}
