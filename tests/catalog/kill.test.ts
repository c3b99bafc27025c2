import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';

let work: string;
let source: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'portal-kill-'));
  source = join(work, 'details');
  mkdirSync(source);
  // 600 records built from one fixture, so the import writes a few megabytes.
  const base = JSON.parse(readFileSync('tests/fixtures/portal/details/9.000001.json', 'utf8'));
  const steps = Array.from(
    { length: 40 },
    (_, i) => `- Bước ${i + 1}: công chức tiếp nhận, kiểm tra và chuyển hồ sơ theo quy định.`,
  ).join('\n');
  for (let i = 0; i < 600; i++) {
    const code = `9.${String(100000 + i).padStart(6, '0')}`;
    const d = structuredClone(base);
    d.data.code = code;
    d.data.id = `019d0000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    d.data.name = `Thủ tục đăng ký thử nghiệm số ${i} có yếu tố nước ngoài`;
    d.data.category.name = `Lĩnh vực ${i % 7}`;
    d.data.executionSteps = [{ name: '', description: steps }];
    writeFileSync(join(source, `${code}.json`), JSON.stringify(d));
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runAndKill(kb: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kb-import.ts', '--portal', source], {
      env: { ...process.env, KNOWLEDGE_DIR: kb, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('kb:import --portal killed with SIGKILL', () => {
  it('never leaves a knowledge folder that fails to load', async () => {
    const kb = join(work, 'knowledge');
    cpSync('tests/fixtures/kb-min', kb, { recursive: true });
    // Kill at several points: while reading, while writing, after writing.
    for (const ms of [900, 1300, 1600, 1800, 1950, 2100, 2600]) {
      await runAndKill(kb, ms);
      const r = loadKnowledge(kb);
      expect(
        r.ok,
        r.ok
          ? ''
          : r.problems
              .slice(0, 3)
              .map((p) => `${p.file}:${p.line}: ${p.message}`)
              .join('\n'),
      ).toBe(true);
    }
    // Finally a run to completion imports everything.
    await runAndKill(kb, 60_000);
    const done = loadKnowledge(kb);
    expect(done.ok && done.kb.procedures.filter((p) => p.portal).length).toBe(600);
  }, 90_000);
});
