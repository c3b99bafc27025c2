import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const edit = (file: string, from: string, to: string) => {
  const p = join(dir, file);
  const s = readFileSync(p, 'utf8');
  if (!s.includes(from)) throw new Error(`fixture has no ${from}`);
  writeFileSync(p, s.replace(from, to));
};
const problems = () => {
  const r = loadKnowledge(dir);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map((p) => ({ ...p, file: p.file.replace(/.*\//, '') }));
};

describe('knowledge validation', () => {
  it('loads a valid folder', () => {
    const r = loadKnowledge(dir);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.kb.entries.map((e) => e.id).sort()).toEqual(['hotline-ubnd', 'khai-sinh', 'mot-cua']);
  });

  it('reports YAML syntax errors with file and line', () => {
    edit('entries.yaml', '    fee: Miễn lệ phí khi đăng ký đúng hạn', '    fee: [Miễn lệ phí');
    const [p] = problems();
    expect(p).toMatchObject({ file: 'entries.yaml', field: '(cú pháp YAML)' });
    expect(p!.line).toBeGreaterThanOrEqual(12);
  });

  it('reports a missing required field at the entry line', () => {
    edit('entries.yaml', '    legalBasis: [Luật Hộ tịch 60/2014/QH13]\n', '');
    expect(problems()).toEqual([
      expect.objectContaining({ file: 'entries.yaml', line: 2, field: 'procedures[0].legalBasis' }),
    ]);
  });

  it('reports a wrong type at the exact line', () => {
    edit('entries.yaml', 'lastVerified: 2026-11-22\nhotlines', 'lastVerified: 22/11/2026\nhotlines');
    const [p] = problems();
    expect(p).toMatchObject({ file: 'entries.yaml', line: 15, field: 'procedures[0].lastVerified' });
    expect(formatProblem(p!)).toMatch(
      /^entries\.yaml:15: procedures\[0\]\.lastVerified: ngày phải có dạng YYYY-MM-DD$/,
    );
  });

  it('rejects unknown keys (typos) instead of ignoring them', () => {
    edit('entries.yaml', '    aliases: [làm giấy khai sinh]', '    alias: [làm giấy khai sinh]');
    expect(problems()[0]).toMatchObject({ line: 2, field: 'procedures[0]' });
  });

  it('rejects a bad procedure code and a bad url', () => {
    edit('entries.yaml', "code: '1.001193'", "code: '1001193'");
    edit('entries.yaml', "url: 'https://dichvucong.gov.vn'", "url: 'dichvucong'");
    expect(
      problems()
        .map((p) => p.field)
        .sort(),
    ).toEqual(['procedures[0].code', 'procedures[0].online.url']);
  });

  it('rejects duplicate ids across files', () => {
    writeFileSync(join(dir, 'more.yaml'), readFileSync(join(dir, 'entries.yaml'), 'utf8').split('hotlines:')[0]!);
    expect(problems().some((p) => p.field === 'id' && /trùng/.test(p.message))).toBe(true);
  });

  it('rejects dangling references and unknown commune hotlines', () => {
    edit(
      'entries.yaml',
      '    aliases: [làm giấy khai sinh]',
      '    aliases: [làm giấy khai sinh]\n    related: [khong-co]',
    );
    edit('entries.yaml', 'communeKey: ubnd', 'communeKey: congAn');
    expect(
      problems()
        .map((p) => `${p.line}:${p.field}`)
        .sort(),
    ).toEqual(['20:hotline-ubnd.communeKey', '7:khai-sinh.related']);
  });

  it('rejects a phone number that is not a number', () => {
    edit('commune.yaml', '      number: null', "      number: 'gọi UBND'");
    expect(problems()[0]).toMatchObject({ file: 'commune.yaml', line: 13, field: 'commune.hotlines.ubnd.number' });
  });

  it('requires the commune profile and the lexicon', () => {
    rmSync(join(dir, 'lexicon.yaml'));
    expect(problems().map((p) => p.field)).toEqual(['lexicon']);
  });

  it('reports an empty file', () => {
    writeFileSync(join(dir, 'empty.yaml'), '');
    expect(problems()[0]).toMatchObject({ file: 'empty.yaml', message: 'tệp rỗng' });
  });

  it('keeps the previous knowledge live when a reload fails, and picks up the fix', async () => {
    const store = KnowledgeStore.load(dir, silentLogger);
    edit('entries.yaml', 'name: Đăng ký khai sinh', 'name: ""');
    const bad = await store.reload();
    expect(bad.ok).toBe(false);
    expect(store.kb.byId.get('khai-sinh')?.title).toBe('Đăng ký khai sinh');
    edit('entries.yaml', 'name: ""', 'name: Đăng ký khai sinh (sửa)');
    expect((await store.reload()).ok).toBe(true);
    expect(store.kb.byId.get('khai-sinh')?.title).toBe('Đăng ký khai sinh (sửa)');
  });
});
