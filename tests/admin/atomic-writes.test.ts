/**
 * Every write to knowledge/ is atomic: a temporary dot-file renamed over the
 * target (observed with a folder watcher), never a truncated file for a
 * reader, no temporary file left behind, and a writer killed with SIGKILL
 * mid-way leaves a folder that still loads.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { largeProceduresYaml } from '../../bench/large-knowledge.js';
import { addAlias } from '../../src/admin/alias.js';
import { runImport } from '../../src/admin/kb-import.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';

let work: string;
let dir: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'atomic-'));
  dir = join(work, 'knowledge');
  cpSync('tests/admin/fixtures/kb', dir, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const TMP = /^\..+\.tmp$/;
const leftovers = (d: string) => readdirSync(d).filter((n) => TMP.test(n));

/** Runs `action` while watching `folder`; returns the names the watcher reported. */
async function watched(folder: string, action: () => Promise<unknown>): Promise<string[]> {
  const names: string[] = [];
  const w = watch(folder, (_event, name) => names.push(String(name)));
  try {
    await action();
    await sleep(150); // inotify events arrive asynchronously
  } finally {
    w.close();
  }
  return names;
}

describe('atomic knowledge writes', () => {
  it('addAlias writes, and rolls back, through a temporary dot-file renamed over the YAML file', async () => {
    const store = KnowledgeStore.load(dir, silentLogger);
    const folder = join(dir, 'procedures');
    let names = await watched(folder, async () =>
      expect((await addAlias(store, 'khai-sinh', 'giấy khai sinh bản chính')).ok).toBe(true),
    );
    expect(names.filter((n) => /^\.ho-tich\.yaml\..+\.tmp$/.test(n)).length).toBeGreaterThan(0);
    expect(names).toContain('ho-tich.yaml');
    expect(leftovers(folder)).toEqual([]);

    // Roll-back: another file is broken, so the reload is rejected and the file is put back, atomically too.
    const before = readFileSync(join(folder, 'ho-tich.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'entries.yaml'),
      readFileSync(join(dir, 'entries.yaml'), 'utf8').replace('hours: Giờ hành chính', 'hours: ""'),
    );
    names = await watched(folder, async () =>
      expect((await addAlias(store, 'khai-sinh', 'xin trích lục khai sinh')).ok).toBe(false),
    );
    expect(new Set(names.filter((n) => TMP.test(n))).size).toBe(2);
    expect(readFileSync(join(folder, 'ho-tich.yaml'), 'utf8')).toBe(before);
    expect(leftovers(folder)).toEqual([]);
  });

  it('kb:import writes its output through a temporary dot-file renamed over it', async () => {
    const header =
      'Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thành phần hồ sơ,Thời hạn giải quyết,Phí,Căn cứ pháp lý';
    const sheet = join(work, 'ds.csv');
    writeFileSync(sheet, `${header}\n1.004222,Đăng ký giám hộ,Hộ tịch,Cấp Xã,Tờ khai,03 ngày,Miễn,Luật A\n`);
    expect((await runImport({ sheet, knowledgeDir: dir })).ok).toBe(true);
    writeFileSync(sheet, `${header}\n1.004222,Đăng ký giám hộ,Hộ tịch,Cấp Xã,Tờ khai,05 ngày,Miễn,Luật A\n`);
    const folder = join(dir, 'imported');
    const names = await watched(folder, async () =>
      expect((await runImport({ sheet, knowledgeDir: dir })).updated).toEqual(['dang-ky-giam-ho']),
    );
    expect(names.some((n) => /^\.ds\.yaml\..+\.tmp$/.test(n))).toBe(true);
    expect(leftovers(folder)).toEqual([]);
  });
});

describe('atomic writes under a concurrent reader and under SIGKILL', () => {
  let target: string;
  let texts: string[];
  beforeEach(() => {
    target = join(dir, 'procedures', 'large.yaml');
    const a = largeProceduresYaml(1.5 * 1024 * 1024).text;
    const b = a.replaceAll('(mẫu ', '(phiên bản B, mẫu ');
    texts = [a, b];
    writeFileSync(join(work, 'a.txt'), a);
    writeFileSync(join(work, 'b.txt'), b);
    writeFileSync(target, a);
  });

  const writer = (times: string) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/fixtures/atomic-writer.ts', target, join(work, 'a.txt'), join(work, 'b.txt'), times],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
  const ready = (child: ReturnType<typeof writer>) =>
    new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => String(d).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });

  it('a reader never sees the file truncated or mixed while another process rewrites it', async () => {
    const child = writer('30');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let done = false;
    void exited.then(() => (done = true));
    await ready(child);
    let reads = 0;
    const seen = new Set<number>();
    while (!done) {
      const now = readFileSync(target, 'utf8');
      const which = texts.indexOf(now);
      expect(which, `read ${reads}: ${now.length} characters, neither version`).toBeGreaterThanOrEqual(0);
      seen.add(which);
      reads++;
      await new Promise((r) => setImmediate(r));
    }
    expect(reads).toBeGreaterThan(10);
    expect(seen.size).toBe(2);
    expect(leftovers(join(dir, 'procedures'))).toEqual([]);
  });

  it('a writer killed with SIGKILL at a random moment leaves a folder that still loads', async () => {
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      const child = writer('forever');
      await ready(child);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await sleep(20 + Math.random() * 200);
      child.kill('SIGKILL');
      await exited;
      expect(texts).toContain(readFileSync(target, 'utf8'));
      const r = loadKnowledge(dir);
      expect(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 3))).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
