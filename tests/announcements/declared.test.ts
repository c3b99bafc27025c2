import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDeclared, syncDeclared } from '../../src/announcements/declared.js';
import { declaredScheduleCheck } from '../../src/announcements/declared-check.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { silentLogger } from '../../src/log/index.js';
import { engine, FakeChannel, KB_DIR, ManualClock, vn } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function kbWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ann-kb-'));
  dirs.push(dir);
  cpSync(KB_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'announcements.yaml'), yaml);
  return dir;
}

describe('announcements declared in the knowledge base', () => {
  it('the shipped knowledge base validates, with its declared announcement', () => {
    const r = loadKnowledge('knowledge');
    expect(r.ok).toBe(true);
    expect(readDeclared('knowledge').length).toBeGreaterThan(0);
  });

  it('reports bad declarations with file, line and field', () => {
    const d = kbWith(
      [
        'announcements:',
        '  - id: Sai Id',
        '    title: T',
        '    text: x',
        '    schedule: { cron: "every day" }',
        '  - id: thieu-nguon',
        '    title: T',
        '    text: x',
        '    schedule: { at: "2026-12-01 08:00" }',
        '    lastVerified: 2026-11-22',
        '',
      ].join('\n'),
    );
    const r = loadKnowledge(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const ours = r.problems.filter((p) => p.file.endsWith('announcements.yaml'));
    expect(ours.map((p) => `${p.line}:${p.field}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2:announcements\[0\]\.id$/),
        expect.stringMatching(/^5:announcements\[0\]\.schedule/),
        expect.stringMatching(/^6:announcements\[1\]\.sources$/),
      ]),
    );
  });

  it('creates, updates and cancels declared announcements on sync', () => {
    const clock = new ManualClock(vn(2026, 11, 22, 10));
    const { ann, kb } = engine(clock, [new FakeChannel('telegram', clock)]);
    const decl = readDeclared(KB_DIR);
    const r1 = syncDeclared(ann, decl, kb.kb, silentLogger);
    expect(r1.created).toEqual(['nhac-dich-vu-cong']);
    const a = ann.store.getByKey('nhac-dich-vu-cong')!;
    expect(a.nextRunAt).toBe(vn(2026, 12, 1, 8));
    expect(a.audience).toEqual({ kind: 'topic', topic: 'cchc' });
    expect(syncDeclared(ann, decl, kb.kb, silentLogger)).toEqual({
      created: [],
      updated: [],
      cancelled: [],
      ignored: [],
    });
    const changed = decl.map((x) => ({ ...x, text: 'Nội dung mới' }));
    expect(syncDeclared(ann, changed, kb.kb, silentLogger).updated).toEqual(['nhac-dich-vu-cong']);
    expect(ann.store.get(a.id)!.body).toBe('Nội dung mới');
    const village = [{ ...decl[0]!, id: 'hop-thon', audience: { village: 'khong-co' } }];
    expect(syncDeclared(ann, village, kb.kb, silentLogger)).toMatchObject({
      cancelled: ['nhac-dich-vu-cong'],
      ignored: ['hop-thon'],
    });
    expect(ann.store.get(a.id)!.status).toBe('cancelled');
  });

  it('refuses a recurring schedule more frequent than the minimum, with file and line, in the loader and on sync', () => {
    const yaml = (cron: string) =>
      [
        'announcements:',
        '  - id: moi-phut',
        '    title: T',
        '    text: Nội dung',
        '    audience: all',
        `    schedule: { cron: "${cron}" }`,
        '',
      ].join('\n');
    const d = kbWith(yaml('* * * * *'));
    const r = loadKnowledge(d, [declaredScheduleCheck('Asia/Ho_Chi_Minh', 24)]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const ours = r.problems.filter((p) => p.file.endsWith('announcements.yaml'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ line: 6, field: 'announcements[0].schedule.cron' });
    expect(ours[0]!.message).toMatch(/quá dày.*ít nhất một ngày.*Năm lần gửi tới/);
    // Daily passes at 24 h; hourly passes only where the commune lowered the minimum.
    expect(loadKnowledge(kbWith(yaml('0 8 * * *')), [declaredScheduleCheck('Asia/Ho_Chi_Minh', 24)]).ok).toBe(true);
    expect(loadKnowledge(kbWith(yaml('0 * * * *')), [declaredScheduleCheck('Asia/Ho_Chi_Minh', 24)]).ok).toBe(false);
    expect(loadKnowledge(kbWith(yaml('0 * * * *')), [declaredScheduleCheck('Asia/Ho_Chi_Minh', 1)]).ok).toBe(true);

    // A load without the plugin's checks (a worker thread) still never schedules it.
    const clock = new ManualClock(vn(2026, 11, 22, 10));
    const { ann, kb } = engine(clock, [new FakeChannel('telegram', clock)]);
    const every = { ...readDeclared(KB_DIR)[0]!, id: 'moi-phut', schedule: { cron: '* * * * *' } };
    expect(syncDeclared(ann, [every], kb.kb, silentLogger).ignored).toEqual(['moi-phut']);
    expect(ann.store.getByKey('moi-phut')).toBeUndefined();
  });
});
