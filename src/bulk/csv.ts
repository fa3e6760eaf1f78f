// Reading an uploaded CSV file as a stream of rows with csv-parse: UTF-8 with or without BOM, `;`
// (French Excel), `,` or tab detected from the header line, header names in French or English.
// Problems with the file as a whole (encoding, no e-mail column, broken quoting, too many rows)
// are translated field errors on `file`; problems of one row are the validator's business.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, fail } from '../errors';
import { COLUMNS, type Column, type CsvRow, MAX_ROWS, columnOf, detectDelimiter } from './bulk';

export const FILE_FIELD = 'file';
const SLICE = 64 * 1024;

function firstLine(bytes: Buffer): string {
  const end = bytes.indexOf(0x0a);
  return bytes.subarray(0, end === -1 ? Math.min(bytes.length, SLICE) : end).toString('utf8');
}

/** Maps header cells to columns; refuses a file without an e-mail column or with a column twice. */
function headerMap(cells: string[]): (Column | undefined)[] {
  const columns = cells.map((cell) => columnOf(cell));
  for (const column of COLUMNS) {
    const count = columns.filter((c) => c === column).length;
    if (count > 1) throw fail.field(FILE_FIELD, 'bulk.file.duplicateColumn', { column: cells[columns.lastIndexOf(column)] ?? column });
  }
  if (!columns.includes('email')) throw fail.field(FILE_FIELD, 'bulk.file.noEmail');
  return columns;
}

function toRow(rowNumber: number, columns: (Column | undefined)[], cells: string[]): CsvRow {
  const row: CsvRow = { rowNumber, email: '', name: '', narrative: '', evidence: '', level: '', issued: '', expires: '' };
  columns.forEach((column, i) => {
    if (column) row[column] = (cells[i] ?? '').trim();
  });
  row.email = row.email.toLowerCase();
  return row;
}

/**
 * The data rows of a CSV file, in order, streamed (the parser holds one record at a time). Blank
 * lines are skipped but counted, so `rowNumber` is the spreadsheet's row. Throws a validation
 * AppError on the `file` field when the file itself cannot be read.
 */
export async function* readCsvRows(bytes: Buffer): AsyncGenerator<CsvRow> {
  if (bytes.length === 0) throw fail.field(FILE_FIELD, 'bulk.file.required');
  if (!isUtf8(bytes)) throw fail.field(FILE_FIELD, 'bulk.file.encoding');
  const parser = parse({
    delimiter: detectDelimiter(firstLine(bytes).replace(/^\uFEFF/, '')),
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: 1024 * 1024,
  });
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, at + SLICE);
    })(),
  );
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: (Column | undefined)[] | undefined;
  let rowNumber = 0;
  let dataRows = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (!columns) {
        columns = headerMap(cells);
        continue;
      }
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (++dataRows > MAX_ROWS) throw fail.field(FILE_FIELD, 'bulk.file.tooManyRows', { max: MAX_ROWS });
      yield toRow(rowNumber, columns, cells);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof CsvError) throw fail.field(FILE_FIELD, 'bulk.file.malformed', { line: Number((error as { lines?: number }).lines ?? rowNumber + 1) });
    throw error;
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
  if (!columns) throw fail.field(FILE_FIELD, 'bulk.file.required');
  if (dataRows === 0) throw fail.field(FILE_FIELD, 'bulk.file.empty');
}
