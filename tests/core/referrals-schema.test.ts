/**
 * The referral table is validated like every knowledge file: problems come
 * back as file:line: field: message, and nothing loads until they are fixed.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadKnowledge } from '../../src/knowledge/loader.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-ref-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `referrals:
  - id: ho-chieu
    topic: Cấp hộ chiếu phổ thông
    phrases: [hộ chiếu, passport]
    unless: [mất hộ chiếu]
    where: [Công an cấp tỉnh]
    links:
      - label: Thủ tục 1.001456
        url: https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x
    related: [khai-sinh]
    sources:
      - Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14
    lastVerified: 2026-12-01
`;

function problems(yaml: string): string[] {
  writeFileSync(join(dir, 'referrals.yaml'), yaml);
  const r = loadKnowledge(dir);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map((p) => formatProblem(p).replace(/\S*\/(referrals\.yaml)/g, '$1'));
}

describe('referrals.yaml validation', () => {
  it('loads a valid table into the knowledge base', () => {
    writeFileSync(join(dir, 'referrals.yaml'), GOOD);
    const r = loadKnowledge(dir);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.kb.referrals.map((x) => [x.id, x.unless])).toEqual([['ho-chieu', ['mất hộ chiếu']]]);
  });

  it('names file, line and field of a missing source and a wrong date', () => {
    const yaml = GOOD.replace(
      '    sources:\n      - Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14\n',
      '',
    ).replace('lastVerified: 2026-12-01', 'lastVerified: 01/12/2026');
    const [sources, date] = problems(yaml);
    expect(sources).toMatch(/^referrals\.yaml:2: referrals\[0\]\.sources: /);
    expect(date).toBe('referrals.yaml:11: referrals[0].lastVerified: ngày phải có dạng YYYY-MM-DD');
  });

  it('accepts only .gov.vn links and sources with a document number, never a code repository', () => {
    const yaml = GOOD.replace(
      'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x',
      'https://github.com/someone/crawler',
    ).replace(
      '      - Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14',
      '      - Một trang web\n      - github.com/someone/crawler 2026',
    );
    expect(problems(yaml)).toEqual([
      'referrals.yaml:9: referrals[0].links[0].url: chỉ dùng đường link của cơ quan nhà nước (tên miền .gov.vn)',
      'referrals.yaml:12: referrals[0].sources[0]: nguồn cần có số hiệu văn bản hoặc mã thủ tục',
      'referrals.yaml:13: referrals[0].sources[1]: nguồn hiển thị cho người dân phải là văn bản hoặc trang của cơ quan nhà nước',
    ]);
  });

  it('rejects unknown keys, dangling related entries, repeated ids and a phrase claimed twice', () => {
    const second = GOOD.replace('referrals:\n', '')
      .replace('id: ho-chieu', 'id: ho-chieu-2')
      .replace('[hộ chiếu, passport]', '[ho chieu]');
    const yaml = `${GOOD.replace('    related: [khai-sinh]', '    related: [khong-co]\n    phrase: [x]')}${second}${GOOD.replace('referrals:\n', '')}`;
    const [unknown, ...others] = problems(yaml);
    expect(others).toEqual([]);
    expect(unknown).toBe('referrals.yaml:2: referrals[0]: không có trường `phrase`. Bạn có định viết `phrases`?');
    expect(problems(yaml.replace('    phrase: [x]\n', ''))).toEqual([
      'referrals.yaml:10: ho-chieu.related: không có mục nào có id "khong-co"',
      'referrals.yaml:16: ho-chieu-2.phrases: cụm từ "ho chieu" đã có ở mục "ho-chieu"',
      'referrals.yaml:26: id: id "ho-chieu" trùng với referrals.yaml:2',
    ]);
  });
});
