/**
 * The commune itself: its address, hours, one-stop desk, website and email
 * are shown where an answer points to them, "chưa cập nhật" with the
 * national fallback when empty; the administrator is reminded at start.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import { placeOf } from '../../src/core/commune-values.js';
import { entryReply } from '../../src/core/entry-reply.js';
import { renderPlainText } from '../../src/core/render-text.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { ask, testAssistant } from '../helpers.js';

const EXTRA = `
  - id: hoa-giai
    name: Hòa giải tranh chấp đất đai
    field: Đất đai
    agency: UBND cấp xã
    where: [UBND xã nơi có đất tranh chấp]
    online: { available: false }
    documents: [Đơn đề nghị hòa giải]
    processingTime: 30 ngày
    fee: Không thu
    legalBasis: [Luật Đất đai 31/2024/QH15]
    sources: [Luật Đất đai 31/2024/QH15]
    lastVerified: 2026-11-22
  - id: tam-tru
    name: Đăng ký tạm trú
    field: Cư trú
    agency: Công an cấp xã
    where: [Công an xã, phường nơi bạn đến ở, Trung tâm Phục vụ hành chính công cấp tỉnh (hồ sơ được chuyển về UBND cấp xã)]
    online: { available: true }
    documents: [Tờ khai thay đổi thông tin cư trú]
    processingTime: 03 ngày làm việc
    fee: 15.000 đồng
    legalBasis: [Luật Cư trú 68/2020/QH14]
    sources: [Luật Cư trú 68/2020/QH14]
    lastVerified: 2026-11-22
hotlines:`;

const ARTICLE = `
  - id: dia-chi
    title: Địa chỉ UBND xã
    summary: Địa chỉ trụ sở xem trong thông tin của xã.
    sources: [Hồ sơ xã]
    lastVerified: 2026-11-22`;

const FILLED: [string, string][] = [
  ['  address: null', '  address: "Số 1 đường Trung tâm, thôn Đông"'],
  ['  workingHours: null', '  workingHours: "Thứ Hai đến thứ Sáu, 7:30–17:00"'],
  ['    address: null', '    address: "Tầng 1 trụ sở UBND xã"'],
  ['    hours: null', '    hours: "Thứ Hai đến sáng thứ Bảy, 7:30–11:30"'],
  ['  website: null', '  website: https://xa.example.gov.vn'],
  ['  email: null', '  email: ubnd@xa.example.gov.vn'],
  ['      number: null', '      number: "0200 3812 345"'],
];

/** kb-min with two more procedures and an article that refers to the commune's information. */
function kb(filled: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-commune-'));
  cpSync('tests/fixtures/kb-min', dir, { recursive: true });
  const entries = join(dir, 'entries.yaml');
  writeFileSync(entries, `${readFileSync(entries, 'utf8').replace('\nhotlines:', EXTRA).trimEnd()}${ARTICLE}\n`);
  const commune = join(dir, 'commune.yaml');
  let text = readFileSync(commune, 'utf8');
  if (filled) for (const [from, to] of FILLED) text = text.replace(`\n${from}\n`, `\n${to}\n`);
  writeFileSync(commune, text);
  return dir;
}

const text = async (dir: string, q: string) => renderPlainText((await ask(testAssistant(dir), q))[0]!);

