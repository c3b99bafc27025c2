/**
 * The command-line contract used for outside evaluation, and start-up
 * failures that an operator must be able to read.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (script: string, args: string[], input = '', env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'data-')), ...env },
    timeout: 60_000,
  });

function badKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-bad-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
  const p = join(dir, 'entries.yaml');
  writeFileSync(p, readFileSync(p, 'utf8').replace('    fee: Miễn lệ phí khi đăng ký đúng hạn\n', ''));
  return dir;
}

describe('CLI', () => {
  it('ask --json prints exactly one JSON line per input line, empty lines included', () => {
    const r = run('src/cli/ask.ts', ['--json'], 'lam giay khai sinh cho con\n\ngiá vàng hôm nay\n😀\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const out = lines.map(
      (l) => JSON.parse(l) as { question: string; answered: boolean; results: { id: string; score: number }[] },
    );
    expect(out[0]).toMatchObject({ question: 'lam giay khai sinh cho con', answered: true });
    expect(out[0]!.results[0]!.id).toBe('khai-sinh');
    expect(out[0]!.results.length).toBeLessThanOrEqual(5);
    expect(out[1]).toEqual({ question: '', answered: false, results: [] });
    expect(out[2]!.answered).toBe(false);
    expect(out[3]!.answered).toBe(false);
  });

  it('ask prints the answer as a resident sees it', () => {
    const r = run('src/cli/ask.ts', ['dk', 'tam', 'tru']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Đăng ký tạm trú');
    expect(r.stdout).toContain('Nguồn:');
  });

  it('kb:check passes on the shipped knowledge and names file, line and field on a bad one', () => {
    expect(run('src/cli/kb-check.ts', []).status).toBe(0);
    const r = run('src/cli/kb-check.ts', [badKnowledge()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/entries\.yaml:2: procedures\[0\]\.fee: /);
  });

  it('start refuses a broken knowledge base with file and line, and loads nothing', () => {
    const r = run('src/cli/main.ts', [], 'xin chào\n', { KNOWLEDGE_DIR: badKnowledge() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/entries\.yaml:2: procedures\[0\]\.fee/);
    expect(r.stdout).not.toContain('Xin chào');
  });

  it('start refuses a wrong configuration with one line per problem', () => {
    const r = run('src/cli/main.ts', [], '', { PORT: 'abc' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT: phải là số nguyên từ 1 đến 65535 (ví dụ: PORT=3000)');
  });

  it('start opens the console chat on the shipped knowledge base and ends on "thoát"', () => {
    const r = run('src/cli/main.ts', [], 'cho em hỏi làm căn cước cho con\nthoát\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Xin chào');
    expect(r.stdout).toMatch(/căn cước/i);
    expect(r.stdout).toContain('hẹn gặp lại');
  });
});
