/**
 * Knowledge validation speaks Vietnamese: a missing field names it, a wrong
 * type says what was expected, an unknown key suggests the near one, a YAML
 * syntax error gives line and column; and a broken file does not make files
 * nobody edited report false `related` errors. Fixtures: tests/fixtures/kb-errors.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { unknownKeyMessage } from '../../src/knowledge/zod-vi.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-vi-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The problems, as `kb:check` prints them, after adding fixture files. */
function problemsWith(...fixtures: string[]): string[] {
  for (const f of fixtures) copyFileSync(join('tests/fixtures/kb-errors', f), join(dir, f));
  const r = loadKnowledge(dir);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/.*\//, '') }));
}

describe('knowledge errors in Vietnamese', () => {
  it('a missing required field: "thiếu trường `sources`", with file and line', () => {
    expect(problemsWith('missing-sources.yaml')).toEqual([
      'missing-sources.yaml:3: articles[0].sources: thiếu trường `sources`',
    ]);
  });

  it('an unknown key suggests the near one; a wrong type says what was expected', () => {
    const problems = problemsWith('typo-key.yaml');
    expect(problems).toContain('typo-key.yaml:3: hotlines[0].name: thiếu trường `name`');
    expect(problems).toContain('typo-key.yaml:3: hotlines[0]: không có trường `nme`. Bạn có định viết `name`?');
    expect(problems).toContain(
      'typo-key.yaml:9: hotlines[0].lastVerified: phải là một chuỗi chữ, không phải số 20261122',
    );
    expect(problems.join('\n')).not.toMatch(/Đầu vào không hợp lệ|nhận được undefined|Khóa không được nhận dạng/);
  });

  it('a YAML syntax error is Vietnamese with line and column', () => {
    const [p, ...rest] = problemsWith('broken-syntax.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatch(/^broken-syntax\.yaml:\d+: \(cú pháp YAML\): dòng \d+, cột \d+: thiếu dấu ngoặc kép đóng/);
    expect(p).not.toMatch(/Missing|quote/);
  });

  it('a broken file does not make the files nobody edited report its ids as dangling', () => {
    const problems = problemsWith('broken-syntax.yaml', 'refers-to-broken.yaml');
    expect(problems.filter((p) => p.startsWith('broken-syntax.yaml'))).toHaveLength(1);
    // bai-hong is in the broken file: not reported; khong-ton-tai exists nowhere: still reported.
    expect(problems.filter((p) => p.startsWith('refers-to-broken.yaml'))).toEqual([
      'refers-to-broken.yaml:8: bai-lien-quan.related: không có mục nào có id "khong-ton-tai"',
    ]);
  });

  it('an unknown key with no near one lists the fields instead', () => {
    expect(unknownKeyMessage('xyz', ['id', 'name'])).toBe('không có trường `xyz` (các trường có: id, name)');
  });
});
