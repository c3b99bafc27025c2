/**
 * The CCHC report as an Excel workbook (exceljs): the rows of the CSV on one
 * sheet, with a header row and column widths, for communes that file their
 * quarterly report as a spreadsheet.
 */
import { newWorkbook } from './workbook.js';
import { reportRows } from './report-render.js';
import type { ReportData } from './report-data.js';

/** The report as an .xlsx file's bytes. */
export async function reportXlsx(d: ReportData): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Trợ lý xã';
  const ws = wb.addWorksheet(`Báo cáo ${d.period.label}`);
  ws.addRows(reportRows(d));
  ws.getRow(1).font = { bold: true };
  for (const [i, c] of ws.columns.entries()) c.width = [12, 28, 40, 14, 12, 12][i] ?? 12;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
