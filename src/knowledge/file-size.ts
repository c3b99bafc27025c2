/**
 * The per-file size limit of the knowledge folder (`KNOWLEDGE_MAX_FILE_MB`).
 * A file over the limit is refused from its size on disk, before it is read:
 * parsing a huge YAML file takes hundreds of MB of memory and seconds of CPU.
 */
import { statSync } from 'node:fs';
import type { KnowledgeProblem, LoadOptions } from './problems.js';

const MB = 1024 * 1024;

/** Default per-file size limit in MB (`KNOWLEDGE_MAX_FILE_MB`). */
export const DEFAULT_MAX_FILE_MB = 5;

/** Default limit in bytes. */
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * MB;

/** Megabytes (as configured) to bytes. */
export const mbToBytes = (mb: number): number => Math.round(mb * MB);

/** Loader options from the configuration (`KNOWLEDGE_MAX_FILE_MB`, and a city's shared folder). */
export function loadOptionsFromConfig(config: {
  KNOWLEDGE_MAX_FILE_MB: number;
  KNOWLEDGE_SHARED_DIR?: string | undefined;
}): LoadOptions {
  return {
    maxFileBytes: mbToBytes(config.KNOWLEDGE_MAX_FILE_MB),
    ...(config.KNOWLEDGE_SHARED_DIR ? { shared: config.KNOWLEDGE_SHARED_DIR } : {}),
  };
}

/** Megabytes rounded to `digits` decimals (up, or to the nearest). */
function roundMb(bytes: number, digits: number, up: boolean): number {
  const scale = 10 ** digits;
  return (up ? Math.ceil((bytes / MB) * scale - 1e-9) : Math.round((bytes / MB) * scale)) / scale;
}

/** "12,3": megabytes with a decimal comma, as administrators read them. */
const mbText = (mb: number) => String(mb).replace('.', ',');

/** The size of a file over the limit, never shown as equal to the limit ("5,1", not "5"). */
function overText(size: number, maxBytes: number): string {
  const digits = size < MB ? 2 : 1;
  const near = roundMb(size, digits, false);
  return mbText(near > roundMb(maxBytes, 2, false) ? near : roundMb(size, digits, true));
}

/**
 * The problem for a file larger than `maxBytes`, e.g.
 * `knowledge/x.yaml:1: (tệp): tệp quá lớn (12,3 MB; giới hạn 5 MB) — …`.
 */
export function fileSizeProblem(absPath: string, displayPath: string, maxBytes: number): KnowledgeProblem | undefined {
  return sizeProblem(statSync(absPath, { throwIfNoEntry: false })?.size ?? 0, displayPath, maxBytes);
}

/** {@link fileSizeProblem} for a text not written yet (its UTF-8 size). */
export function textSizeProblem(text: string, displayPath: string, maxBytes: number): KnowledgeProblem | undefined {
  return sizeProblem(Buffer.byteLength(text, 'utf8'), displayPath, maxBytes);
}

function sizeProblem(size: number, displayPath: string, maxBytes: number): KnowledgeProblem | undefined {
  if (size <= maxBytes) return undefined;
  return {
    file: displayPath,
    line: 1,
    field: '(tệp)',
    message: `tệp quá lớn (${overText(size, maxBytes)} MB; giới hạn ${mbText(roundMb(maxBytes, 2, false))} MB) — tách thành nhiều tệp nhỏ hơn, hoặc tăng KNOWLEDGE_MAX_FILE_MB`,
  };
}
