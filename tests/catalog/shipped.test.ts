import { describe, expect, it } from 'vitest';
import { entryReply, NO_DETAILS } from '../../src/core/entry-reply.js';
import { DOCUMENTS_NOT_PUBLISHED, TIME_NOT_PUBLISHED } from '../../src/knowledge/catalog/text.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { renderPlainText as renderText } from '../../src/core/render-text.js';

const r = loadKnowledge('knowledge');
if (!r.ok) throw new Error('shipped knowledge does not load');
const { kb } = r;
const imported = kb.procedures.filter((p) => p.portal);

describe('the shipped catalogue', () => {
  it('has at least 300 commune-level national procedures with documents, time, fee, legal basis and portal link', () => {
    const full = imported.filter(
      (p) =>
        p.details &&
        (p.documents.length > 0 || p.cases.length > 0) &&
        !p.documents.includes(DOCUMENTS_NOT_PUBLISHED) &&
        p.processingTime !== TIME_NOT_PUBLISHED &&
        p.fee !== undefined &&
        p.legalBasis.length > 0 &&
        !p.legalBasis[0]!.startsWith('Cổng') &&
        p.portal!.url.startsWith('https://dichvucong.gov.vn/'),
    );
    expect(full.length).toBeGreaterThanOrEqual(300);
    expect(imported.filter((p) => !p.details).length).toBeGreaterThan(50);
  });

  it('ships only national procedures by default, each with its portal source and date, crawls only as provenance', () => {
    for (const p of imported) {
      expect(p.portal!.scope).toBe('national');
      expect(p.code).toMatch(/^\d\.\d{6}$/);
      expect(p.sources).toEqual([
        expect.stringMatching(/^Cổng Dịch vụ công quốc gia, thủ tục \d\.\d{6} \(dữ liệu ngày \d\d\/\d\d\/\d{4}\)$/),
      ]);
      expect(p.provenance.length).toBeGreaterThan(0);
    }
  });

  it('never shows a crawling project to residents', () => {
    for (const p of imported.slice(0, 200)) {
      const text = renderText(entryReply(kb, kb.byId.get(p.id)!));
      expect(text).not.toMatch(/OpenGOV|chatbot_tthc|ThuTucHanhChinh|nhdandz|VoidKeishi|github/i);
      expect(text).toContain(`Cổng Dịch vụ công quốc gia, thủ tục ${p.code}`);
    }
  });

  it('keeps the hand-checked entries: no imported entry carries the code of a hand-written one', () => {
    const hand = new Set(kb.procedures.filter((p) => !p.portal).flatMap((p) => [p.code, ...p.covers]));
    expect(imported.filter((p) => hand.has(p.code))).toEqual([]);
    expect(r.hidden.length).toBeGreaterThan(0);
  });

  it('answers a procedure known only from the list with its agency, the portal link and a plain "no details"', () => {
    const p = imported.find((x) => !x.details)!;
    const reply = entryReply(kb, kb.byId.get(p.id)!);
    const text = renderText(reply);
    expect(text).toContain(NO_DETAILS);
    expect(text).toContain(p.agency);
    expect(reply.links?.[0]?.url).toBe(p.portal!.url);
  });

  it('offers the other variants of a family as buttons', () => {
    const reply = entryReply(kb, kb.byId.get('khai-sinh')!);
    const labels = (reply.buttons ?? []).map((b) => b.label);
    expect(labels.some((l) => /có yếu tố nước ngoài|lưu động|đăng ký lại/i.test(l))).toBe(true);
  });
});
