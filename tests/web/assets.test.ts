/**
 * The browser files of the web chat, without a browser: their JSDoc types,
 * their size budget, and the rules every file keeps (text only through
 * textContent, no request to a third party, no global, ES2019).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DIR = join(ROOT, 'src/channels/web/assets');
const FILES = ['widget.js', 'chat.js', 'chat.css'] as const;
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe('web chat assets', () => {
  it('type-check as ES2019 JavaScript with their JSDoc types', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tests/web/tsconfig.assets.json')], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('stay well under 30 KB gzipped together', () => {
    const sizes = FILES.map((f) => gzipSync(readFileSync(join(DIR, f)), { level: 9 }).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(15 * 1024);
  });

  it.each(['widget.js', 'chat.js'])('%s never parses HTML, adds no global and runs in an IIFE', (f) => {
    const js = text(f);
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(js).not.toMatch(/\blocalStorage\b/);
    expect(js).not.toMatch(/\?\.|\?\?|\bimport\b|\bexport\b/);
    expect(js.replace(/^\s*(\/\/.*|\/\*\*?[\s\S]*?\*\/)\s*/gm, '').trimStart()).toMatch(
      /^\(function \(\) \{\n {2}'use strict';/,
    );
  });

  it.each(FILES)('%s asks no third party for anything (no fonts, no CDN)', (f) => {
    const code = text(f).replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(code).not.toMatch(/@import|url\(/);
  });
});
