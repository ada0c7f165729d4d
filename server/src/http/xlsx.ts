/**
 * Excel (.xlsx) exports and imports, shared by every area that hands staff a spreadsheet
 * (settlement's payouts, phone-credit and deduction statements; the hotline's reports): one
 * header row per sheet, cells as given, the download's headers, and reading a returned workbook.
 */
import ExcelJS from 'exceljs';
import type { Context } from 'koa';
import { AppError } from '../errors/app-error.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Cell = string | number | Date | null;

export interface SheetColumn {
  header: string;
  /** Width in characters; Excel's default is narrow for Chinese headers. */
  width?: number;
  /** Kept as text, so long digit strings (phone numbers, grid codes) are not turned into numbers. */
  text?: boolean;
}

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: Cell[][];
  /** Rows after the data, e.g. a 合计 line; set apart in bold. */
  footer?: Cell[][];
}

/** Writes the sheets, in order, into one workbook. */
export async function writeWorkbook(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    sheet.columns = spec.columns.map((column) => ({ header: column.header, width: column.width ?? Math.max(10, column.header.length * 2 + 2) }));
    sheet.getRow(1).font = { bold: true };
    spec.columns.forEach((column, index) => {
      if (column.text) sheet.getColumn(index + 1).numFmt = '@';
    });
    for (const row of spec.rows) sheet.addRow(row);
    for (const row of spec.footer ?? []) sheet.addRow(row).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Answers the request with the workbook as a download named `fileName`. */
export function sendWorkbook(ctx: Context, workbook: Buffer, fileName: string): void {
  ctx.body = workbook;
  ctx.type = XLSX_TYPE;
  ctx.attachment(fileName);
}

/** Reads an uploaded workbook; anything that is not one is a 400 `request.bad_spreadsheet`. */
export async function readWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw AppError.badRequest('request.bad_spreadsheet', 'the file is not an .xlsx workbook');
  }
  return workbook;
}

/** 分 as 元 for a spreadsheet cell (a number, so the sheet can sum it). */
export function yuan(fen: number): number {
  return fen / 100;
}