describe('commune values in answers', () => {
  it.each([
    ['Trung tâm Phục vụ hành chính công (Bộ phận Một cửa) của xã, phường nơi bạn thường trú', 'desk'],
    ['Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) của UBND xã, phường', 'desk'],
    ['Trung tâm Phục vụ hành chính công cấp xã hoặc cấp tỉnh', 'desk'],
    ['UBND xã, phường nơi có đất tranh chấp (nộp đơn tại Bộ phận Một cửa)', 'desk'],
    ['UBND xã nơi có đất tranh chấp', 'ubnd'],
    ['Trung tâm Phục vụ hành chính công cấp tỉnh (hồ sơ được chuyển về UBND cấp xã có thẩm quyền)', undefined],
    ['Công an xã, phường nơi bạn cư trú', undefined],
    ['Trực tuyến trên Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID', undefined],
    ['Chưa có dữ liệu xác thực về nơi tiếp nhận; vui lòng hỏi UBND xã hoặc Bộ phận Một cửa', undefined],
  ])('reads the place of "%s"', (item, place) => {
    expect(placeOf(item)).toBe(place);
  });

  it('says "chưa cập nhật" with the national fallback where a procedure points to the one-stop desk', async () => {
    const t = await text(kb(false), '/xem khai-sinh');
    expect(t).toContain(
      '• Nộp tại: Trung tâm Phục vụ hành chính công xã – địa chỉ: chưa cập nhật, giờ làm việc: chưa cập nhật. ' +
        'Phần chưa cập nhật, bạn hỏi: Xem trên dichvucong.gov.vn hoặc gọi 1800 1096.',
    );
  });

  it('shows the filled-in desk, UBND address and hours, and no fallback', async () => {
    const dir = kb(true);
    const desk = await text(dir, '/xem khai-sinh');
    expect(desk).toContain(
      '• Nộp tại: Trung tâm Phục vụ hành chính công xã – địa chỉ: Tầng 1 trụ sở UBND xã, giờ làm việc: Thứ Hai đến sáng thứ Bảy, 7:30–11:30.',
    );
    expect(desk).not.toContain('chưa cập nhật');
    expect(await text(dir, '/xem hoa-giai')).toContain(
      '• Nộp tại: UBND xã – địa chỉ: Số 1 đường Trung tâm, thôn Đông, giờ làm việc: Thứ Hai đến thứ Sáu, 7:30–17:00.',
    );
  });

  it('adds nothing where a procedure is handled by the police or the province', async () => {
    expect(await text(kb(true), '/xem tam-tru')).not.toContain('Nộp tại:');
  });

  it('answers "nộp ở đâu" after a procedure with the desk too', async () => {
    const a = testAssistant(kb(true));
    await ask(a, '/xem khai-sinh');
    const [r] = await ask(a, 'nộp ở đâu?');
    expect(r?.sections[0]?.items?.at(-1)).toMatch(/^Nộp tại: Trung tâm Phục vụ hành chính công xã – địa chỉ: Tầng 1/);
  });

  it('gives an article that refers to "thông tin của xã" the commune values, website and email', async () => {
    const t = await text(kb(true), '/xem dia-chi');
    expect(t).toContain('Thông tin của xã:');
    expect(t).toContain(
      '• Trụ sở UBND xã – địa chỉ: Số 1 đường Trung tâm, thôn Đông; giờ làm việc: Thứ Hai đến thứ Sáu, 7:30–17:00',
    );
    expect(t).toContain('• Trang thông tin điện tử: https://xa.example.gov.vn');
    expect(t).toContain('• Điện thoại Văn phòng UBND xã: 0200 3812 345');
    expect(t).toContain('• Thư điện tử: ubnd@xa.example.gov.vn');
    expect(t).not.toContain('Phần chưa cập nhật');
    expect(await text(kb(true), '/xem mot-cua')).not.toContain('Thông tin của xã');
  });

  it('does so for the shipped entries that refer to it, hand-written procedures only', () => {
    const r = loadKnowledge('knowledge');
    if (!r.ok) throw new Error('shipped knowledge must load');
    const render = (id: string) => renderPlainText(entryReply(r.kb, r.kb.byId.get(id)!));
    for (const id of ['dia-chi-ubnd', 'gio-lam-viec', 'mot-cua', 'hotline-ubnd', 'hotline-mot-cua']) {
      expect(render(id), id).toContain('Thông tin của xã:');
      expect(render(id), id).toContain('Phần chưa cập nhật, bạn hỏi: Cổng Dịch vụ công quốc gia');
    }
    expect(render('khai-sinh')).toContain(
      'Nộp tại: Trung tâm Phục vụ hành chính công xã (Bộ phận Một cửa) – địa chỉ: chưa cập nhật',
    );
    expect(render('thuong-tru')).not.toContain('Nộp tại:');
    const imported = r.kb.procedures.filter((p) => p.portal && p.details);
    expect(imported.length).toBeGreaterThan(0);
    for (const p of imported) expect(render(p.id), p.id).not.toContain('Nộp tại:');
  });
});

describe('start-up reminder', () => {
  async function startLog(dir: string): Promise<string[]> {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
    const config = parseConfig({ DATABASE_PATH: ':memory:', KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'false' });
    const app = await createApp(config, logger);
    await app.start();
    await app.stop();
    return lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  }

  it('tells the administrator once which commune values are still empty', async () => {
    const notes = (await startLog(kb(false))).filter((m) => m.startsWith('Hồ sơ xã còn'));
    expect(notes).toEqual([
      expect.stringContaining('address, workingHours, website, email, oneStopDesk.address, oneStopDesk.hours'),
    ]);
    const filled = (await startLog(kb(true))).filter((m) => m.startsWith('Hồ sơ xã còn'));
    expect(filled).toEqual([
      expect.stringContaining('còn 2 mục chưa cập nhật (hiển thị "chưa cập nhật"): name, province'),
    ]);
  });
});
