/**
 * Writes the results of a quiz as `<dir>/cuoc-thi-<id>.csv` and `.xlsx`
 * (exceljs): one row per attempt, and on a second sheet the participation
 * and average score per village. Chat channels cannot send files yet, so
 * staff are told the paths.
 *
 * @example
 * ```ts
 * const { csv, xlsx } = await writeQuizExport(service, quiz, 'reports');
 * // reports/cuoc-thi-cchc-2026.csv, reports/cuoc-thi-cchc-2026.xlsx
 * ```
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newWorkbook } from '../admin/workbook.js';
import type { DeclaredQuiz } from '../knowledge/quiz-schema.js';
import { EXPORT_HEADER, exportRows, type QuizResults, toCsv } from './results.js';
import type { QuizService } from './service.js';

/** The per-village rows of the second sheet. */
export function villageRows(r: QuizResults): (string | number)[][] {
  return [
    ['Thôn', 'Số người bắt đầu', 'Số người hoàn thành', 'Điểm trung bình', 'Số người đúng hết'],
    ...r.byVillage.map((v) => [v.name, v.started, v.finished, v.averageScore, v.fullScore]),
    ['Tổng', r.started, r.finished, r.averageScore, r.fullScore],
  ];
}

/** Writes both files; returns their paths and the number of attempts. */
export async function writeQuizExport(
  svc: QuizService,
  quiz: DeclaredQuiz,
  dir: string,
): Promise<{ csv: string; xlsx: string; rows: number }> {
  const attempts = svc.store.allAttempts(quiz.id);
  const rows = exportRows(attempts, svc.villages(), (at) => svc.format(at));
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `cuoc-thi-${quiz.id}.csv`);
  const xlsx = join(dir, `cuoc-thi-${quiz.id}.xlsx`);
  // BOM so spreadsheet programs read the Vietnamese text as UTF-8.
  writeFileSync(csv, `\uFEFF${toCsv([EXPORT_HEADER, ...rows])}`, 'utf8');
  const wb = await newWorkbook();
  wb.creator = 'Trợ lý xã';
  const ws = wb.addWorksheet('Bài thi');
  ws.addRows([EXPORT_HEADER, ...rows]);
  ws.getRow(1).font = { bold: true };
  for (const [i, c] of ws.columns.entries()) c.width = [10, 20, 14, 18, 18, 12, 8, 10][i] ?? 12;
  const wv = wb.addWorksheet('Theo thôn');
  wv.addRows(villageRows(svc.results(quiz)));
  wv.getRow(1).font = { bold: true };
  for (const [i, c] of wv.columns.entries()) c.width = [24, 16, 18, 16, 18][i] ?? 12;
  writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()));
  return { csv, xlsx, rows: rows.length };
}
