/**
 * Reads the file of `temporal-hubspot-files migrate <file>`: a UTF-8 CSV or JSON list of folder updates.
 *
 * This checks only the file's shape (encoding, syntax, columns, keys, value types, row count). It does not judge rows:
 * a missing `folderId`, a duplicate, or a row with neither `name` nor `parentFolderId` is kept, and the workflow
 * turns it into a FAILED item so that the valid rows still run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describeValue } from '../common/invalid-input';
import { MAX_MIGRATION_UPDATES } from '../workflows/migration-types';

/** One row as read from the file: raw values, not yet validated for meaning (the workflow validates rows). */
export interface MigrationRow {
  folderId?: string;
  name?: string;
  parentFolderId?: string;
}

/** A migration file, read and checked for shape. */
export interface MigrationFile {
  /** The path as given, used in messages. */
  path: string;
  /** From the extension (`.csv`, `.json`, any case), else sniffed: JSON when the first non-space character is `[`. */
  format: 'csv' | 'json';
  /** The rows in file order; blank CSV lines are not rows. 1 to {@link MAX_MIGRATION_ROWS}. */
  rows: MigrationRow[];
  /** sha256 hex of the file bytes */
  sha256: string;
}

/** Where in the file a {@link MigrationFileError} is. */
export interface MigrationFileErrorLocation {
  /** 1-based line, as a text editor shows it (CSV). */
  line?: number;
  /** 0-based array index (JSON). */
  index?: number;
}

/** The file cannot be used as it is. The message names the file, the line (CSV) or index (JSON), and the problem. */
export class MigrationFileError extends Error {
  override readonly name = 'MigrationFileError';
  /** The file's path, as given. */
  readonly file: string;
  /** 1-based line of a CSV problem; undefined when the problem has no line. */
  readonly line: number | undefined;
  /** 0-based array index of a JSON problem; undefined when the problem has no index. */
  readonly index: number | undefined;

  /** `message` is complete (it already names the file); `cause` is the underlying parser or file-system error. */
  constructor(file: string, message: string, location: MigrationFileErrorLocation = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.file = file;
    this.line = location.line;
    this.index = location.index;
  }
}

/** Largest number of rows one migration accepts: the `migrateFolders` workflow's limit. */
export const MAX_MIGRATION_ROWS = MAX_MIGRATION_UPDATES;

const COLUMNS = ['folderId', 'name', 'parentFolderId'] as const;
type Column = (typeof COLUMNS)[number];
const ALLOWED = COLUMNS.join(', ');
const JSON_SHAPE = '{ folderId, name?, parentFolderId? }';

/** Reads `path` and parses it with {@link parseMigrationFile}; a read failure becomes a {@link MigrationFileError}. */
export async function readMigrationFile(path: string): Promise<MigrationFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new MigrationFileError(path, `cannot read ${path}: ${(err as Error).message}`, {}, err);
  }
  return parseMigrationFile(bytes, path);
}

/** Parses a migration file's bytes. Pure; `path` picks the format by extension and names the file in errors. */
export function parseMigrationFile(bytes: Uint8Array, path: string): MigrationFile {
  const body = decodeUtf8(bytes, path);
  const ext = extname(path).toLowerCase();
  const format =
    ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : body.text.trimStart().startsWith('[') ? 'json' : 'csv';
  const rows = format === 'json' ? parseJsonRows(body.text, path) : parseCsvRows(body.bytes, path);
  if (rows.length === 0) throw new MigrationFileError(path, `${path} has no rows`);
  return { path, format, rows, sha256: createHash('sha256').update(bytes).digest('hex') };
}

// ---- encoding ----

const BOMS: ReadonlyArray<[number[], string]> = [
  [[0xff, 0xfe, 0x00, 0x00], 'a UTF-32 LE byte-order mark'],
  [[0x00, 0x00, 0xfe, 0xff], 'a UTF-32 BE byte-order mark'],
  [[0xff, 0xfe], 'a UTF-16 LE byte-order mark'],
  [[0xfe, 0xff], 'a UTF-16 BE byte-order mark'],
];

