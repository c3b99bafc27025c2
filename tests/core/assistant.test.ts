import { describe, expect, it } from 'vitest';
import { renderPlainText, splitText } from '../../src/core/render-text.js';
import { ask, testAssistant } from '../helpers.js';

const a = testAssistant('tests/fixtures/kb-min');

describe('assistant core', () => {
  it('greets on /start and on "xin chào"', async () => {
    expect((await ask(a, '/start'))[0]?.kind).toBe('greeting');
    expect((await ask(a, 'Xin chào ad')).map((r) => r.kind)).toEqual(['greeting']);
  });

  it('opens an entry from a deep link /start <id> and from /xem', async () => {
    expect((await ask(a, '/start khai-sinh'))[0]).toMatchObject({ kind: 'answer', entryId: 'khai-sinh' });
    expect((await ask(a, '/start@tro_ly_bot khai-sinh'))[0]?.entryId).toBe('khai-sinh');
    expect((await ask(a, '/xem khong-ton-tai'))[0]?.kind).toBe('info');
  });

  it('answers a question typed without diacritics and records it', async () => {
    const [r] = await ask(a, 'cho em hoi lam giay khai sinh');
    expect(r).toMatchObject({ kind: 'answer', entryId: 'khai-sinh' });
    expect(r?.questionId).toBeGreaterThan(0);
    const row = a.db.prepare('SELECT * FROM questions WHERE id = ?').get(r!.questionId) as Record<string, unknown>;
    expect(row).toMatchObject({
      channel: 'console',
      best_id: 'khai-sinh',
      answered: 1,
      normalized: 'lam giay khai sinh',
    });
    expect(row.user_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(row.user_hash).not.toBe('u1');
  });

  it('puts sources and the verification date at the foot of a procedure answer', async () => {
    const [r] = await ask(a, 'gks');
    expect(r?.footer).toMatch(/Nguồn: Cổng Dịch vụ công quốc gia\..*22\/11\/2026/);
    const text = renderPlainText(r!);
    expect(text).toContain('Giấy tờ cần chuẩn bị:');
    expect(text).toContain('• Giấy chứng sinh');
    // The short answer puts the legal basis one tap away; the whole entry shows it.
    expect(r?.buttons?.map((b) => b.label)).toContain('Căn cứ pháp lý');
    const [full] = await ask(a, '/xem khai-sinh day-du');
    expect(renderPlainText(full!)).toContain('Căn cứ pháp lý:');
    expect(full?.footer).toBe(r?.footer);
  });

  it('shows a commune placeholder as "chưa cập nhật", never a made-up number', async () => {
    const [r] = await ask(a, '/xem hotline-ubnd');
    const text = renderPlainText(r!);
    expect(text).toContain('chưa cập nhật');
    expect(text).toContain('1800 1096');
  });

  it('says honestly when it does not know, and records the question as unanswered', async () => {
    const [r] = await ask(a, 'giá vàng hôm nay bao nhiêu');
    expect(r?.kind).toBe('fallback');
    const row = a.db.prepare('SELECT answered, decision FROM questions WHERE id = ?').get(r!.questionId) as Record<
      string,
      unknown
    >;
    expect(row).toEqual({ answered: 0, decision: 'off-topic' });
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '😀🙏👍'],
    ['control characters', '\u0000\u0007\u001b[31m'],
    ['zero-width', '\u200b\u200b'],
  ])('answers %s input politely', async (_name, text) => {
    const replies = await ask(a, text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.kind).toBe('info');
    expect(renderPlainText(replies[0]!)).toMatch(/gõ câu hỏi bằng chữ/);
  });

  it('answers a phone number alone without storing it', async () => {
    const [r] = await ask(a, '0912 345 678');
    expect(r?.kind).toBe('info');
    const n = a.db.prepare("SELECT count(*) n FROM questions WHERE normalized LIKE '%0912%'").get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('keeps a phone number inside a question out of the question log', async () => {
    const [r] = await ask(a, 'làm giấy khai sinh, số tôi là 0912.345.678 gọi lại giúp');
    const row = a.db.prepare('SELECT normalized FROM questions WHERE id = ?').get(r!.questionId) as {
      normalized: string;
    };
    expect(row.normalized).not.toMatch(/\d{3}/);
    expect(row.normalized).toContain('khai sinh');
  });

  it('reads a 20 KB message without crashing and says it was cut', async () => {
    const replies = await ask(a, `làm giấy khai sinh ${'rất dài '.repeat(2600)}`);
    expect(replies.map((r) => r.kind)).toEqual(['info', 'answer']);
  });

  it('treats NFD input like NFC input', async () => {
    const nfc = await ask(a, 'làm giấy khai sinh');
    const nfd = await ask(a, 'làm giấy khai sinh'.normalize('NFD'));
    expect(nfd[0]?.entryId).toBe(nfc[0]?.entryId);
  });

  it('does not let HTML or script in a message reach the reply', async () => {
    const replies = await ask(a, '<script>alert(1)</script> giá vàng');
    expect(JSON.stringify(replies)).not.toContain('<script>');
  });

  it('turns a crashing plugin into a short apology', async () => {
    const b = testAssistant('tests/fixtures/kb-min');
    b.use(() => {
      throw new Error('boom');
    });
    const [r] = await ask(b, 'xin chào');
    expect(r?.kind).toBe('error');
    expect(renderPlainText(r!)).not.toContain('boom');
  });
});

describe('text splitting', () => {
  it('splits on paragraph boundaries under the limit', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Đoạn ${i} ${'chữ '.repeat(30)}`).join('\n\n');
    const parts = splitText(text, 500);
    expect(parts.every((p) => p.length <= 500)).toBe(true);
    expect(parts.join('\n\n').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    expect(parts[0]!.endsWith(' ')).toBe(false);
  });

  it('never cuts an emoji in half', () => {
    const parts = splitText('😀'.repeat(100), 7);
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p) && !/^[\uDC00-\uDFFF]/.test(p))).toBe(true);
    expect(parts.join('')).toBe('😀'.repeat(100));
  });
});

describe('follow-up questions', () => {
  it('answers "lệ phí bao nhiêu?" about the procedure just answered', async () => {
    const b = testAssistant();
    const [first] = await ask(b, 'đăng ký tạm trú', { userId: 'f1', chatId: 'f1' });
    expect(first?.entryId).toBe('tam-tru');
    const [fee] = await ask(b, 'còn lệ phí thì sao ạ?', { userId: 'f1', chatId: 'f1' });
    expect(fee).toMatchObject({ kind: 'answer', entryId: 'tam-tru' });
    expect(fee?.sections.map((s) => s.heading)).toEqual(['Lệ phí']);
    const [time] = await ask(b, 'mat bao lau', { userId: 'f1', chatId: 'f1' });
    expect(time?.sections[0]?.heading).toBe('Thời hạn giải quyết');
    const [docs] = await ask(b, 'cần mang giấy tờ gì', { userId: 'f1', chatId: 'f1' });
    expect(docs?.sections[0]?.heading).toBe('Giấy tờ cần chuẩn bị');
  });

  it('does not treat a new question or a fresh chat as a follow-up', async () => {
    const b = testAssistant();
    const [alone] = await ask(b, 'lệ phí bao nhiêu', { userId: 'f2', chatId: 'f2' });
    expect(alone?.sections.map((s) => s.heading)).not.toEqual(['Lệ phí']);
    await ask(b, 'đăng ký tạm trú', { userId: 'f3', chatId: 'f3' });
    const [other] = await ask(b, 'lệ phí làm căn cước bao nhiêu', { userId: 'f3', chatId: 'f3' });
    expect(other?.entryId).toBe('can-cuoc');
  });
});
