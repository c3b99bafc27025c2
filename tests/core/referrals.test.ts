/**
 * Referrals (knowledge/referrals.yaml) through the real assistant on the
 * shipped knowledge: a topic handled elsewhere gets "Việc này không do xã
 * giải quyết" with where to go and its sources, never a procedure, and the
 * question is logged as not answered.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/render-text.js';
import { NOT_OURS } from '../../src/core/scope-replies.js';
import type { Reply } from '../../src/core/types.js';
import { unansweredReport } from '../../src/admin/unanswered.js';
import { ask, testAssistant } from '../helpers.js';

const a = testAssistant();
const kb = a.knowledge.kb;

async function one(text: string): Promise<Reply> {
  const replies = await ask(a, text);
  expect(replies, text).toHaveLength(1);
  return replies[0]!;
}

function logged(r: Reply): Record<string, unknown> {
  return a.db.prepare('SELECT answered, decision, best_id FROM questions WHERE id = ?').get(r.questionId) as Record<
    string,
    unknown
  >;
}

describe('referrals', () => {
  it('ships a sourced table: every entry has places, numbered sources and only .gov.vn links', () => {
    expect(kb.referrals.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'ho-chieu',
        'giay-phep-lai-xe',
        'ly-hon',
        'to-giac-toi-pham',
        'khoi-kien',
        'thanh-lap-doanh-nghiep',
        'thue',
        'thi-tuyen-sinh',
      ]),
    );
    for (const r of kb.referrals) {
      expect(r.where.length, r.id).toBeGreaterThan(0);
      for (const s of r.sources) expect(s, r.id).toMatch(/\d/);
      for (const l of r.links) expect(new URL(l.url).hostname, r.id).toMatch(/\.gov\.vn$/);
    }
  });

  it.each([
    ['làm hộ chiếu ở đâu', 'ho-chieu'],
    ['lam ho chieu o dau', 'ho-chieu'],
    ['muốn ly hôn thì nộp đơn ở đâu', 'ly-hon'],
    ['muon ly hon thi nop don o dau', 'ly-hon'],
    ['thi bằng lái xe máy ở đâu', 'giay-phep-lai-xe'],
    ['thi bang lai xe may o dau', 'giay-phep-lai-xe'],
    ['thành lập công ty cần gì', 'thanh-lap-doanh-nghiep'],
    ['thanh lap cong ty can gi', 'thanh-lap-doanh-nghiep'],
    ['quyết toán thuế thu nhập cá nhân ở đâu', 'thue'],
    ['thi tốt nghiệp thpt đăng ký ở đâu', 'thi-tuyen-sinh'],
    ['tố giác tội phạm ở đâu', 'to-giac-toi-pham'],
  ])('"%s" is referred (%s), never answered with a procedure', async (q, id) => {
    const r = await one(q);
    const referral = kb.referrals.find((x) => x.id === id)!;
    expect(r).toMatchObject({ kind: 'referral', title: NOT_OURS });
    expect(r.entryId).toBeUndefined();
    expect(r.sections[0]).toEqual({ heading: referral.topic, items: referral.where });
    expect(r.footer).toContain(`Nguồn: ${referral.sources.join('; ')}.`);
    expect(logged(r)).toEqual({ answered: 0, decision: 'not-ours', best_id: null });
  });

  it('gives the commune line, "chưa cập nhật" with the national line while it is not filled in, and the links', async () => {
    const r = await one('làm hộ chiếu cần giấy tờ gì');
    const text = renderPlainText(r);
    expect(text).toContain('Văn phòng HĐND và UBND xã: chưa cập nhật');
    expect(text).toContain('1800 1096');
    expect(r.links?.map((l) => l.url)).toContain(
      'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-5fda-7370-bc07-6f1fd02ffcc4',
    );
  });

  it('says commune police take crime reports, with 113 first', async () => {
    const r = await one('bị lừa đảo qua mạng thì báo ở đâu');
    expect(r.kind).toBe('referral');
    expect(r.sections[0]?.items?.[0]).toContain('113');
    expect(r.sections[0]?.items?.join(' ')).toContain('Công an xã tiếp nhận');
    expect(r.buttons?.map((b) => b.payload)).toContain('/xem hotline-cong-an');
  });

  it('lets a commune procedure named in the question answer: lost passport, exchanged licence', async () => {
    for (const q of ['trình báo mất hộ chiếu phổ thông', 'đổi giấy phép lái xe']) {
      const replies = await ask(a, q);
      expect(
        replies.map((r) => r.kind),
        q,
      ).not.toContain('referral');
    }
    const lost = await one('trình báo mất hộ chiếu phổ thông');
    expect(lost.entryId ?? lost.buttons?.[0]?.payload).toMatch(/trinh-bao-mat-ho-chieu/);
  });

  it('keeps a commune question that mentions a divorce with its procedure', async () => {
    // The question asks to register the child's birth again; the divorce is context.
    expect(await one('ly hôn rồi làm lại khai sinh cho con')).toMatchObject({
      kind: 'answer',
      entryId: 'dang-ky-lai-khai-sinh',
    });
    expect(await one('tách hộ sau ly hôn')).toMatchObject({ kind: 'answer', entryId: 'tach-ho' });
    expect(await one('đăng ký kết hôn sau khi ly hôn')).toMatchObject({ kind: 'answer', entryId: 'ket-hon' });
    expect(await one('chứng thực bản sao hộ chiếu')).toMatchObject({ kind: 'answer', entryId: 'chung-thuc-ban-sao' });
  });

  it('refers when the topic is what is asked, even next to a commune procedure', async () => {
    // "mới sinh" pulls the search towards birth registration; "cấp hộ chiếu" is what is asked.
    expect((await one('cấp hộ chiếu cho con mới sinh')).kind).toBe('referral');
  });

  it('does not read "thuê nhà" (rent) as "thuế" (tax) when accents are typed', async () => {
    expect((await one('đóng thuế cho thuê nhà ở đâu')).kind).toBe('referral');
    const r = await one('xóa tạm trú khi hết hạn hợp đồng thuê nhà');
    expect(r.kind).not.toBe('referral');
  });

  it('keeps its promises: every "bạn hỏi trợ lý …" in a note is answered by the commune knowledge', async () => {
    const promised = kb.referrals.flatMap((r) =>
      [...(r.note ?? '').matchAll(/hỏi trợ lý "([^"]+)"/g)].map((m) => m[1]!),
    );
    expect(promised.length).toBeGreaterThan(0);
    for (const q of promised) {
      const [r] = await ask(a, q);
      expect(['answer', 'suggestions'], q).toContain(r?.kind);
    }
  });

  it('lists referred questions in the unanswered report with their reason', async () => {
    const b = testAssistant();
    await ask(b, 'làm hộ chiếu ở đâu');
    await ask(b, 'làm hộ chiếu ở đâu', { userId: 'u2' });
    const g = unansweredReport(b.db, { days: 7 }).find((x) => x.decision === 'not-ours');
    expect(g).toMatchObject({ count: 2, people: 2, bestId: null });
  });
});
