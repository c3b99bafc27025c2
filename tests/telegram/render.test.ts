/**
 * Rendering to Telegram HTML, checked with the fake server's independent
 * parser: valid markup, at most 4,096 visible characters per message, no text
 * lost, NFC, and 64-byte callback data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallbackCodec, replyKeyboard } from '../../src/channels/telegram/keyboard.js';
import { escapeHtml, FEEDBACK_PROMPT, renderHtml } from '../../src/channels/telegram/render.js';
import type { Reply } from '../../src/core/types.js';
import { checkMarkup, parseHtml } from '../fakes/telegram-validate.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const cp = (s: string) => Array.from(s).length;
/** Text with the characters that break markup: tags, ampersands, quotes, Vietnamese, emoji, decomposed letters. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: lone combining marks are the point (NFD input)
const nasty = fc.stringMatching(/^[a-zA-Z0-9 .,()<>&"'\n₫đĐăâêôơưạảấầẩẫậ🙂\u0301\u0323-]{0,300}$/u);
const reply = fc.record({
  title: fc.option(nasty, { nil: undefined }),
  sections: fc.array(
    fc.record({
      heading: fc.option(nasty, { nil: undefined }),
      text: fc.option(nasty, { nil: undefined }),
      items: fc.option(fc.array(nasty, { maxLength: 30 }), { nil: undefined }),
      ordered: fc.boolean(),
    }),
    { maxLength: 12 },
  ),
  footer: fc.option(nasty, { nil: undefined }),
});

describe('renderHtml', () => {
  it('escapes addresses, phone numbers and fees and keeps them readable', () => {
    const r: Reply = {
      kind: 'answer',
      title: 'Lệ phí <miễn> & phí',
      sections: [
        { heading: 'Địa chỉ', text: 'Số 12, đường 3/2 (gần chợ) — ĐT: 0236.3.822.111' },
        { items: ['50.000đ/bản', 'a < b > c'] },
      ],
      links: [{ label: 'Cổng DVC', url: 'https://dichvucong.gov.vn/p?a=1&b="2"' }],
    };
    const [html] = renderHtml(r);
    expect(html).toContain('<b>Lệ phí &lt;miễn&gt; &amp; phí</b>');
    expect(html).toContain('<a href="https://dichvucong.gov.vn/p?a=1&amp;b=&quot;2&quot;">Cổng DVC</a>');
    expect(parseHtml(html!)).toContain('Số 12, đường 3/2 (gần chợ) — ĐT: 0236.3.822.111');
    expect(parseHtml(html!)).toContain('• a < b > c');
  });

  it('normalises decomposed Vietnamese to NFC', () => {
    const [html] = renderHtml({ kind: 'info', sections: [{ text: 'Nguye\u0302\u0303n Vie\u0323\u0302t' }] });
    expect(html).toBe('Nguyễn Việt'.normalize('NFC'));
  });

  it('splits on paragraph boundaries when they fit', () => {
    const para = (c: string) => ({ text: c.repeat(1500) });
    const parts = renderHtml({ kind: 'info', sections: [para('a'), para('b'), para('c')] });
    expect(parts).toEqual([`${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}`, 'c'.repeat(1500)]);
  });

  it('keeps a heading bold when a long section is cut between its lines', () => {
    const parts = renderHtml({
      kind: 'info',
      sections: [{ heading: 'Hồ sơ', items: Array.from({ length: 200 }, (_, i) => `giấy tờ số ${i} & bản sao`) }],
    });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.startsWith('<b>Hồ sơ</b>\n• giấy tờ số 0 &amp; bản sao')).toBe(true);
  });

  it('cuts a single huge line without breaking an entity', () => {
    const parts = renderHtml({ kind: 'info', sections: [{ text: '&'.repeat(5000) }] });
    expect(parts.map((p) => parseHtml(p)).join('')).toBe('&'.repeat(5000));
  });

  it('always produces valid HTML within the limit and loses no word (property)', () => {
    fc.assert(
      fc.property(reply, fc.integer({ min: 40, max: 4096 }), (r, limit) => {
        const parts = renderHtml(r as Reply, limit);
        const visible = parts.map((p) => parseHtml(p));
        for (const v of visible) expect(cp(v)).toBeLessThanOrEqual(limit);
        const input = [r.title, ...r.sections.flatMap((s) => [s.heading, s.text, ...(s.items ?? [])]), r.footer]
          .filter(Boolean)
          .join(' ');
        expect(words(visible.join(' '))).toEqual(
          expect.arrayContaining(words(input.normalize('NFC')).filter((w) => cp(w) < limit / 2)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('ends only the last message with the feedback question, within the limit', () => {
    const para = (c: string) => ({ text: c.repeat(2040) });
    const r: Reply = { kind: 'answer', questionId: 7, sections: [para('a'), para('b')] };
    const parts = renderHtml(r, 4096, true);
    expect(renderHtml(r)).toHaveLength(1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).not.toContain(FEEDBACK_PROMPT);
    expect(parts[1]).toBe(FEEDBACK_PROMPT);
    for (const p of parts) expect(cp(parseHtml(p))).toBeLessThanOrEqual(4096);
    const fits = renderHtml({ ...r, sections: [para('a'), { text: 'b'.repeat(2000) }] }, 4096, true);
    expect(fits).toHaveLength(1);
    expect(fits[0]!.endsWith(`${'b'.repeat(2000)}\n\n${FEEDBACK_PROMPT}`)).toBe(true);
  });

  it('escapeHtml output parses back to the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(parseHtml(escapeHtml(s))).toBe(s);
      }),
    );
  });
});

describe('keyboard', () => {
  it('keeps callback data within 64 bytes and maps long payloads back', () => {
    const codec = new CallbackCodec();
    const long = '/xem đăng-ký-kết-hôn-có-yếu-tố-nước-ngoài-tại-ủy-ban-nhân-dân-xã';
    const kb = replyKeyboard(
      {
        kind: 'suggestions',
        sections: [],
        buttons: [
          { label: 'Kết hôn', payload: '/xem ket-hon' },
          { label: 'Dài '.repeat(30), payload: long },
        ],
      },
      codec,
      true,
    );
    const rows = kb!.inline_keyboard;
    expect(() => checkMarkup({ inline_keyboard: rows })).not.toThrow();
    const data = rows.flat().map((b) => (b as { callback_data: string }).callback_data);
    expect(data[0]).toBe('p:/xem ket-hon');
    expect(data[1]).toMatch(/^k:/);
    expect(codec.decode(data[1]!)).toEqual({ kind: 'payload', payload: long });
    expect(Array.from((rows[1]![0] as { text: string }).text).length).toBeLessThanOrEqual(60);
  });

  it('puts 👍/👎 under answers only, and decodes them', () => {
    const codec = new CallbackCodec();
    const kb = replyKeyboard({ kind: 'answer', sections: [], questionId: 42 }, codec, true)!;
    expect(kb.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data)).toEqual([
      'f:42:1',
      'f:42:0',
    ]);
    expect(codec.decode('f:42:0')).toEqual({ kind: 'feedback', questionId: 42, helpful: false });
    expect(replyKeyboard({ kind: 'info', sections: [], questionId: 42 }, codec, true)).toBeUndefined();
    expect(codec.decode('k:nope')).toEqual({ kind: 'expired' });
    expect(codec.decode('garbage')).toEqual({ kind: 'expired' });
  });

  it('forgets the oldest long payloads beyond its capacity', () => {
    const codec = new CallbackCodec(2);
    const keys = ['a', 'b', 'c'].map((c) => codec.encode(c.repeat(70)));
    expect(codec.decode(keys[0]!)).toEqual({ kind: 'expired' });
    expect(codec.decode(keys[2]!)).toEqual({ kind: 'payload', payload: 'c'.repeat(70) });
  });
});
