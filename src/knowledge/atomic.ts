/**
 * Atomic file writes for everything that changes `knowledge/`: a reader (the
 * running assistant, `kb:check`, a reload) sees either the old file or the
 * new one, never a truncated mix, even after `kill -9` or a power cut.
 *
 * @example
 * ```ts
 * writeFileAtomic('knowledge/catalog/ho-tich.yaml', yamlText);
 * ```
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to a temporary file beside `path` (a dot-file, which the
 * knowledge loader ignores), flushes it to disk, then renames it over `path`
 * and flushes the folder so the rename itself survives a crash.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  // fsync of a directory is not supported everywhere (e.g. some network file systems): best effort.
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* the rename is done; durability of the folder entry is up to the file system */
  }
}
