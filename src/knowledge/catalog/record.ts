/**
 * The importer's common form of one national procedure, whatever raw format
 * of the national portal it was read from (detail API answer, ministry page,
 * defence table, or the bare list). Readers produce it; the converter turns
 * it into a knowledge-base procedure.
 */

/** Which raw format a record was read from, best first. */
export type RecordKind = 'detail' | 'page' | 'defence' | 'list';

/** Priority when several formats describe the same code: lower wins. */
export const KIND_PRIORITY: Record<RecordKind, number> = { detail: 0, page: 1, defence: 2, list: 3 };

/** One submission method with what the record says of its time and fee (undefined = not published). */
export interface RecordMethod {
  method: string;
  time?: string;
  fee?: string;
}

/** One case of the procedure and its documents. */
export interface RecordCase {
  name?: string;
  documents: string[];
}

/** A national procedure as read from one raw record. */
export interface PortalRecord {
  code: string;
  name: string;
  field?: string;
  /** Who handles it, as the record says. */
  agency?: string;
  /** Whether the record says the commune level handles it. */
  commune: boolean;
  /** `national` (STANDARD) or one province's own (SPECIFIC). */
  scope: 'national' | 'province';
  province?: string;
  /** Internal procedures between agencies (not for residents). */
  internal: boolean;
  where: string[];
  methods: RecordMethod[];
  cases: RecordCase[];
  steps: string[];
  legalBasis: string[];
  result?: string;
  requirements?: string;
  /** The procedure's page on the portal, when the record gives its id. */
  url?: string;
  /** The portal's date for this record (YYYY-MM-DD). */
  date: string;
  /** False when only the name and agency are known. */
  details: boolean;
  kind: RecordKind;
  /** The file it was read from (for the report and provenance). */
  file: string;
}

/** A problem with one raw record: the file, the field, what is wrong. The import goes on. */
export interface RecordProblem {
  file: string;
  field: string;
  message: string;
}

/** Result of reading one file: records (a list file holds many) and problems. */
export interface ReadResult {
  records: PortalRecord[];
  problems: RecordProblem[];
}

/** The portal's page of a procedure, from its id on the portal. */
export function portalUrl(id: string): string {
  return `https://dichvucong.gov.vn/thu-tuc-hanh-chinh/${id}`;
}
