import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return String(value);
};

/** Reads CSV (UTF-8, with or without BOM) or XLSX (first sheet) into header-keyed rows. */
export async function readTable(content: Buffer): Promise<Record<string, string>[]> {
  if (content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const headers: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col - 1] = cellText(cell.value).trim()));
    const rows: Record<string, string>[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const record: Record<string, string> = {};
      headers.forEach((h, i) => (record[h] = cellText(row.getCell(i + 1).value).trim()));
      if (Object.values(record).some((v) => v !== '')) rows.push(record);
    }
    return rows;
  }
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  return parseCsv(text, {
    columns: (h: string[]) => h.map((x) => x.trim()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

export interface Column {
  key: string;
  label: string;
  /** Integer fen shown as yuan with two decimals. */
  money?: boolean;
}
export type Cell = string | number | boolean | null | undefined;

/** A CSV cell a spreadsheet would run as a formula (=, +, -, @ at the start of text) is written as text. */
const guard = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const yuanText = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** A cell's value; `text` as is for XLSX, where a string cell is text and never runs as a formula. */
function cellOut(c: Column, v: Cell, asCsv = true): string | number {
  if (v === null || v === undefined) return '';
  if (c.money && typeof v === 'number') return yuanText(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return v;
  return asCsv ? guard(v) : v;
}

/** CSV for Excel in China: UTF-8 with a BOM, CRLF, every text quoted where needed. */
export function writeCsv(columns: readonly Column[], rows: readonly Record<string, Cell>[]): Buffer {
  const quote = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => quote(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => quote(cellOut(c, r[c.key]))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet, bold header, money as numbers formatted #,##0.00 (exact: fen / 100 has two decimals). */
export async function writeXlsx(sheetName: string, columns: readonly Column[], rows: readonly Record<string, Cell>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '集采 · 政府采购电子卖场';
  const sheet = wb.addWorksheet(sheetName.slice(0, 31) || 'Sheet1');
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.min(60, Math.max(10, c.label.length * 2 + 4)) }));
  for (const r of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((c) => [c.key, c.money && typeof r[c.key] === 'number' ? (r[c.key] as number) / 100 : cellOut(c, r[c.key], false)]),
      ),
    );
  }
  columns.forEach((c, i) => {
    if (c.money) sheet.getColumn(i + 1).numFmt = '#,##0.00';
  });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const tableContentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The file and its headers for a download of a table. */
export async function tableFile(format: 'csv' | 'xlsx', name: string, columns: readonly Column[], rows: readonly Record<string, Cell>[]) {
  const body = format === 'csv' ? writeCsv(columns, rows) : await writeXlsx(name, columns, rows);
  return {
    body,
    contentType: tableContentTypes[format],
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
  };
}