/** Checks the bytes are UTF-8 text and not empty; returns them without a UTF-8 BOM, and as text. */
function decodeUtf8(bytes: Uint8Array, path: string): { bytes: Buffer; text: string } {
  const notUtf8 = (found: string): MigrationFileError =>
    new MigrationFileError(path, `${path} is UTF-16 (or binary); save it as UTF-8 (found ${found})`);
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom) throw notUtf8(bom[1]);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw notUtf8(`a NUL byte at byte offset ${nul}`);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const rest = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rest);
  } catch (err) {
    const offset = start + invalidUtf8Offset(rest);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const line = lineStarts(bytes).lineAt(offset);
    throw new MigrationFileError(
      path,
      `${path} is not valid UTF-8: byte 0x${byte} at byte offset ${offset} (line ${line}); save it as UTF-8`,
      { line },
      err,
    );
  }
  if (text.trim() === '') throw new MigrationFileError(path, `${path} is empty`);
  return { bytes: rest, text };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence; -1 when none. */
function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Well-formed sequences (Unicode table 3-7): the lead byte fixes the length and the range of the second byte.
    let len: number,
      lo = 0x80,
      hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) [len, lo, hi] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [len, lo, hi] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

/** Maps byte offsets to 1-based lines; a line ends at LF, CRLF or a lone CR. */
function lineStarts(bytes: Uint8Array): { lineAt(offset: number): number } {
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) starts.push(i + 1);
  }
  return {
    lineAt(offset) {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((starts[mid] as number) <= offset) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    },
  };
}

function tooManyRows(path: string, count: number): MigrationFileError {
  return new MigrationFileError(
    path,
    `${path} has ${count} rows; one migration takes at most ${MAX_MIGRATION_ROWS}: split the file`,
  );
}

// ---- CSV ----

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

function parseCsvRows(bytes: Buffer, path: string): MigrationRow[] {
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
  if (data.length > MAX_MIGRATION_ROWS) throw tooManyRows(path, data.length);
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
function checkHeader(cells: string[], line: number, path: string): Column[] {
  const fail = (problem: string): MigrationFileError =>
    new MigrationFileError(path, `${path} line ${line}: ${problem}`, { line });
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (!(COLUMNS as readonly string[]).includes(cell)) {
      const near = COLUMNS.find((c) => c.toLowerCase() === cell.toLowerCase().replace(/[\s_-]/g, ''));
      const hint = near
        ? ` (did you mean "${near}"?)`
        : /^\d/.test(cell)
          ? ' (the first line must be a header row naming the columns)'
          : '';
      throw fail(`unknown column ${JSON.stringify(cell)} (column ${i + 1}); allowed columns: ${ALLOWED}${hint}`);
    }
    const first = seen.get(cell);
    if (first !== undefined) throw fail(`column "${cell}" appears twice (columns ${first + 1} and ${i + 1})`);
    seen.set(cell, i);
  });
  if (!seen.has('folderId')) {
    throw fail(`the header has no folderId column (found: ${cells.join(', ')}); allowed columns: ${ALLOWED}`);
  }
  return cells as Column[];
}

// ---- JSON ----

function parseJsonRows(text: string, path: string): MigrationRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MigrationFileError(path, `${path} is not valid JSON: ${(err as Error).message}`, {}, err);
  }
  if (!Array.isArray(data)) {
    throw new MigrationFileError(path, `${path} must be a JSON array of ${JSON_SHAPE}, got ${describeValue(data)}`);
  }
  if (data.length > MAX_MIGRATION_ROWS) throw tooManyRows(path, data.length);
  return data.map((element: unknown, index) => jsonRow(element, index, path));
}

function jsonRow(element: unknown, index: number, path: string): MigrationRow {
  const fail = (problem: string): MigrationFileError =>
    new MigrationFileError(path, `${path} element at index ${index}: ${problem}`, { index });
  if (element === null || typeof element !== 'object' || Array.isArray(element)) {
    throw fail(`must be an object ${JSON_SHAPE}, got ${describeValue(element)}`);
  }
  const row: MigrationRow = {};
  for (const [key, value] of Object.entries(element)) {
    if (!(COLUMNS as readonly string[]).includes(key)) {
      throw fail(`unknown key ${JSON.stringify(key)}; allowed keys: ${ALLOWED}`);
    }
    if (value === null) continue;
    if (typeof value === 'string') row[key as Column] = value;
    else if (typeof value === 'number') {
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw fail(`"${key}" is a number too large to read exactly (it reads as ${value}); write it as a string`);
      }
      row[key as Column] = String(value);
    } else throw fail(`"${key}" must be a string or a number (or null), got ${describeValue(value)}`);
  }
  return row;
}
