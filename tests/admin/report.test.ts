import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminMigrations } from '../../src/admin/migrations.js';
import { parsePeriod } from '../../src/admin/period.js';
import { collectReport, median } from '../../src/admin/report-data.js';
import { writeReportFiles } from '../../src/admin/report-files.js';
import { answerTicket, createTicket, rateTicket } from '../../src/admin/tickets.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import type { KnowledgeBase } from '../../src/knowledge/model.js';
import { coreMigrations, recordAnswerFeedback, recordQuestion } from '../../src/storage/core.js';
import { openDatabase, type Db } from '../../src/storage/db.js';
import { makeTestApp, replyText } from './helpers.js';

const H = 3_600_000;
/** Local (UTC+7) time as epoch ms. */
const vn = (y: number, m: number, d: number, h = 9) => Date.UTC(y, m - 1, d, h - 7);

function fill(db: Db, withAnnouncements: boolean): void {
  let n = 0;
  const q = (
    ts: number,
    best: string | null,
    answered: boolean,
    normalized = `q${n++}`,
    decision = answered ? 'answer' : 'no-match',
  ) =>
    recordQuestion(db, {
      channel: 'telegram',
      userHash: `u${n}`,
      normalized,
      bestId: best,
      score: best ? 0.5 : null,
      decision,
      answered,
      latencyMs: 1,
      ts,
    });
  const a1 = q(vn(2026, 1, 5), 'khai-sinh', true);
  const a2 = q(vn(2026, 2, 5), 'khai-sinh', true);
  q(vn(2026, 3, 31, 23), 'khai-sinh', true);
  q(vn(2026, 3, 1), 'hotline-ubnd', true);
  q(vn(2026, 3, 2), null, false, 'gia vang hom nay', 'off-topic');
  q(vn(2026, 3, 3), null, false, 'gia vang hom nay', 'off-topic');
  q(vn(2026, 3, 4), 'ket-hon', false, 'dang ky ket hon o dau', 'suggest');
  q(vn(2026, 1, 1, 0), 'khai-sinh', true); // first instant of the quarter (local midnight)
  q(vn(2025, 12, 31, 23), 'khai-sinh', false, 'truoc ky'); // before
  q(vn(2026, 4, 1, 0), 'khai-sinh', false, 'sau ky'); // after
  recordAnswerFeedback(db, a1, 'x', true, vn(2026, 1, 6));
  recordAnswerFeedback(db, a2, 'y', true, vn(2026, 2, 6));
  recordAnswerFeedback(db, a2, 'z', false, vn(2026, 2, 6));

  const t = (created: number, answeredAfterH: number | null) => {
    const id = createTicket(db, {
      channel: 'zalo-oa',
      userHash: 'h',
      userId: 'u',
      chatId: 'u',
      phone: '0912345678',
      content: 'nội dung',
      now: created,
    });
    if (answeredAfterH !== null) answerTicket(db, id, 'trả lời', 's', created + answeredAfterH * H);
    return id;
  };
  const t1 = t(vn(2026, 2, 1), 2);
  const t2 = t(vn(2026, 2, 10), 10);
  t(vn(2026, 3, 30), 72); // answered in April: open at the end of Q1
  t(vn(2025, 12, 31, 10), 30); // received in Q4, answered in Q1
  t(vn(2026, 3, 15), null); // never answered
  rateTicket(db, t1, 'access', 5, vn(2026, 2, 2));
  rateTicket(db, t1, 'procedure', 4, vn(2026, 2, 2));
  rateTicket(db, t2, 'access', 3, vn(2026, 2, 11));
  rateTicket(db, t2, 'result', 2, vn(2026, 4, 11)); // rated after the quarter

  if (!withAnnouncements) return;
  const ann = db.prepare(
    `INSERT INTO ann_announcements (body, audience, schedule_kind, status, created_at, updated_at) VALUES ('b', ?, 'now', 'done', 0, 0)`,
  );
  const job = db.prepare(
    `INSERT INTO ann_jobs (announcement_id, run_at, status, content, started_at) VALUES (?, ?, ?, 'c', ?)`,
  );
  const out = db.prepare(`INSERT INTO ann_outbox (job_id, channel, chat_id, status) VALUES (?, ?, ?, ?)`);
  const send = (audience: object, at: number, status: string, rows: [string, string][]) => {
    const a = Number(ann.run(JSON.stringify(audience)).lastInsertRowid);
    const j = Number(job.run(a, at, status, at).lastInsertRowid);
    for (const [i, [ch, st]] of rows.entries()) out.run(j, ch, `c${i}`, st);
  };
  const cchc = { kind: 'topic', topic: 'cchc' };
  send(cchc, vn(2026, 2, 5), 'done', [
    ['telegram', 'sent'],
    ['telegram', 'sent'],
    ['telegram', 'sent'],
    ['zalo-oa', 'sent'],
    ['zalo-oa', 'sent'],
    ['zalo-oa', 'failed'],
  ]);
  send(cchc, vn(2026, 3, 5), 'done', [['telegram', 'sent']]);
  send({ kind: 'topic', topic: 'chung' }, vn(2026, 3, 6), 'done', [
    ['telegram', 'sent'],
    ['telegram', 'sent'],
  ]);
  send(cchc, vn(2026, 4, 5), 'done', [['telegram', 'sent']]); // next quarter
  send(cchc, vn(2026, 3, 7), 'cancelled', [['telegram', 'cancelled']]);
  send(cchc, vn(2026, 3, 8), 'done', [['zalo-oa', 'failed']]); // reached nobody: not a news item sent
}

