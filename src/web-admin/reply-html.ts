/**
 * Replies as the console shows them: a {@link Reply} drawn as escaped HTML
 * (entry answers, progress and final reports), and the exact messages each
 * channel would send for it, from the channels' own renderers: Telegram's
 * HTML (only its bold and italic tags kept, everything else is text) and the
 * plain text of the Zalo channels, split at each channel's length limit.
 */
import { BOT_TEXT_LIMIT } from '../channels/zalo-bot/channel.js';
import { OA_TEXT_LIMIT } from '../channels/zalo-oa/channel.js';
import { PERSONAL_TEXT_LIMIT } from '../channels/zalo-personal/channel.js';
import { renderChunks } from '../channels/shared/turn.js';
import { renderHtml, TELEGRAM_TEXT_LIMIT, visibleText, wantsFeedback } from '../channels/telegram/render.js';
import { renderPlainText } from '../core/render-text.js';
import type { ChannelName, Reply } from '../core/types.js';
import { html, raw, type Html } from './layout.js';

/** A reply as HTML: title, sections, links, buttons and footer, every text escaped. */
export function replyHtml(r: Reply): Html {
  const sections = r.sections.map(
    (s) =>
      html`<div class="sec">${s.heading ? html`<strong>${s.heading}</strong>` : ''}${s.text ? html`<p>${s.text}</p>` : ''}${
        s.items
          ? s.ordered
            ? html`<ol>${s.items.map((i) => html`<li>${i}</li>`)}</ol>`
            : html`<ul>${s.items.map((i) => html`<li>${i}</li>`)}</ul>`
          : ''
      }</div>`,
  );
  const links = (r.links ?? []).map(
    (l) =>
      html`<li>🔗 ${/^https?:\/\//.test(l.url) ? html`<a href="${l.url}" rel="noopener noreferrer">${l.label}</a>` : l.label}</li>`,
  );
  const buttons = (r.buttons ?? []).map((b) => html`<li><span class="btn">${b.label}</span></li>`);
  return html`<div class="reply">${r.title ? html`<p class="title">${r.title}</p>` : ''}${sections}${links.length ? html`<ul class="links">${links}</ul>` : ''}${
    buttons.length ? html`<ul class="buttons">${buttons}</ul>` : ''
  }${r.footer ? html`<p class="footer">${r.footer}</p>` : ''}</div>`;
}

/**
 * Telegram HTML made safe to show inline: the renderer escapes all text and
 * adds only `<b>`, `<i>` and `<a href>`; here `<b>`/`<i>` stay, a link
 * becomes underlined text, and any other tag is dropped.
 */
export function telegramAsHtml(tg: string): Html {
  return raw(
    tg.replace(/<[^>]*>/g, (tag) => {
      if (/^<\/?[bi]>$/.test(tag)) return tag;
      if (/^<a\s/.test(tag)) return '<u>';
      if (tag === '</a>') return '</u>';
      return '';
    }),
  );
}

/** How a channel renders a reply: its messages, and whether they are Telegram HTML. */
interface ChannelView {
  label: string;
  limit: number | null;
  messages(r: Reply): string[];
  telegram?: boolean;
}

const VIEWS: Partial<Record<ChannelName, ChannelView>> = {
  telegram: {
    label: 'Telegram',
    limit: TELEGRAM_TEXT_LIMIT,
    telegram: true,
    messages: (r) => renderHtml(r, TELEGRAM_TEXT_LIMIT, wantsFeedback(r)),
  },
  'zalo-oa': { label: 'Zalo OA', limit: OA_TEXT_LIMIT, messages: (r) => renderChunks(r, OA_TEXT_LIMIT) },
  'zalo-bot': { label: 'Zalo Bot', limit: BOT_TEXT_LIMIT, messages: (r) => renderChunks(r, BOT_TEXT_LIMIT) },
  'zalo-personal': {
    label: 'Zalo cá nhân',
    limit: PERSONAL_TEXT_LIMIT,
    messages: (r) => renderChunks(r, PERSONAL_TEXT_LIMIT),
  },
  console: { label: 'Console', limit: null, messages: (r) => [renderPlainText(r)] },
  web: { label: 'Trò chuyện trên trang web (dạng chữ)', limit: null, messages: (r) => [renderPlainText(r)] },
};

/** The messages one channel sends for a reply, with their lengths (visible characters). */
export function channelMessages(
  channel: ChannelName,
  r: Reply,
): { label: string; limit: number | null; parts: { text: string; html?: Html; length: number }[] } {
  const v = VIEWS[channel] ?? { label: channel, limit: null, messages: (x: Reply) => [renderPlainText(x)] };
  const parts = v
    .messages(r)
    .map((m) =>
      v.telegram
        ? { text: visibleText(m), html: telegramAsHtml(m), length: visibleText(m).length }
        : { text: m, length: m.length },
    );
  return { label: v.label, limit: v.limit, parts };
}

/** The exact messages of a reply on each of `channels`, one block per channel. */
export function channelPreviews(r: Reply, channels: readonly ChannelName[]): Html {
  const order: ChannelName[] = ['telegram', 'zalo-oa', 'zalo-bot', 'zalo-personal', 'console', 'web', 'cli'];
  const shown = order.filter((c) => channels.includes(c) && c !== 'cli');
  return html`<div class="previews">${shown.map((c) => {
    const m = channelMessages(c, r);
    const n = m.parts.length;
    return html`<section class="preview" aria-label="${m.label}"><h3>${m.label}${n > 1 ? ` (${n} tin)` : ''}</h3>${m.parts.map(
      (p, i) =>
        html`<div class="msg">${p.html ? html`<div class="tg">${p.html}</div>` : html`<pre>${p.text}</pre>`}<p class="count">${
          n > 1 ? `Tin ${i + 1}/${n}: ` : ''
        }${p.length}${m.limit ? `/${m.limit}` : ''} ký tự</p></div>`,
    )}</section>`;
  })}</div>`;
}
