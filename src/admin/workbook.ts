/**
 * A new exceljs workbook, with exceljs imported on first use: once loaded it
 * holds about 24 MB of the process's memory, and only spreadsheet reports,
 * quiz exports and sheet imports need it, so an assistant that never writes
 * one never pays for it.
 *
 * @example
 * ```ts
 * const wb = await newWorkbook();
 * wb.addWorksheet('Báo cáo').addRow(['Chỉ tiêu', 'Số liệu']);
 * ```
 */
import type ExcelJS from 'exceljs';

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  return new excel.Workbook();
}