describe('CCHC report figures', () => {
  let kb: KnowledgeBase;
  let dir: string;
  beforeAll(() => {
    const r = loadKnowledge('tests/admin/fixtures/kb');
    if (!r.ok) throw new Error('fixture knowledge invalid');
    kb = r.kb;
    dir = mkdtempSync(join(tmpdir(), 'report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses periods in the commune time zone', () => {
    const q1 = parsePeriod('2026Q1')!;
    expect([q1.from, q1.to, q1.months, q1.title]).toEqual([vn(2026, 1, 1, 0), vn(2026, 4, 1, 0), 3, 'Quý I/2026']);
    expect(parsePeriod('2026-03')).toMatchObject({ from: vn(2026, 3, 1, 0), to: vn(2026, 4, 1, 0), months: 1 });
    expect(parsePeriod('2026-12')).toMatchObject({ to: vn(2027, 1, 1, 0) });
    expect(parsePeriod('2026H2')).toMatchObject({ from: vn(2026, 7, 1, 0), months: 6 });
    expect(parsePeriod('2026')).toMatchObject({ from: vn(2026, 1, 1, 0), to: vn(2027, 1, 1, 0), months: 12 });
    for (const bad of ['2026Q5', '2026-13', 'Q1', '', '26']) expect(parsePeriod(bad)).toBeUndefined();
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('computes every figure from a database filled by the test', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    fill(db, true);
    const d = collectReport(db, parsePeriod('2026Q1')!, {
      kb,
      targets: { cchcNewsPerMonth: 2, answeredPct: 60, ticketResponseHours: 8, satisfaction: 4.5 },
    });
    expect(d.questions).toMatchObject({ total: 8, answered: 5, answeredPct: 62.5, helpful: 2, notHelpful: 1 });
    expect(d.questions.byTopic).toEqual([
      { topic: 'Thủ tục: Hộ tịch', total: 5, answered: 4 },
      { topic: '(không xác định)', total: 2, answered: 0 },
      { topic: 'Đường dây nóng', total: 1, answered: 1 },
    ]);
    expect(d.questions.topUnanswered.map((g) => [g.normalized, g.count])).toEqual([
      ['gia vang hom nay', 2],
      ['dang ky ket hon o dau', 1],
    ]);
    expect(d.tickets).toEqual({
      received: 4,
      answered: 3,
      answeredOfReceived: 2,
      openAtEnd: 2,
      medianResponseMs: 10 * H,
    });
    expect(d.satisfaction.respondents).toBe(2);
    expect(d.satisfaction.average).toBe(4);
    expect(d.satisfaction.factors.map((f) => [f.key, f.count, f.average])).toEqual([
      ['access', 2, 4],
      ['procedure', 1, 4],
      ['official', 0, null],
      ['result', 0, null],
      ['feedback', 0, null],
    ]);
    expect(d.announcements).toEqual({
      available: true,
      runs: 3,
      cchcNews: 2,
      byTopic: [
        { topic: 'cchc', runs: 2, reached: 6 },
        { topic: 'chung', runs: 1, reached: 2 },
      ],
      byChannel: [
        { channel: 'telegram', reached: 6, failed: 0 },
        { channel: 'zalo-oa', reached: 2, failed: 2 },
      ],
    });
    expect(d.targets.map((c) => [c.name, c.actual, c.met])).toEqual([
      ['Tin CCHC đã gửi', '2', false],
      ['Tỷ lệ câu hỏi được trả lời', '62.5%', true],
      ['Thời gian trả lời phản ánh (trung vị)', '10 giờ', false],
      ['Mức hài lòng trung bình', '4/5', false],
    ]);
    // One month: March only.
    const march = collectReport(db, parsePeriod('2026-03')!, { kb });
    expect(march.questions.total).toBe(5);
    expect(march.targets[0]).toMatchObject({ target: '≥ 2 (2/tháng)', actual: '1', met: false });
  });

  it('writes Markdown and CSV files with the same figures', () => {
    const db = openDatabase(':memory:', ALL_MIGRATIONS);
    fill(db, true);
    const r = writeReportFiles(db, parsePeriod('2026Q1')!, { dir, kb, now: vn(2026, 4, 2) });
    const md = readFileSync(r.markdown, 'utf8');
    expect(r.markdown).toBe(join(dir, 'bao-cao-2026Q1.md'));
    expect(md).toContain('# Báo cáo kết quả trợ lý ảo Xã Thử Nghiệm: Quý I/2026');
    expect(md).toContain('- Trả lời được: 5 (62.5%)');
    expect(md).toContain('| Thủ tục: Hộ tịch | 5 | 4 | 80% |');
    expect(md).toContain('| gia vang hom nay | 2 | ngoài phạm vi | – |');
    expect(md).toContain('- Thời gian trả lời (trung vị): 10 giờ');
    expect(md).toContain('| Tin CCHC đã gửi | ≥ 6 (2/tháng) | 2 | Chưa đạt |');
    expect(md).toContain('| zalo-oa | 2 | 2 |');
    expect(md).not.toContain('0912345678');
    const csv = readFileSync(r.csv, 'utf8');
    expect(csv.startsWith('\uFEFFphan,chi_so,muc,gia_tri,chi_tieu,danh_gia\r\n')).toBe(true);
    expect(csv).toContain('cau_hoi,ty_le_tra_loi_pct,,62.5,,\r\n');
    expect(csv).toContain('phan_anh,trung_vi_gio,,10,,\r\n');
    expect(csv).toContain('thong_bao,nguoi_nhan_theo_kenh,telegram,6,,\r\n');
    expect(csv).toContain('chi_tieu,Tin CCHC đã gửi,,2,≥ 6 (2/tháng),Chưa đạt\r\n');
  });

  it('tolerates a database without the announcement tables and says so', () => {
    const db = openDatabase(':memory:', [...coreMigrations, ...adminMigrations]);
    fill(db, false);
    const d = collectReport(db, parsePeriod('2026Q1')!, { kb });
    expect(d.announcements.available).toBe(false);
    expect(d.targets[0]).toMatchObject({ actual: 'không có dữ liệu', met: null });
    expect(d.tickets.received).toBe(4);
    const r = writeReportFiles(db, parsePeriod('2026Q1')!, { dir: join(dir, 'x'), kb });
    expect(readFileSync(r.markdown, 'utf8')).toContain('_Không có số liệu: chưa có dữ liệu thông báo');
  });

  it('gives admins the same summary in chat', async () => {
    const t = await makeTestApp({ ADMIN_IDS: 'telegram:admin1' });
    try {
      fill(t.app.db, true);
      const r = await t.say('telegram', 'admin1', '/baocao 2026Q1');
      const text = replyText(r[0]!);
      expect(r[0]!.title).toBe('Báo cáo Quý I/2026');
      expect(text).toContain('8 câu hỏi, trả lời được 5 (62.5%)');
      expect(text).toContain('Tiếp nhận 4, đã trả lời 3, còn 2');
      expect(text).toContain('Thời gian trả lời (trung vị): 10 giờ');
      expect(text).toContain('Hài lòng: 4/5 (2 phản ánh)');
      expect(text).toContain('3 lượt gửi, trong đó 2 tin CCHC.');
      expect(text).toContain('Tin CCHC đã gửi: 2 / ≥ 6 (2/tháng) · Chưa đạt');
      const bad = await t.say('telegram', 'admin1', '/baocao quy1');
      expect(bad[0]!.kind).toBe('error');
    } finally {
      await t.close();
    }
  });

  it('runs as `npm run report -- --quarter 2026Q1`', () => {
    const dbPath = join(dir, 'cli.db');
    const db = openDatabase(dbPath, ALL_MIGRATIONS);
    fill(db, true);
    db.close();
    const out = join(dir, 'cli-out');
    const env = {
      ...process.env,
      DATABASE_PATH: dbPath,
      KNOWLEDGE_DIR: 'tests/admin/fixtures/kb',
      REPORTS_DIR: out,
      LOG_LEVEL: 'silent',
    };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', '--quarter', '2026Q1'], {
      env,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Báo cáo Quý I/2026: 8 câu hỏi (trả lời được 62.5%), 4 phản ánh.');
    expect(readFileSync(join(out, 'bao-cao-2026Q1.csv'), 'utf8')).toContain('cau_hoi,tong,,8,,');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', '--month', '2026Q1'], {
      env,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('không đúng dạng');
  });
});
