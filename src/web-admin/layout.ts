/**
 * The HTML of the staff console: one page shell with the navigation, and
 * small helpers. Every value goes through {@link esc}; pages build their
 * HTML with the `html` tag, which escapes interpolations unless they are
 * already {@link Html} (the output of `html` itself or {@link raw}).
 *
 * @example
 * ```ts
 * html`<p>${userText}</p>`; // userText is escaped
 * ```
 */
import { escapeHtml } from '../http/html.js';
import { ROLE_LABELS } from '../core/commands/access.js';

/** HTML that is already safe to insert. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes any value (null and undefined as empty) for HTML elements and attributes. */
export function esc(s: unknown): string {
  return escapeHtml(String(s ?? ''));
}

/** Marks trusted markup (built by this module's callers from escaped parts) as HTML. */
export function raw(s: string): Html {
  return new Html(s);
}

/** Template tag: escapes every interpolated value except {@link Html} (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part = (x: unknown): string =>
      x instanceof Html
        ? x.value
        : Array.isArray(x)
          ? x.map(part).join('')
          : x === undefined || x === null || x === false
            ? ''
            : esc(x);
    out += part(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** The pages of the console, in menu order; `admin` pages are shown to admins only. */
export const NAV: { path: string; label: string; admin?: boolean }[] = [
  { path: '/admin', label: 'Tổng quan' },
  { path: '/admin/thong-bao', label: 'Thông báo' },
  { path: '/admin/cau-hoi', label: 'Câu hỏi chưa trả lời' },
  { path: '/admin/gap-can-bo', label: 'Gặp cán bộ' },
  { path: '/admin/phan-anh', label: 'Phản ánh, kiến nghị' },
  { path: '/admin/tri-thuc', label: 'Tri thức' },
  { path: '/admin/bao-cao', label: 'Báo cáo' },
  { path: '/admin/nguoi-dung', label: 'Người dùng', admin: true },
];

/** Who is signed in, as a page needs it. */
export interface Viewer {
  principal: string;
  role: 'staff' | 'approver' | 'admin';
  csrf: string;
}

/** A whole console page. */
export function page(
  title: string,
  body: Html,
  o: { viewer?: Viewer; path?: string; notice?: string; error?: string; refresh?: number } = {},
): string {
  const v = o.viewer;
  const nav = v
    ? html`<nav aria-label="Trang quản trị"><ul>${NAV.filter((n) => !n.admin || v.role === 'admin').map(
        (n) => html`<li><a href="${n.path}"${n.path === o.path ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`,
      )}</ul>
      <form method="post" action="/admin/logout" class="logout"><input type="hidden" name="_csrf" value="${v.csrf}"><span>${v.principal} · ${ROLE_LABELS[v.role]}</span> <button type="submit">Đăng xuất</button></form></nav>`
    : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.refresh ? `<meta http-equiv="refresh" content="${Math.max(1, Math.round(o.refresh))}">\n` : ''}<title>${esc(title)} · Trợ lý xã</title>
<link rel="stylesheet" href="/admin/admin.css">
</head>
<body>
<header><strong>Trợ lý xã</strong> · trang quản trị</header>
${nav}
<main>
<h1>${esc(title)}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
${body.value}
</main>
</body>
</html>
`;
}

/** Formats an instant as dd/mm/yyyy hh:mm in Vietnam time. */
export function when(ts: number, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ts);
}
