/**
 * `npm run qr`: QR images decode back to the entry's links; pages escape names.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { INSTRUCTION, writePosters } from '../../src/admin/qr-posters.js';
import { runCli } from './run-cli.js';

// jsqr is CommonJS whose typings declare an ES default export.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

function decode(file: string): string | undefined {
  const png = PNG.sync.read(readFileSync(file));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

const runQr = (args: string[]) => runCli('qr.ts', args, { PUBLIC_URL: 'https://tro-ly.xa-mau.gov.vn' });

describe('QR posters', () => {
  it('writes PNG and SVG codes that decode to the Telegram, web and OA links', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    const r = await writePosters(
      [{ id: 'khai-sinh', title: 'Đăng ký khai sinh' }],
      { bot: 'xa_bot', web: 'https://xa.example/', oa: '4318' },
      dir,
    );
    expect(r.skipped).toEqual([]);
    expect(decode(join(dir, 'khai-sinh-telegram.png'))).toBe('https://t.me/xa_bot?start=khai-sinh');
    expect(decode(join(dir, 'khai-sinh-web.png'))).toBe('https://xa.example/chat?start=khai-sinh');
    expect(decode(join(dir, 'khai-sinh-oa.png'))).toBe('https://zalo.me/4318');
    expect(readFileSync(join(dir, 'khai-sinh-telegram.svg'), 'utf8')).toMatch(/^<svg/);
    const page = readFileSync(join(dir, 'khai-sinh.html'), 'utf8');
    expect(page).toContain('<h1>Đăng ký khai sinh</h1>');
    expect(page).toContain(INSTRUCTION);
    expect(page).toContain('@page { size: A4');
    expect(page).toContain('src="khai-sinh-web.svg"');
  });

  it('escapes names in the pages and the index, and skips ids Telegram cannot carry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    const r = await writePosters(
      [
        { id: 'a', title: '<script>alert("x")</script> & Co' },
        { id: 'x'.repeat(65), title: 'Dài' },
      ],
      { bot: 'xa_bot', oa: 'https://zalo.me/abc' },
      dir,
    );
    expect(r.skipped.map((s) => s.id)).toEqual(['x'.repeat(65)]);
    for (const f of ['a.html', 'index.html']) {
      const html = readFileSync(join(dir, f), 'utf8');
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    }
    expect(existsSync(join(dir, 'a-web.png'))).toBe(false);
    expect(decode(join(dir, 'a-oa.png'))).toBe('https://zalo.me/abc');
  });

  it('the CLI writes the chosen entries with the web link from PUBLIC_URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    const r = await runQr(['--bot', '@xa_demo_bot', '--out', dir, '--ids', 'khai-sinh,ket-hon']);
    expect(r.code).toBe(0);
    expect(decode(join(dir, 'ket-hon-telegram.png'))).toBe('https://t.me/xa_demo_bot?start=ket-hon');
    expect(decode(join(dir, 'khai-sinh-web.png'))).toBe('https://tro-ly.xa-mau.gov.vn/chat?start=khai-sinh');
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('href="khai-sinh.html"');
    expect(index).toContain('href="ket-hon.html"');
    const unknown = await runQr(['--bot', 'b', '--out', dir, '--ids', 'khong-co']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('khong-co');
  });
});
