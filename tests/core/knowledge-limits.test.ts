/**
 * Absurd knowledge files are refused with a problem, never a crash or a
 * stall. The per-file size limit: a file over KNOWLEDGE_MAX_FILE_MB is
 * refused from its size, before it is read, with a problem that says how to
 * fix it; start and kb:check exit 1, a live reload keeps the previous
 * knowledge. A "billion laughs" of YAML aliases is a problem too.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { loadOptionsFromConfig, mbToBytes } from '../../src/knowledge/file-size.js';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-size-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = (r: ReturnType<typeof loadKnowledge>) => {
  if (r.ok) throw new Error('expected the folder to be refused');
  return r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/.*\//, '') }));
};

/** A valid hotline list of about `bytes` (so only its size can be the problem). */
function validHotlines(bytes: number): string {
  const one = (i: number) =>
    `  - id: so-${i}\n    name: Đường dây ${i}\n    number: "1900 ${String(i % 10000).padStart(4, '0')}"\n    who: Tổng đài ${i}\n    hours: 24/7\n    whenToCall: [Khi cần hỏi ${i}]\n    sources: [Thử nghiệm]\n    lastVerified: 2026-11-22\n`;
  const parts = ['hotlines:\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const s = one(i);
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

describe('knowledge file size limit', () => {
  it('refuses a 12,3 MB file from its size alone, without parsing it (default limit 5 MB)', () => {
    // Not YAML at all: if it were read and parsed there would be a syntax error too.
    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(Math.round(12.3 * 1024 * 1024), '['));
    const started = performance.now();
    expect(problemsOf(loadKnowledge(dir))).toEqual([
      'big.yaml:1: (tệp): tệp quá lớn (12,3 MB; giới hạn 5 MB) — tách thành nhiều tệp nhỏ hơn, hoặc tăng KNOWLEDGE_MAX_FILE_MB',
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    // Just over the limit is never shown as equal to it.
    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(5 * 1024 * 1024 + 1, '['));
    expect(problemsOf(loadKnowledge(dir))[0]).toContain('tệp quá lớn (5,1 MB; giới hạn 5 MB)');
  });

  it('follows the configured limit, decimals included, and accepts a file just under it', () => {
    writeFileSync(join(dir, 'more.yaml'), validHotlines(600 * 1024));
    const options = loadOptionsFromConfig(parseConfig({ KNOWLEDGE_MAX_FILE_MB: '0.5' }));
    expect(options.maxFileBytes).toBe(mbToBytes(0.5));
    expect(problemsOf(loadKnowledge(dir, [], options))).toEqual([
      expect.stringMatching(/^more\.yaml:1: \(tệp\): tệp quá lớn \(0,59 MB; giới hạn 0,5 MB\) — /),
    ]);
    expect(loadKnowledge(dir, [], { maxFileBytes: mbToBytes(0.6) }).ok).toBe(true);
  });

  it('is a configuration variable: default 5, a wrong value is a clear configuration problem', () => {
    expect(parseConfig({}).KNOWLEDGE_MAX_FILE_MB).toBe(5);
    expect(parseConfig({ KNOWLEDGE_MAX_FILE_MB: '12.5' }).KNOWLEDGE_MAX_FILE_MB).toBe(12.5);
    expect(() => parseConfig({ KNOWLEDGE_MAX_FILE_MB: 'năm' })).toThrow(
      /^KNOWLEDGE_MAX_FILE_MB: phải là số MB .*\(ví dụ: KNOWLEDGE_MAX_FILE_MB=5\)$/,
    );
    expect(() => parseConfig({ KNOWLEDGE_MAX_FILE_MB: '0' })).toThrow(/KNOWLEDGE_MAX_FILE_MB: phải là số MB/);
  });

  it('a live reload keeps the previous knowledge and reports the file', async () => {
    const store = KnowledgeStore.load(dir, silentLogger, { maxFileBytes: 64 * 1024 });
    const before = store.kb;
    writeFileSync(join(dir, 'more.yaml'), validHotlines(100 * 1024));
    const r = await store.reload();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/more\.yaml:1: \(tệp\): tệp quá lớn \(0,1 MB; giới hạn 0,06 MB\)/),
    ]);
    expect(store.kb).toBe(before);
    rmSync(join(dir, 'more.yaml'));
    writeFileSync(join(dir, 'more.yaml'), validHotlines(10 * 1024));
    expect((await store.reload()).ok).toBe(true);
    expect(store.kb.byId.has('so-0')).toBe(true);
  });

  it('makes kb:check and start exit 1 with the problem', () => {
    writeFileSync(join(dir, 'more.yaml'), validHotlines(30 * 1024));
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'data-')),
      KNOWLEDGE_MAX_FILE_MB: '0.02',
    };
    const run = (script: string, args: string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
        encoding: 'utf8',
        input: 'xin chào\n',
        env: { ...env, ...extra },
        timeout: 60_000,
      });
    const check = run('src/cli/kb-check.ts', [dir]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('more.yaml:1: (tệp): tệp quá lớn (0,03 MB; giới hạn 0,02 MB)');
    const start = run('src/cli/main.ts', [], { KNOWLEDGE_DIR: dir });
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('Cơ sở tri thức có lỗi, trợ lý không khởi động');
    expect(start.stderr).toMatch(/more\.yaml:1: \(tệp\): tệp quá lớn/);
    expect(start.stdout).not.toContain('Xin chào');
  });
});

describe('YAML alias bombs', () => {
  it('are reported as a problem of the file instead of throwing', () => {
    const refs = Array.from({ length: 200 }, () => '*a').join(', ');
    writeFileSync(join(dir, 'bomb.yaml'), `x: &a [a, b, c, d, e, f, g, h]\nhotlines: [${refs}]\n`);
    expect(problemsOf(loadKnowledge(dir))).toEqual([
      expect.stringMatching(/^bomb\.yaml:1: \(tệp\): quá nhiều tham chiếu \*bí danh/),
    ]);
  });
});
