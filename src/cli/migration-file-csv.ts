/** The CSV part of a migration file, parsed with csv-parse; errors name the line as a text editor shows it. */
import { parse } from 'csv-parse/sync';
import { checkRowCount, MigrationFileError } from './migration-file-error';
import { lineStarts } from './migration-file-utf8';
import {
  ALLOWED_COLUMNS,
  isMigrationColumn,
  MIGRATION_COLUMNS,
  type MigrationColumn,
  type MigrationRow,
} from './migration-row';

/** csv-parse's error codes, in words. Its own messages name lines that are off after CRLF inside quotes. */
const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'unbalanced quote: a quoted field is never closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field; quote the whole field and double the quotes inside it',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters; double the quotes inside a quoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a closing quote is followed by other characters; double the quotes inside a quoted field',
};

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The rows of a CSV migration file: a header naming known columns, then one row per non-blank line. */
export function parseCsvRows(bytes: Buffer, path: string): MigrationRow[] {
  const lines = lineStarts(bytes);
  /** The line of the record that starts after byte `end`: the first non-space byte, as blank lines are skipped. */
  const lineAfter = (end: number): number => {
    let i = end;
    while (i < bytes.length && isSpace(bytes[i])) i++;
    return lines.lineAt(i);
  };
  const records: Array<{ cells: string[]; line: number }> = [];
  let end = 0;
  try {
    parse(bytes, {
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context: { bytes: number }) => {
        const cells = record.map((cell) => cell.trim());
        if (cells.some((cell) => cell !== '')) records.push({ cells, line: lineAfter(end) });
        end = context.bytes;
        return null;
      },
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const problem = (typeof code === 'string' && CSV_PROBLEMS[code]) || `malformed CSV (${(err as Error).message})`;
    const line = lineAfter(end);
    throw new MigrationFileError(path, `${path} line ${line}: ${problem}`, { line }, err);
  }
  const [header, ...data] = records;
  if (header === undefined) return [];
  const columns = checkHeader(header.cells, header.line, path);
  checkRowCount(path, data.length);
  return data.map(({ cells, line }) => {
    if (cells.length !== columns.length) {
      throw new MigrationFileError(
        path,
        `${path} line ${line}: the row has ${cells.length} fields but the header has ${columns.length} ` +
          `(${columns.join(', ')})${cells.length > columns.length ? '; quote fields that contain commas' : ''}`,
        { line },
      );
    }
    const row: MigrationRow = {};
    columns.forEach((column, i) => {
      const cell = cells[i];
      if (cell !== undefined && cell !== '') row[column] = cell;
    });
    return row;
  });
}

/** Checks the header names only known columns, each once, including folderId; returns them in file order. */
function checkHeader(cells: string[], line: number, path: string): MigrationColumn[] {
  const fail = (problem: string): MigrationFileError =>
    new MigrationFileError(path, `${path} line ${line}: ${problem}`, { line });
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (!isMigrationColumn(cell)) {
      const near = MIGRATION_COLUMNS.find((c) => c.toLowerCase() === cell.toLowerCase().replace(/[\s_-]/g, ''));
      const hint = near
        ? ` (did you mean "${near}"?)`
        : /^\d/.test(cell)
          ? ' (the first line must be a header row naming the columns)'
          : '';
      throw fail(
        `unknown column ${JSON.stringify(cell)} (column ${i + 1}); allowed columns: ${ALLOWED_COLUMNS}${hint}`,
      );
    }
    const first = seen.get(cell);
    if (first !== undefined) throw fail(`column "${cell}" appears twice (columns ${first + 1} and ${i + 1})`);
    seen.set(cell, i);
  });
  if (!seen.has('folderId')) {
    throw fail(`the header has no folderId column (found: ${cells.join(', ')}); allowed columns: ${ALLOWED_COLUMNS}`);
  }
  return cells as MigrationColumn[];
}
