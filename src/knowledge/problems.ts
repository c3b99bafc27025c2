/**
 * The types of knowledge loading shared by the loader and its checks (a
 * problem with its file and line, the options, the result, extra file
 * checks), in a module of their own so the checks never import the loader.
 */
import type { TxaErrorCode } from '../errors.js';
import type { HiddenEntry } from './layers.js';
import type { KnowledgeBase } from './model.js';
import type { ParseCache } from './shared.js';

/** One problem in the knowledge base, pointing at a file and line. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  /** The catalogue's code, for problems that have one (see `docs/errors.md`). */
  code?: TxaErrorCode;
}

/** Formats a problem the way `kb:check` prints it. */
export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}${p.code ? ` [${p.code}]` : ''}`;
}

/** Thrown when the knowledge base does not validate. */
export class KnowledgeLoadError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(`Cơ sở tri thức có ${problems.length} lỗi:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeLoadError';
  }
}

/** Result of loading: errors are values. */
export type LoadResult =
  | { ok: true; kb: KnowledgeBase; files: string[]; hidden: HiddenEntry[] }
  | { ok: false; problems: KnowledgeProblem[] };

/** Options of `loadKnowledge`. */
export interface LoadOptions {
  /** Largest accepted file, in bytes (default 5 MB, see `DEFAULT_MAX_FILE_BYTES`). */
  maxFileBytes?: number;
  /**
   * Texts to validate instead of what is on disk, by path as
   * `listKnowledgeFiles` gives it (checking an edit before writing it).
   */
  texts?: ReadonlyMap<string, string>;
  /**
   * A folder shared by several communes (the city's catalogue, articles,
   * lexicon), loaded under `dir`: a file of `dir` replaces the shared file of
   * the same path inside the folder (see `shared.ts`).
   */
  shared?: string;
  /** Parsed files reused across loads while unchanged on disk (many communes in one process). */
  cache?: ParseCache;
}

/** Extra validation of one parsed file, for parts that extend the knowledge base. */
export type FileHook = (
  file: string,
  data: Record<string, unknown>,
  locate: (path: (string | number)[]) => number,
) => KnowledgeProblem[];
