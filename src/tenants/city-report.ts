/**
 * The city-wide CCHC report: one row per commune (questions, answers,
 * feedback, satisfaction, announcements, plan targets met) and the city's
 * total, from each commune's own database, as Markdown and CSV. It holds
 * counts only, never a resident's message or personal data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsFromConfig } from '../admin/admin-commands.js';
import type { Period } from '../admin/period.js';
import { collectReport, type ReportData } from '../admin/report-data.js';
import { csvField } from '../admin/report-render.js';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { loadKnowledge } from '../knowledge/loader.js';
import { ParseCache } from '../knowledge/shared.js';
import { openDatabase } from '../storage/db.js';
import type { Tenant } from './registry.js';

/** One commune's line of the city report. */
export interface CityReportRow {
  id: string;
  commune: string;
  questions: number;
  answered: number;
  tickets: number;
  ticketsAnswered: number;
  respondents: number;
  satisfaction: number | null;
  announcements: number | null;
  cchcNews: number | null;
  targetsMet: number;
  targets: number;
}

const COLUMNS: [keyof CityReportRow, string][] = [
  ['id', 'ma_xa'],
  ['commune', 'xa'],
  ['questions', 'cau_hoi'],
  ['answered', 'tra_loi_duoc'],
  ['tickets', 'phan_anh'],
  ['ticketsAnswered', 'phan_anh_da_tra_loi'],
  ['respondents', 'nguoi_danh_gia'],
  ['satisfaction', 'diem_hai_long_tb'],
  ['announcements', 'thong_bao_da_gui'],
  ['cchcNews', 'tin_cchc'],
  ['targetsMet', 'chi_tieu_dat'],
  ['targets', 'chi_tieu'],
];

function rowOf(t: Tenant, commune: string, d: ReportData): CityReportRow {
  const ann = d.announcements.available ? d.announcements : undefined;
  return {
    id: t.id,
    commune,
    questions: d.questions.total,
    answered: d.questions.answered,
    tickets: d.tickets.received,
    ticketsAnswered: d.tickets.answeredOfReceived,
    respondents: d.satisfaction.respondents,
    satisfaction: d.satisfaction.average,
    announcements: ann ? ann.runs : null,
    cchcNews: ann ? ann.cchcNews : null,
    targetsMet: d.targets.filter((c) => c.met === true).length,
    targets: d.targets.filter((c) => c.met !== null).length,
  };
}

/**
 * Collects every commune's figures for `period`.
 *
 * @example
 * ```ts
 * const rows = cityReportRows(readTenants(process.env, city), parsePeriod('2026Q3', 'Asia/Ho_Chi_Minh')!);
 * rows.map((r) => `${r.commune}: ${r.questions}`);
 * ```
 */
export function cityReportRows(tenants: readonly Tenant[], period: Period, now = Date.now()): CityReportRow[] {
  const cache = new ParseCache();
  return tenants.map((t) => {
    const kb = loadKnowledge(t.config.KNOWLEDGE_DIR, [], { ...loadOptionsFromConfig(t.config), cache });
    const db = openDatabase(t.config.databasePath, ALL_MIGRATIONS);
    try {
      const d = collectReport(db, period, {
        ...(kb.ok ? { kb: kb.kb } : {}),
        targets: targetsFromConfig(t.config),
        now,
      });
      return rowOf(t, kb.ok ? (kb.kb.commune.name ?? t.id) : t.id, d);
    } finally {
      db.close();
    }
  });
}

/** The city's total: sums, and the satisfaction averaged over all respondents. */
export function cityTotal(rows: readonly CityReportRow[]): CityReportRow {
  const sum = (
    k: 'questions' | 'answered' | 'tickets' | 'ticketsAnswered' | 'respondents' | 'targetsMet' | 'targets',
  ) => rows.reduce((s, r) => s + r[k], 0);
  const sumOrNull = (k: 'announcements' | 'cchcNews') =>
    rows.some((r) => r[k] !== null) ? rows.reduce((s, r) => s + (r[k] ?? 0), 0) : null;
  const rated = rows.filter((r) => r.satisfaction !== null && r.respondents > 0);
  const respondents = rated.reduce((s, r) => s + r.respondents, 0);
  return {
    id: '',
    commune: 'Toàn thành phố',
    questions: sum('questions'),
    answered: sum('answered'),
    tickets: sum('tickets'),
    ticketsAnswered: sum('ticketsAnswered'),
    respondents: sum('respondents'),
    satisfaction:
      respondents > 0
        ? Math.round((rated.reduce((s, r) => s + r.satisfaction! * r.respondents, 0) / respondents) * 100) / 100
        : null,
    announcements: sumOrNull('announcements'),
    cchcNews: sumOrNull('cchcNews'),
    targetsMet: sum('targetsMet'),
    targets: sum('targets'),
  };
}

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)}%` : '–');
const cell = (v: string | number | null) => (v === null ? '–' : String(v).replace(/\|/g, '\\|'));

/** The report as Markdown: a table of communes, the city's total last. */
export function cityReportMarkdown(rows: readonly CityReportRow[], period: Period): string {
  const total = cityTotal(rows);
  const line = (r: CityReportRow) =>
    `| ${cell(r.commune)} | ${r.questions} | ${pct(r.answered, r.questions)} | ${r.tickets} | ${pct(r.ticketsAnswered, r.tickets)} | ${r.respondents} | ${cell(r.satisfaction)} | ${cell(r.announcements)} | ${cell(r.cchcNews)} | ${r.targetsMet}/${r.targets} |`;
  return [
    `# Báo cáo CCHC toàn thành phố — ${period.title}`,
    '',
    `${rows.length} xã, phường. Số liệu do trợ lý ảo của từng xã tự tổng hợp; không chứa thông tin cá nhân.`,
    '',
    '| Xã, phường | Câu hỏi | Trả lời được | Phản ánh | Đã trả lời | Người đánh giá | Điểm hài lòng | Thông báo | Tin CCHC | Chỉ tiêu đạt |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(line),
    line(total).replace(/^\| ([^|]+) \|/, '| **$1** |'),
    '',
  ].join('\n');
}

/** The report as CSV, one row per commune and the total last (column names in ASCII, as the commune report). */
export function cityReportCsv(rows: readonly CityReportRow[]): string {
  const all = [...rows, cityTotal(rows)];
  return `${[COLUMNS.map(([, h]) => h), ...all.map((r) => COLUMNS.map(([k]) => r[k]))].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** Writes `bao-cao-thanh-pho-<kỳ>.md` and `.csv` under `dir`; returns their paths. */
export function writeCityReport(
  rows: readonly CityReportRow[],
  period: Period,
  dir: string,
): { markdown: string; csv: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `bao-cao-thanh-pho-${period.label}`);
  writeFileSync(`${base}.md`, cityReportMarkdown(rows, period));
  writeFileSync(`${base}.csv`, cityReportCsv(rows));
  return { markdown: `${base}.md`, csv: `${base}.csv` };
}
