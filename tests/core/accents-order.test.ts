/**
 * Two readings of a question that folding alone loses: accents written
 * differently ("đối" is not "đổi") and the order of a name's words
 * ("trợ cấp bảo hiểm xã hội" does not hold "trợ cấp xã hội").
 */
import { describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.js';
import { silentLogger } from '../../src/log/index.js';
import { accentClashes, writtenForms } from '../../src/search/accents.js';
import { createAnalyzer, fold } from '../../src/search/normalize.js';
import { containsSeq, inOrder } from '../../src/search/phrases.js';
import { regionalVariants } from '../../src/search/typos.js';

const analyze = createAnalyzer({
  fillers: [],
  abbreviations: { bhyt: 'bảo hiểm y tế' },
  synonyms: [],
});

describe('accents as evidence', () => {
  it('finds the words both sides write with accents, differently', () => {
    const q = writtenForms([analyze('Đối tượng nào được hỗ trợ mức đóng BHYT?')]);
    const e = writtenForms([analyze('Cấp lại, đổi, điều chỉnh thông tin trên thẻ BHYT')]);
    expect([...accentClashes(q, e)]).toEqual(['doi']);
  });

  it('says nothing when either side is typed without accents', () => {
    const e = writtenForms([analyze('Cấp lại, đổi thẻ bảo hiểm y tế')]);
    expect(accentClashes(writtenForms([analyze('doi tuong dong bhyt')]), e).size).toBe(0);
    const unaccentedAlias = writtenForms([analyze('Cấp đổi thẻ'), analyze('doi the')]);
    expect(accentClashes(writtenForms([analyze('đối tượng')]), unaccentedAlias).size).toBe(0);
  });

  it('takes the accents of an expanded abbreviation from its expansion', () => {
    const q = writtenForms([analyze('thẻ bhyt')]);
    expect(q.get('hiem')).toBe('|hiểm|');
    expect(accentClashes(q, writtenForms([analyze('Thẻ bảo hiểm y tế')])).size).toBe(0);
  });

  it('hears a call in "gọi" and "goi", not in "gói" (a package)', () => {
    const store = KnowledgeStore.load('knowledge', silentLogger);
    const hotline = (q: string) => store.engine.search(q).hits[0]?.kind === 'hotline';
    expect(hotline('Gói dịch vụ y tế cơ bản do quỹ BHYT chi trả gồm những gì?')).toBe(false);
    expect(hotline('bảo hiểm y tế gọi số nào')).toBe(true);
    expect(hotline('bao hiem y te goi so nao')).toBe(true);
  });

  it('counts "đối với" against a name with "đổi" less than the same letters typed without accents', () => {
    const store = KnowledgeStore.load('knowledge', silentLogger);
    const q = 'Thủ tục hỗ trợ học tập đối với học sinh dân tộc thiểu số rất ít người';
    const score = (text: string) =>
      store.engine.search(text).hits.find((h) => h.id === 'cai-chinh-ho-tich')?.score ?? 0;
    expect(store.engine.search(q).decision).not.toBe('answer');
    expect(score(q)).toBeLessThan(score(fold(q)));
  });
});

describe('word order of a name in a question', () => {
  const t = (s: string) => s.split(' ');
  it('holds a name in order with small gaps, or with its second half first', () => {
    expect(inOrder(t('lam lai giay khai sinh cho me'), t('lam lai khai sinh'), 2)).toBe(true);
    expect(inOrder(t('tam tru duoc bao lau thi phai gia han'), t('gia han tam tru'), 2)).toBe(true);
    expect(inOrder(t('nhan tro cap bao hiem xa hoi hang thang'), t('tro cap xa hoi hang thang'), 1)).toBe(false);
    expect(inOrder(t('khai sinh'), t('khai sinh'), 0)).toBe(true);
    expect(inOrder(t('sinh khai'), t('khai sinh lai'), 2)).toBe(false);
  });

  it('finds contiguous runs', () => {
    expect(containsSeq(t('so dien thoai xa'), t('dien thoai'))).toBe(true);
    expect(containsSeq(t('so dien xa thoai'), t('dien thoai'))).toBe(false);
  });
});

describe('regional misspellings', () => {
  it('generates the syllables one common confusion away, and the search repairs them', () => {
    expect(regionalVariants('chu')).toEqual(['tru']);
    expect(regionalVariants('tin').sort()).toEqual(['ting', 'tinh']);
    expect(regionalVariants('xach')).toContain('sach');
    const store = KnowledgeStore.load('knowledge', silentLogger);
    const o = store.engine.search('xin giấy sác nhận độc thân');
    expect(o.corrections).toContainEqual(['sac', 'xac']);
    expect(o.hits[0]?.id).toBe('xac-nhan-hon-nhan');
    expect(store.engine.search('làm giấy khai xinh').corrections).toContainEqual(['xinh', 'sinh']);
  });
});
