/**
 * Freshness: answers of entries checked longer ago than KNOWLEDGE_STALE_DAYS
 * say the facts may have changed; kb:check warns with counts per file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { atMoment, verifiedText } from '../../src/core/freshness.js';
import { entryReply } from '../../src/core/entry-reply.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { formatStale, StaleCollector } from '../../src/knowledge/stale.js';
import { ask, testAssistant } from '../helpers.js';

const at = (iso: string) => Date.parse(`${iso}T09:00:00Z`);
const FRESH = 'Thông tin kiểm tra ngày 22/11/2026.';
const STALE = 'Thông tin kiểm tra ngày 22/11/2026, có thể đã thay đổi.';

describe('freshness of answers', () => {
  it('calls facts stale only after KNOWLEDGE_STALE_DAYS whole days', () => {
    expect(verifiedText('2026-11-22', { now: at('2027-05-21'), staleDays: 180 })).toBe(FRESH);
    expect(verifiedText('2026-11-22', { now: at('2027-05-22'), staleDays: 180 })).toBe(STALE);
    expect(verifiedText('2026-11-22', { now: at('2026-11-24'), staleDays: 1 })).toBe(STALE);
  });

  it('dates the footer by the assistant clock and its stale age', async () => {
    const fresh = testAssistant('tests/fixtures/kb-min', { now: () => at('2026-12-01') });
    expect((await ask(fresh, '/xem khai-sinh'))[0]?.footer).toContain(FRESH);
    const old = testAssistant('tests/fixtures/kb-min', { now: () => at('2027-12-01') });
    const [r] = await ask(old, '/xem khai-sinh');
    expect(r?.footer).toContain(STALE);
    expect((await ask(old, '/xem hotline-ubnd'))[0]?.footer).toContain(STALE);
    expect((await ask(old, '/xem mot-cua'))[0]?.footer).toContain(STALE);
    const patient = testAssistant('tests/fixtures/kb-min', { now: () => at('2027-12-01'), staleDays: 3650 });
    expect((await ask(patient, '/xem khai-sinh'))[0]?.footer).toContain(FRESH);
  });

  it('says so in follow-up answers too', async () => {
    const old = testAssistant('tests/fixtures/kb-min', { now: () => at('2027-12-01') });
    await ask(old, 'làm giấy khai sinh');
    const [r] = await ask(old, 'lệ phí bao nhiêu?');
    expect(r?.sections[0]?.heading).toBe('Lệ phí');
    expect(r?.footer).toContain(STALE);
  });

  it('renders outside a turn with the moment given', () => {
    const r = loadKnowledge('tests/fixtures/kb-min');
    if (!r.ok) throw new Error('kb-min must load');
    const e = r.kb.byId.get('khai-sinh')!;
    expect(atMoment({ now: at('2027-12-01'), staleDays: 180 }, () => entryReply(r.kb, e).footer)).toContain(STALE);
    expect(atMoment({ now: at('2027-12-01'), staleDays: 400 }, () => entryReply(r.kb, e).footer)).toContain(FRESH);
  });

  it('reads KNOWLEDGE_STALE_DAYS (default 180)', () => {
    expect(parseConfig({}).KNOWLEDGE_STALE_DAYS).toBe(180);
    expect(parseConfig({ KNOWLEDGE_STALE_DAYS: '30' }).KNOWLEDGE_STALE_DAYS).toBe(30);
    expect(() => parseConfig({ KNOWLEDGE_STALE_DAYS: '0' })).toThrow(
      'KNOWLEDGE_STALE_DAYS: phải là số nguyên từ 1 đến 3650',
    );
  });
});

function kbWithDates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-stale-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
  const p = join(dir, 'entries.yaml');
  // khai-sinh is dated in the future: never stale, whatever the real date.
  writeFileSync(p, readFileSync(p, 'utf8').replace('    lastVerified: 2026-11-22\n', '    lastVerified: 2099-01-01\n'));
  return dir;
}

describe('kb:check freshness warning', () => {
  it('counts stale entries per file and lists each with its line when verbose', () => {
    const dir = kbWithDates();
    const stale = new StaleCollector(at('2027-12-01'), 180);
    const r = loadKnowledge(dir, [stale.hook]);
    if (!r.ok) throw new Error('fixture must load');
    const entries = stale.entries(r.kb);
    expect(entries.map((e) => e.id).sort()).toEqual(['hotline-ubnd', 'mot-cua']);
    const file = entries[0]!.file;
    expect(formatStale(entries, 180, false)).toEqual([
      expect.stringMatching(/^Cảnh báo: 2 mục kiểm tra đã hơn 180 ngày \(KNOWLEDGE_STALE_DAYS\)/),
      `  ${file}: 2 mục`,
      '  Xem từng mục bằng --verbose.',
    ]);
    const lines = readFileSync(join(dir, 'entries.yaml'), 'utf8').split('\n');
    const lineOf = (id: string) => lines.findIndex((l) => l.includes(`- id: ${id}`)) + 1;
    expect(formatStale(entries, 180, true).slice(2)).toEqual([
      `    ${file}:${lineOf('hotline-ubnd')}: hotline-ubnd (kiểm tra ngày 22/11/2026, 374 ngày trước)`,
      `    ${file}:${lineOf('mot-cua')}: mot-cua (kiểm tra ngày 22/11/2026, 374 ngày trước)`,
    ]);
    expect(formatStale([], 180, true)).toEqual([]);
  });

  it('is a warning: kb:check still exits 0, and says nothing when every entry is recent', () => {
    const run = (days: string, ...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb-check.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, KNOWLEDGE_STALE_DAYS: days },
        timeout: 60_000,
      });
    const dir = kbWithDates();
    const warned = run('1', dir, '--verbose');
    expect(warned.status).toBe(0);
    expect(warned.stdout).toMatch(/Cảnh báo: 2 mục kiểm tra đã hơn 1 ngày/);
    expect(warned.stdout).toMatch(/entries\.yaml:\d+: mot-cua \(kiểm tra ngày 22\/11\/2026, \d+ ngày trước\)/);
    const quiet = run('3650', dir);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toContain('Cảnh báo');
  });
});
