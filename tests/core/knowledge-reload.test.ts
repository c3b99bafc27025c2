/**
 * Reloads run off the main thread: files are read, parsed and validated in a
 * worker while questions keep being answered; concurrent reloads coalesce;
 * a worker that cannot start falls back to the calling thread with one
 * warning. Checked under vitest, under tsx (npm start) and on the compiled
 * build (npm run serve).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeLargeKnowledge, type LargeKnowledge } from '../../bench/large-knowledge.js';
import { loadKnowledgeOffThread, loadKnowledgeSafely, workerLaunch } from '../../src/knowledge/load-off-thread.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';

/** A logger that keeps its lines. */
function recordingLogger() {
  const lines: { level: number; msg: string; via?: string; err?: string }[] = [];
  const stream = new Writable({
    write(chunk, _e, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[number]);
      cb();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** Counts 10 ms timer ticks (and answers a question on each) until `p` settles. */
async function ticksDuring<T>(p: Promise<T>, onTick: () => void): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    onTick();
  }, 10);
  try {
    return { value: await p, ticks };
  } finally {
    clearInterval(timer);
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-reload-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reload off the main thread', () => {
  let large: LargeKnowledge;
  beforeAll(() => {
    large = writeLargeKnowledge(1024 * 1024);
  });
  afterAll(() => rmSync(large.dir, { recursive: true, force: true }));

  it('keeps answering from the previous knowledge while a large folder is parsed in a worker', async () => {
    const { log, lines } = recordingLogger();
    const store = KnowledgeStore.load(large.dir, log);
    const before = store.kb;
    writeFileSync(large.file, readFileSync(large.file, 'utf8').replace('(mẫu 0)', '(mẫu 0, sửa)'));
    const answers: string[] = [];
    const { value, ticks } = await ticksDuring(store.reload(), () => {
      answers.push(store.engine.search('làm giấy khai sinh cho con').hits[0]?.id ?? '');
    });
    expect(value.ok).toBe(true);
    expect(lines.find((l) => l.msg === 'knowledge reloaded')?.via).toBe('worker');
    // Parsing 1 MB takes far more than 100 ms: the timer kept firing and questions were answered meanwhile.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(answers.every((a) => a === 'khai-sinh')).toBe(true);
    expect(store.kb).not.toBe(before);
    expect(store.kb.procedures.some((p) => p.name.includes('(mẫu 0, sửa)'))).toBe(true);
  });

  it('on the calling thread (the fallback) the reload still completes, and the engine build in slices lets timers fire', async () => {
    const store = KnowledgeStore.load(large.dir, recordingLogger().log, { inThread: true });
    const { value, ticks } = await ticksDuring(store.reload(), () => undefined);
    expect(value.ok).toBe(true);
    expect(ticks).toBeGreaterThanOrEqual(1);
  });
});

