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
  return parseCsv(text, { columns: (h: string[]) => h.map((x) => x.trim()), skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
}

