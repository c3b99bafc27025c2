/**
 * Reads a file or folder of the national portal's raw data, telling each
 * file's format from its content: a `.jsonl` list, a detail API answer
 * (`{code, data}`), a ministry page (`ma_thu_tuc`), a defence record
 * (`metadata.mã_thủ_tục`). A file that is not valid JSON, or lacks a field
 * the importer needs, is reported with its path and the field, and the
 * import goes on with the rest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { z } from 'zod';
import { DefenceRecord, defenceRecord } from './read-defence.js';
import { DetailAnswer, detailRecord } from './read-detail.js';
import { readList } from './read-list.js';
import { MinistryPage, pageRecord } from './read-page.js';
import type { ReadResult } from './record.js';

/**
 * Dates and provenance of the copies in `shared/research/catalog/` by folder
 * name (their README): the portal's date where a record has none of its own,
 * and which crawl the copy came from (shown to administrators only).
 */
const KNOWN_COPIES: Record<string, { date: string; provenance: string }> = {
  'portal-catalog-2026-07.jsonl': {
    date: '2026-07-18',
    provenance: 'bản sao danh mục của dự án VoidKeishi/OpenGOV (commit feccba6), thu thập 18/07/2026',
  },
  'portal-details-2026-07': {
    date: '2026-07-17',
    provenance: 'bản sao API chi tiết của dự án VoidKeishi/OpenGOV (commit feccba6)',
  },
  'ministry-pages-2026-06': {
    date: '2026-06-10',
    provenance: 'bản sao trang thủ tục của dự án chatbot-tthc/chatbot_tthc (commit 5322948), 10/06–17/07/2026',
  },
  'defence-2025-12': {
    date: '2025-12-31',
    provenance: 'bản trích bảng thủ tục Bộ Quốc phòng của dự án nhdandz/ThuTucHanhChinh (commit 936e184)',
  },
};

/** What a read of one path gives. */
export interface PortalRead extends ReadResult {
  files: number;
  /** Provenance note per file (relative path → note). */
  provenance: Map<string, string>;
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (/\.jsonl?$/i.test(name)) out.push(p);
  }
  return out;
}

function copyOf(file: string): { date?: string; provenance?: string } {
  return KNOWN_COPIES[basename(file)] ?? KNOWN_COPIES[basename(dirname(file))] ?? {};
}

function issue(e: z.ZodError): { field: string; message: string } {
  const i = e.issues[0]!;
  return { field: i.path.join('.') || '(tệp)', message: i.message };
}

/** Reads one JSON file of any of the three record formats. */
function readOne(text: string, shown: string, date: string, out: ReadResult): void {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    out.problems.push({ file: shown, field: '(JSON)', message: `không đọc được JSON: ${(err as Error).message}` });
    return;
  }
  const obj = (raw ?? {}) as Record<string, unknown>;
  if ('data' in obj) {
    const r = DetailAnswer.safeParse(raw);
    if (r.success) out.records.push(detailRecord(r.data.data, shown, out.problems));
    else out.problems.push({ file: shown, ...prefix('data', issue(r.error)) });
  } else if ('ma_thu_tuc' in obj) {
    const r = MinistryPage.safeParse(raw);
    if (r.success) out.records.push(pageRecord(r.data, shown, date));
    else out.problems.push({ file: shown, ...issue(r.error) });
  } else if ('metadata' in obj) {
    const r = DefenceRecord.safeParse(raw);
    if (r.success) out.records.push(defenceRecord(r.data, shown, date));
    else out.problems.push({ file: shown, ...issue(r.error) });
  } else {
    out.problems.push({
      file: shown,
      field: '(tệp)',
      message: 'không nhận ra định dạng (cần bản ghi chi tiết, trang bộ ngành, bảng quốc phòng hoặc danh mục .jsonl)',
    });
  }
}

function prefix(p: string, i: { field: string; message: string }): { field: string; message: string } {
  return { field: i.field === '(tệp)' ? p : i.field, message: i.message };
}

/**
 * Reads every record under `path`. `fallbackDate` is used for files of an
 * unknown copy that carry no date of their own.
 *
 * @example
 * ```ts
 * const read = readPortal('../shared/research/catalog', '2026-07-18');
 * for (const p of read.problems) console.warn(p);
 * console.log(read.files, read.records.length);
 * ```
 */
export function readPortal(path: string, fallbackDate: string): PortalRead {
  const out: PortalRead = { records: [], problems: [], files: 0, provenance: new Map() };
  let files: string[];
  try {
    files = listFiles(path);
  } catch (err) {
    out.problems.push({
      file: path,
      field: '(đường dẫn)',
      message: `không đọc được: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    });
    return out;
  }
  for (const f of files) {
    const shown = relative(process.cwd(), f) || f;
    const copy = copyOf(f);
    const date = copy.date ?? fallbackDate;
    out.files++;
    out.provenance.set(shown, copy.provenance ? `${shown} (${copy.provenance})` : shown);
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      out.problems.push({
        file: shown,
        field: '(tệp)',
        message: `không đọc được: ${(err as NodeJS.ErrnoException).code ?? 'lỗi'}`,
      });
      continue;
    }
    if (/\.jsonl$/i.test(f)) {
      const r = readList(text, shown, date);
      out.records.push(...r.records);
      out.problems.push(...r.problems);
    } else readOne(text, shown, date, out);
  }
  return out;
}