describe('concurrent reloads', () => {
  it('coalesce: requests made while one runs share exactly one more reload, which sees their edits', async () => {
    const store = KnowledgeStore.load(dir, recordingLogger().log);
    let swaps = 0;
    store.onReload(() => swaps++);
    const first = store.reload();
    const entries = join(dir, 'entries.yaml');
    writeFileSync(
      entries,
      readFileSync(entries, 'utf8').replace('name: Đăng ký khai sinh', 'name: Đăng ký khai sinh (mới)'),
    );
    const second = store.reload();
    const third = store.reload();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    const results = await Promise.all([first, second, third]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(swaps).toBe(2);
    expect(store.kb.byId.get('khai-sinh')?.title).toBe('Đăng ký khai sinh (mới)');
    // Once idle, a new request starts a new reload.
    await store.reload();
    expect(swaps).toBe(3);
  });
});

describe('worker fallback', () => {
  it('loads on the calling thread with one warning when the worker cannot start', async () => {
    const { log, lines } = recordingLogger();
    const missing = { script: pathToFileURL(join(dir, 'no-such-worker.js')), eval: false, data: {} };
    const r = await loadKnowledgeOffThread(dir, {}, log, missing);
    expect(r.via).toBe('thread');
    expect(r.result.ok).toBe(true);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    expect(lines[0]!.msg).toContain('knowledge worker unavailable');
  });

  it('also when the worker dies without a result', async () => {
    const { log, lines } = recordingLogger();
    const dies = { script: 'process.exit(3)', eval: true, data: {} };
    const r = await loadKnowledgeOffThread(dir, {}, log, dies);
    expect(r).toMatchObject({ via: 'thread', result: { ok: true } });
    expect(lines.map((l) => l.err)).toEqual([expect.stringContaining('code 3')]);
  });

  it('brings back exactly what the loader returns on this thread (the knowledge base stays plain, cloneable data)', async () => {
    const r = await loadKnowledgeOffThread('knowledge', {}, recordingLogger().log);
    expect(r.via).toBe('worker');
    // Strict: a class instance in the knowledge base would come back as a plain object, a function would not clone.
    expect(r.result).toStrictEqual(loadKnowledgeSafely('knowledge', [], {}));
  });

  it('returns problems from the worker like the loader does', async () => {
    writeFileSync(join(dir, 'entries.yaml'), 'procedures: [oops\n');
    const r = await loadKnowledgeOffThread(dir, {}, recordingLogger().log);
    expect(r.via).toBe('worker');
    expect(r.result.ok).toBe(false);
    if (!r.result.ok) expect(r.result.problems[0]).toMatchObject({ field: '(cú pháp YAML)' });
  });

  it('finds the TypeScript worker from source and the JavaScript one in a build', () => {
    expect(workerLaunch()).toMatchObject({ eval: true, data: { entry: expect.stringMatching(/load-worker\.ts$/) } });
    const built = mkdtempSync(join(tmpdir(), 'built-'));
    writeFileSync(join(built, 'load-worker.js'), '');
    const launch = workerLaunch(pathToFileURL(join(built, 'load-off-thread.js')).href);
    expect(launch).toEqual({ script: pathToFileURL(join(built, 'load-worker.js')), eval: false, data: {} });
    expect(() => workerLaunch(pathToFileURL(join(tmpdir(), 'nowhere', 'x.js')).href)).toThrow(
      /no load-worker\.js or load-worker\.ts next to/,
    );
    rmSync(built, { recursive: true, force: true });
  });
});

describe('in real processes', () => {
  const reloadIn = (args: string[]) => {
    const out = execFileSync(process.execPath, [...args, dir], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; log: { msg: string; via?: string }[] };
  };

  it('works under tsx as npm start runs it (node --max-semi-space-size=2 --import tsx)', () => {
    const store = pathToFileURL(resolve('src/knowledge/store.ts')).href;
    const r = reloadIn(['--max-semi-space-size=2', '--import', 'tsx', 'tests/fixtures/reload-via.mjs', store]);
    expect(r.ok).toBe(true);
    expect(r.log.find((l) => l.msg === 'knowledge reloaded')?.via).toBe('worker');
    expect(r.log.some((l) => l.msg.includes('worker unavailable'))).toBe(false);
  });

  it('works on the compiled build as npm run serve runs it (plain node, .js worker)', () => {
    mkdirSync('tmp', { recursive: true });
    const out = mkdtempSync(join(resolve('tmp'), 'build-'));
    try {
      const config = join(out, 'tsconfig.json');
      writeFileSync(
        config,
        JSON.stringify({
          extends: resolve('tsconfig.build.json'),
          compilerOptions: { outDir: out, rootDir: resolve('.'), sourceMap: false },
          include: [],
          files: [resolve('src/knowledge/store.ts'), resolve('src/knowledge/load-worker.ts')],
        }),
      );
      execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', config], { timeout: 120_000 });
      const store = pathToFileURL(join(out, 'src/knowledge/store.js')).href;
      const r = reloadIn(['--max-semi-space-size=2', 'tests/fixtures/reload-via.mjs', store]);
      expect(r.ok).toBe(true);
      expect(r.log.find((l) => l.msg === 'knowledge reloaded')?.via).toBe('worker');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
