/**
 * Answers residents can trust (issue 10): short answers with the asked part
 * first, one message at most; personal data out of the question; variants
 * and two asks asked about; code-only and English messages.
 */
import { describe, expect, it } from 'vitest';
import { searchText } from '../../src/core/answer.js';
import { entryReply } from '../../src/core/entry-reply.js';
import { stripPersonalData } from '../../src/core/personal-data.js';
import { renderPlainText } from '../../src/core/render-text.js';
import { FIRST_MESSAGE_CHARS } from '../../src/core/short-answer.js';
import { readQuestions } from '../../src/search/evaluate.js';
import { ask, testAssistant } from '../helpers.js';

const a = testAssistant();
const kb = a.knowledge.kb;

describe('short answers', () => {
  it('fit one Zalo message for every shipped procedure', () => {
    for (const e of kb.entries.filter((x) => x.kind === 'procedure')) {
      expect(renderPlainText(entryReply(kb, e)).length, e.id).toBeLessThanOrEqual(FIRST_MESSAGE_CHARS);
    }
  });

  it('put the part that was asked first, right after one line on who handles it', async () => {
    const [r] = await ask(a, 'khai sinh lệ phí bao nhiêu');
    expect(r?.entryId).toBe('khai-sinh');
    expect(r?.sections[0]?.text).toMatch(/^Thủ tục do .* giải quyết\./);
    expect(r?.sections.find((s) => s.heading)?.heading).toBe('Lệ phí');
    const labels = (r?.buttons ?? []).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Giấy tờ', 'Các bước', 'Thời hạn', 'Căn cứ pháp lý', 'Xem đầy đủ']));
    expect(labels).not.toContain('Lệ phí');
  });

  it('open one part or the whole entry from their buttons', async () => {
    const [time] = await ask(a, '/xem khai-sinh thoi-han');
    expect(time?.sections.find((s) => s.heading)?.heading).toBe('Thời hạn giải quyết');
    const [full] = await ask(a, '/xem khai-sinh day-du');
    const headings = full!.sections.map((s) => s.heading);
    expect(headings).toEqual(expect.arrayContaining(['Giấy tờ cần chuẩn bị', 'Các bước', 'Lệ phí', 'Căn cứ pháp lý']));
    expect(renderPlainText(full!).length).toBeGreaterThan(renderPlainText((await ask(a, '/xem khai-sinh'))[0]!).length);
  });

  it('keep the source and the low-confidence warning in a follow-up', async () => {
    const b = testAssistant();
    await ask(b, 'làm căn cước', { userId: 'f1', chatId: 'f1' });
    const [r] = await ask(b, 'lệ phí bao nhiêu?', { userId: 'f1', chatId: 'f1' });
    expect(r?.entryId).toBe('can-cuoc');
    expect(r?.footer).toContain('Nguồn:');
    expect(r?.footer).toContain('chưa được kiểm chứng');
  });
});

describe('personal data in a question', () => {
  it('takes out phone numbers, landlines, names and the words that introduce them', () => {
    expect(stripPersonalData('cho hỏi làm khai sinh, sđt em 0903 111 222')).toBe('cho hỏi làm khai sinh');
    expect(stripPersonalData('gọi giúp em (024) 3825 1234 hỏi thủ tục kết hôn')).toBe(
      'gọi giúp em hỏi thủ tục kết hôn',
    );
    expect(stripPersonalData('em tên là Nguyễn Văn An, muốn làm tạm trú, số điện thoại 0912.345.678')).toBe(
      'muốn làm tạm trú',
    );
    expect(stripPersonalData('Tôi là Trần Thị Bình, hỏi về cấp lại căn cước')).toBe('hỏi về cấp lại căn cước');
    expect(stripPersonalData('mã 1.001193 năm 2020')).toBe('mã 1.001193 năm 2020');
    expect(stripPersonalData('số điện thoại công an xã')).toBe('số điện thoại công an xã');
  });

  it('does not change the answer when a question ends with a phone number and a name', () => {
    const qs = readQuestions('tests/eval/questions.tsv').filter((q) => q.expected);
    let same = 0;
    for (const q of qs) {
      const plain = a.knowledge.engine.search(searchText(q.question)).hits[0]?.id;
      const tail = a.knowledge.engine.search(searchText(`${q.question}, sđt em 0903 111 222, em tên là Nguyễn Văn An`))
        .hits[0]?.id;
      if (plain === tail) same++;
    }
    expect(same / qs.length).toBeGreaterThanOrEqual(0.97);
  });

  it('never stores the number in the question log', async () => {
    const b = testAssistant();
    await ask(b, 'cho hỏi làm khai sinh, sđt em 0903 111 222');
    const rows = b.db.prepare('SELECT normalized FROM questions').all() as { normalized: string }[];
    expect(rows.map((r) => r.normalized).join(' ')).not.toMatch(/0903|111|222|sdt/);
  });
});

describe('messages that are not one plain question', () => {
  it('asks which variant applies when variants of one procedure score alike', async () => {
    const [r] = await ask(a, 'tam tru bao lau phai gia han');
    expect(r?.kind).toBe('suggestions');
    expect(r?.title).toBe('Bạn cần trường hợp nào?');
    expect(r?.buttons?.map((b) => b.payload)).toEqual(['/xem tam-tru', '/xem gia-han-tam-tru']);
    const [chosen] = await ask(a, '/xem gia-han-tam-tru');
    expect(chosen?.entryId).toBe('gia-han-tam-tru');
  });

  it('names both asks of a message with two, with a button each', async () => {
    const [r] = await ask(a, 'làm khai sinh và nhập hộ khẩu cho con');
    expect(r?.kind).toBe('suggestions');
    expect(r?.buttons?.map((b) => b.payload)).toEqual(['/xem khai-sinh', '/xem thuong-tru']);
    const [one] = await ask(a, 'cho hỏi làm khai sinh cho con thì cần giấy tờ gì và mất bao lâu');
    expect(one?.entryId).toBe('khai-sinh');
  });

  it('answers a message that is only a procedure code, and says so when the code is unknown', async () => {
    const [r] = await ask(a, '1.001193');
    expect(r?.entryId).toBe('khai-sinh');
    const [none] = await ask(a, '1.999999');
    expect(none?.title).toBe('Chưa có thủ tục mã 1.999999');
  });

  it('answers an English question in Vietnamese and English, with the commune number', async () => {
    const [r] = await ask(a, 'how to register a birth certificate for my child');
    expect(r?.title).toBe('Trợ lý trả lời bằng tiếng Việt');
    expect(renderPlainText(r!)).toContain('This assistant answers in Vietnamese');
  });

  it('reads the question at the end of a 5,000-character letter', async () => {
    const story = 'Nhà em ở xóm trên, hàng xóm hay qua chơi và kể chuyện ngày xưa. '.repeat(75);
    const [, r] = await ask(a, `${story} Giờ em muốn hỏi làm giấy khai sinh cho con thì cần giấy tờ gì ạ?`);
    expect(r?.entryId).toBe('khai-sinh');
  });
});
