import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (dir?: string) =>
  spawnSync('npx', ['tsx', 'scripts/check-cycles.ts', ...(dir ? [dir] : [])], { encoding: 'utf8' });

describe('import cycle check (npm run lint)', () => {
  it('fails on a type cycle between two parts, naming it', () => {
    const r = run('tests/fixtures/cycles');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Vòng lặp kiểu giữa các phần: a/one.ts → b/two.ts → a/one.ts');
  });

  it('passes on the source tree', () => {
    const r = run();
    expect(r.stderr).not.toContain('Vòng lặp');
    expect(r.status).toBe(0);
  });
});
