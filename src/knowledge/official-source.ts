/**
 * Sources residents can check. A `sources` item is shown at the foot of an
 * answer, so it must name something official a resident can look up: the
 * national portal with a procedure code and date, a legal document by number,
 * a ministry or province page. Where a copy of the facts came from (a GitHub
 * project that crawled the portal, the project's own research notes, a
 * third-party page) belongs in `provenance`, which administrators read and
 * residents never see.
 *
 * @example
 * ```ts
 * unofficialMark('Cổng Dịch vụ công quốc gia, thủ tục 1.004222 (bản chụp lưu trong dự án VoidKeishi/OpenGOV)');
 * // → 'VoidKeishi/OpenGOV'
 * unofficialMark('Luật Hộ tịch 60/2014/QH13'); // → undefined
 * ```
 */

/** Web addresses, removed before looking for `owner/repo` so that `dichvucong.gov.vn/…` paths pass. */
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;

/**
 * A GitHub-style `owner/repo`: an owner is letters, digits and dashes (never a
 * dot, so domain paths do not match), a repo may hold dots and underscores;
 * both contain a letter (legal numbers such as `60/2014/QH13` have none on
 * the left), and the pair is not part of a longer path or word.
 */
const OWNER_REPO =
  /(?<![\p{L}\p{N}./:_-])((?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/(?=[A-Za-z0-9._-]*[A-Za-z])[A-Za-z0-9._-]*[A-Za-z0-9])(?![\p{L}\p{N}/_-])/u;

/** Words that name a copy rather than an official publisher. */
const COPY_WORDS: RegExp[] = [
  /github/iu,
  // "của dự án (22/11/2026)", "do dự án này thu thập": a project as such, not "của dự án đầu tư".
  /(?:của|do|trong|từ|theo|qua)\s+(?:các\s+)?dự án(?:\s+này)?(?=\s*[(),;.:]|\s+thu thập|\s*$)/iu,
  /tài liệu nghiên cứu/iu,
  /bên thứ ba/iu,
  /mã nguồn/iu,
];

/**
 * The part of a source text that marks it as a copy rather than an official
 * source (a project name, "github", "của dự án", "bên thứ ba"…), or
 * undefined when the text may be shown to residents.
 */
export function unofficialMark(source: string): string | undefined {
  const text = source.normalize('NFC');
  const repo = OWNER_REPO.exec(text.replace(URL, ' '))?.[1];
  if (repo) return repo;
  for (const re of COPY_WORDS) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

/** The validation message for a source that is a copy, saying how to fix it. */
export function unofficialSourceMessage(mark: string): string {
  return (
    `nguồn hiển thị cho người dân phải là nguồn chính thức (Cổng Dịch vụ công quốc gia kèm mã thủ tục và ngày dữ liệu, ` +
    `văn bản pháp luật kèm số hiệu, trang của bộ, ngành, tỉnh); "${mark}" chỉ là nơi chép dữ liệu: ` +
    `ghi nguồn này vào provenance, và ở sources ghi nguồn chính thức mà nó dẫn tới`
  );
}
