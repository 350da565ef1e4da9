/** The JSON part of a migration file; errors name the array index. */
import { describeValue } from '../common/invalid-input';
import { checkRowCount, MigrationFileError } from './migration-file-error';
import { ALLOWED_COLUMNS, isMigrationColumn, type MigrationRow } from './migration-row';

const JSON_SHAPE = '{ folderId, name?, parentFolderId? }';

/** The rows of a JSON migration file: an array of `{ folderId, name?, parentFolderId? }`. */
export function parseJsonRows(text: string, path: string): MigrationRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MigrationFileError(path, `${path} is not valid JSON: ${(err as Error).message}`, {}, err);
  }
  if (!Array.isArray(data)) {
    throw new MigrationFileError(path, `${path} must be a JSON array of ${JSON_SHAPE}, got ${describeValue(data)}`);
  }
  checkRowCount(path, data.length);
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
    if (!isMigrationColumn(key)) {
      throw fail(`unknown key ${JSON.stringify(key)}; allowed keys: ${ALLOWED_COLUMNS}`);
    }
    if (value === null) continue;
    if (typeof value === 'string') row[key] = value;
    else if (typeof value === 'number') {
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw fail(`"${key}" is a number too large to read exactly (it reads as ${value}); write it as a string`);
      }
      row[key] = String(value);
    } else throw fail(`"${key}" must be a string or a number (or null), got ${describeValue(value)}`);
  }
  return row;
}
