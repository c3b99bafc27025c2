/**
 * "Gặp cán bộ": a request for a person gets the commune's numbers and a
 * button to talk with staff (`/gapcanbo`), never an article or a procedure;
 * hotline questions stay with the search. The live handoff itself is tested
 * in tests/admin/handoff.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/render-text.js';
import { personReply, TALK_TO_STAFF } from '../../src/core/scope-replies.js';
import type { Reply } from '../../src/core/types.js';
import { ask, testAssistant } from '../helpers.js';

const a = testAssistant();

async function one(text: string): Promise<Reply> {
  const replies = await ask(a, text);
  expect(replies, text).toHaveLength(1);
  return replies[0]!;
}

describe('request for a person', () => {
  it.each([
    'tôi muốn gặp cán bộ',
    'toi muon gap can bo',
    'cho tôi nói chuyện với người thật',
    'cho toi noi chuyen voi nguoi that',
    'gọi cho ai',
    'goi cho ai bay gio',
    'nhân viên đâu',
    'nhan vien dau het roi',
    'có ai trực không',
    'co ai truc ko ad',
  ])('"%s" gets the hotline and a button to talk with staff', async (q) => {
    const r = await one(q);
    expect(r).toMatchObject({ kind: 'info', title: 'Liên hệ cán bộ xã' });
    expect(r.entryId).toBeUndefined();
    expect(r.buttons?.[0]).toEqual(TALK_TO_STAFF);
    // Pure requests get no entry button: only the staff button and the numbers list.
    expect(r.buttons?.map((b) => b.payload)).toEqual(['/gapcanbo', '/hotline']);
    const text = renderPlainText(r);
    expect(text).toContain('Văn phòng HĐND và UBND xã: chưa cập nhật');
    expect(text).toContain('1800 1096');
    expect(text).toContain('113');
  });

  it('offers the procedure the question also names as a button, not as the answer', async () => {
    const r = await one('tôi muốn gặp cán bộ để hỏi làm giấy khai sinh');
    expect(r).toMatchObject({ kind: 'info', title: 'Liên hệ cán bộ xã' });
    expect(r.entryId).toBeUndefined();
    expect(r.buttons?.map((b) => b.payload)).toEqual(['/gapcanbo', '/xem khai-sinh', '/hotline']);
  });

  it('records the request, with its own decision', async () => {
    const r = await one('tôi muốn gặp cán bộ');
    const row = a.db
      .prepare('SELECT answered, decision, best_id FROM questions WHERE id = ?')
      .get(r.questionId) as Record<string, unknown>;
    expect(row).toEqual({ answered: 1, decision: 'person', best_id: null });
  });

  it.each([
    ['số điện thoại cấp cứu', 'cap-cuu-115'],
    ['gọi công an', 'cong-an-113'],
    ['cháy nhà gọi cho ai', 'cuu-hoa-114'],
    ['công an xã có ai trực không', 'hotline-cong-an'],
  ])('leaves the hotline question "%s" to the search', async (q, id) => {
    expect(await one(q)).toMatchObject({ kind: 'answer', entryId: id });
  });

  it('leaves "whom do I ask" to the search when the rest of the question names a procedure', async () => {
    expect(await one('làm giấy khai sinh thì liên hệ ai')).toMatchObject({ kind: 'answer', entryId: 'khai-sinh' });
  });

  it('gives the numbers when the rest of the question is nothing the assistant knows', async () => {
    expect((await one('mất điện gọi cho ai')).title).toBe('Liên hệ cán bộ xã');
  });

  it('does not take a resident addressing staff ("vậy cán bộ") for a request', async () => {
    expect((await one('làm giấy khai sinh ở đâu vậy cán bộ')).entryId).toBe('khai-sinh');
  });

  it('shows a filled-in commune number instead of the national line', async () => {
    const kb = a.knowledge.kb;
    const withNumber = {
      ...kb,
      commune: {
        ...kb.commune,
        hotlines: { ...kb.commune.hotlines, ubnd: { label: 'Văn phòng HĐND và UBND xã', number: '0200 3812 345' } },
      },
    };
    const text = renderPlainText(personReply(withNumber));
    expect(text).toContain('Văn phòng HĐND và UBND xã: 0200 3812 345');
    // Bộ phận Một cửa is still empty, so the national line stays.
    expect(text).toContain('1800 1096');
  });

  it('answers /gapcanbo with the numbers when the core runs alone', async () => {
    const r = await one('/gapcanbo');
    expect(r.title).toBe('Liên hệ cán bộ xã');
  });

  it('offers the staff button when the assistant has no answer or is unsure, not after an off-topic question', async () => {
    const unknown = await one('abc xyz qwe');
    expect(unknown.kind).toBe('fallback');
    expect(unknown.buttons?.[0]).toEqual(TALK_TO_STAFF);
    const unsure = await one('xin cấp phép nuôi khủng long');
    expect(unsure.title).toBe('Ý bạn là…');
    expect(unsure.buttons?.at(-1)).toEqual(TALK_TO_STAFF);
    const off = await one('giá vàng hôm nay');
    expect(off.buttons?.map((b) => b.payload)).not.toContain('/gapcanbo');
  });
});
