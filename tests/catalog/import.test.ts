import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { runPortalImport } from '../../src/knowledge/catalog/import.js';
import { FEE_NOT_PUBLISHED } from '../../src/knowledge/catalog/text.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';

const PORTAL = 'tests/fixtures/portal';
let work: string;
let kb: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'portal-import-'));
  kb = join(work, 'knowledge');
  cpSync('tests/fixtures/kb-min', kb, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function catalogTexts(): Map<string, string> {
  const dir = join(kb, 'catalog');
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name));
      else out.set(join(d, n.name), readFileSync(join(d, n.name), 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function loaded() {
  const r = loadKnowledge(kb);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`).join('\n'));
  return r;
}

describe('kb:import --portal', () => {
  it('imports every format, says what it skipped and why, and the result loads', () => {
    const r = runPortalImport({ source: PORTAL, knowledgeDir: kb });
    expect(r.ok).toBe(true);
    expect(r.added.sort()).toEqual(['9.000001', '9.000003', '9.000004', '9.000006', '9.000007']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.code, s.reason]));
    expect(reasons).toMatchObject({
      '1.001193': 'hand-written',
      '9.000002': 'other-province',
      '9.000005': 'finance',
      '9.000008': 'not-commune',
      '9.000009': 'internal',
      '9.000010': 'not-commune',
    });
    // Bad input is named with the file and the field, and the rest is imported.
    const problems = r.problems.map((p) => `${p.file.replace(/^.*portal\//, '')}|${p.field}`);
    expect(problems).toContain('bad/broken.json|(JSON)');
    expect(problems).toContain('bad/noname.json|data.name');
    expect(problems).toContain('list.jsonl:6|(JSON)');
    expect(problems.some((p) => p.startsWith('details/9.000003.json|executionMethods.processingTimeUnit'))).toBe(true);
    const kbr = loaded();
    expect(kbr.kb.byId.has('khai-sinh')).toBe(true);
    expect(kbr.kb.procedures.filter((p) => p.portal)).toHaveLength(5);
  });

  it('writes honest texts: an unpublished fee is never "miễn phí", the portal is the source, the crawl is provenance', () => {
    // Records without a date of their own (list, page) take the date of the copy, given here.
    runPortalImport({ source: PORTAL, knowledgeDir: kb, fallbackDate: '2026-07-18' });
    const procs = loaded().kb.procedures;
    const byCode = (c: string) => procs.find((p) => p.code === c)!;
    const foreign = byCode('9.000001');
    expect(foreign.name).toBe('Đăng ký khai sinh có yếu tố nước ngoài');
    expect(foreign.fee).toBe(FEE_NOT_PUBLISHED);
    expect(foreign.processingTime).toBe('5 ngày làm việc');
    expect(foreign.agency).toBe('UBND cấp xã');
    expect(foreign.documents).toEqual([
      'Tờ khai đăng ký khai sinh theo mẫu (1 bản chính)',
      'Giấy chứng sinh (1 bản chính)',
    ]);
    expect(foreign.legalBasis).toEqual(['Nghị định 123/2015/NĐ-CP', 'Luật 60/2014/QH13']);
    expect(foreign.sources).toEqual(['Cổng Dịch vụ công quốc gia, thủ tục 9.000001 (dữ liệu ngày 16/04/2026)']);
    expect(foreign.provenance.join(' ')).toContain('9.000001.json');
    expect(foreign.portal?.url).toMatch(/^https:\/\/dichvucong\.gov\.vn\/thu-tuc-hanh-chinh\//);
    expect(foreign.family).toBe('khai-sinh');
    expect(foreign.variant).toBe('có yếu tố nước ngoài');
    const police = byCode('9.000003');
    expect(police.agency).toBe('Công an cấp xã');
    expect(police.cases.map((c) => c.name)).toEqual(['Trường hợp cấp lần đầu', 'Trường hợp cấp lại']);
    expect(police.fee).toContain('Trực tiếp: 20.000 đồng (nộp khi nhận kết quả)');
    expect(police.fee).toContain(`Dịch vụ bưu chính: ${FEE_NOT_PUBLISHED}`);
    expect(police.aliases).toEqual(
      expect.arrayContaining(['cấp giấy xác nhận thử nghiệm', 'cấp lại giấy xác nhận thử nghiệm']),
    );
    const page = byCode('9.000004');
    expect(page.fee).toBe('Miễn phí');
    expect(page.processingTime).toBe('3 ngày làm việc');
    expect(page.documents).toEqual([
      'Tờ khai đăng ký lại khai sinh (Mẫu TK01) (1 bản chính)',
      'Bản sao giấy tờ chứng minh nội dung khai sinh (1 bản sao)',
    ]);
    expect(page.legalBasis).toEqual(['Luật 60/2014/QH13', 'Nghị định 123/2015/NĐ-CP']);
    const defence = byCode('9.000006');
    expect(defence.fee).toBe(FEE_NOT_PUBLISHED);
    expect(defence.agency).toBe('Ban chỉ huy quân sự cấp Xã');
    const listOnly = byCode('9.000007');
    expect(listOnly.details).toBe(false);
    expect(listOnly.documents).toEqual([]);
    expect(listOnly.sources[0]).toBe('Cổng Dịch vụ công quốc gia, thủ tục 9.000007 (dữ liệu ngày 18/07/2026)');
  });

  it('is idempotent: a second import changes nothing, byte for byte', () => {
    runPortalImport({ source: PORTAL, knowledgeDir: kb });
    const before = catalogTexts();
    const r = runPortalImport({ source: PORTAL, knowledgeDir: kb });
    expect(r.added).toEqual([]);
    expect(r.updated).toEqual([]);
    expect(r.unchanged).toHaveLength(5);
    expect(r.written).toEqual([]);
    expect(catalogTexts()).toEqual(before);
  });

  it('merges: a second import of other files keeps what the first one brought', () => {
    runPortalImport({ source: join(PORTAL, 'details'), knowledgeDir: kb });
    const first = loaded()
      .kb.procedures.filter((p) => p.portal)
      .map((p) => p.code);
    runPortalImport({ source: join(PORTAL, 'pages'), knowledgeDir: kb });
    const second = loaded()
      .kb.procedures.filter((p) => p.portal)
      .map((p) => p.code);
    expect(first.sort()).toEqual(['9.000001', '9.000003']);
    expect(second.sort()).toEqual(['9.000001', '9.000003', '9.000004']);
  });

  it('keeps comments, hand-added aliases and fields listed in keep on re-import', () => {
    runPortalImport({ source: PORTAL, knowledgeDir: kb });
    // An administrator edits the file by hand: a comment, an alias, a fee they checked (listed in keep).
    const file = join(kb, 'catalog', 'ho-tich.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const seq = doc.get('procedures') as YAMLSeq<YAMLMap>;
    const entry = seq.items.find((m) => m.get('code') === '9.000001')!;
    entry.commentBefore = ' Đã hỏi Bộ phận Một cửa ngày 01/12/2026.';
    entry.set('keep', doc.createNode(['fee']));
    entry.set('fee', '8.000 đồng (Nghị quyết HĐND tỉnh)');
    (entry.get('aliases') as YAMLSeq).add('khai sinh cho con lai');
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
    const r = runPortalImport({ source: PORTAL, knowledgeDir: kb });
    expect(r.ok).toBe(true);
    expect(r.kept).toEqual([{ code: '9.000001', fields: ['fee'] }]);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# Đã hỏi Bộ phận Một cửa ngày 01/12/2026.');
    expect(after).toContain('- khai sinh cho con lai');
    const p = loaded().kb.procedures.find((x) => x.code === '9.000001')!;
    expect(p.fee).toBe('8.000 đồng (Nghị quyết HĐND tỉnh)');
  });

  it("imports a province's own procedures only when asked, and they apply only in that province", () => {
    const r = runPortalImport({ source: PORTAL, knowledgeDir: kb, province: 'Thử Nghiệm' });
    expect(r.added).toContain('9.000002');
    expect(existsSync(join(kb, 'catalog', 'tinh-thu-nghiem', 'nong-nghiep.yaml'))).toBe(true);
    expect(loaded().kb.byId.has('ho-tro-nong-dan-cua-tinh-thu-nghiem')).toBe(false);
    const commune = join(kb, 'commune.yaml');
    writeFileSync(commune, readFileSync(commune, 'utf8').replace('  province: null', '  province: Tỉnh Thử Nghiệm'));
    expect(loaded().kb.byId.has('ho-tro-nong-dan-cua-tinh-thu-nghiem')).toBe(true);
  });

  it('hides an imported entry when a hand-written one carries its code', () => {
    runPortalImport({ source: PORTAL, knowledgeDir: kb });
    const entries = join(kb, 'entries.yaml');
    writeFileSync(
      entries,
      readFileSync(entries, 'utf8').replace(
        "    code: '1.001193'\n",
        "    code: '1.001193'\n    covers: ['9.000001']\n",
      ),
    );
    const r = loaded();
    expect(r.kb.procedures.some((p) => p.code === '9.000001')).toBe(false);
    expect(r.hidden.map((h) => h.reason)).toEqual(['mục viết tay khai-sinh cùng mã 9.000001 được dùng thay']);
  });

  it('writes nothing when the catalogue already there is broken, and says which file', () => {
    runPortalImport({ source: join(PORTAL, 'details'), knowledgeDir: kb });
    const file = join(kb, 'catalog', 'ho-tich.yaml');
    writeFileSync(file, 'procedures:\n  - id: [\n');
    const before = catalogTexts();
    const r = runPortalImport({ source: PORTAL, knowledgeDir: kb });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('ho-tich.yaml');
    expect(catalogTexts()).toEqual(before);
  });

  it('refuses a path that does not exist with a clear message', () => {
    const r = runPortalImport({ source: join(work, 'nowhere'), knowledgeDir: kb });
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.message).toContain('ENOENT');
    expect(existsSync(join(kb, 'catalog'))).toBe(false);
  });
});
