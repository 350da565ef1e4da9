/**
 * Reads the file of `temporal-hubspot-files migrate <file>`: a UTF-8 CSV or JSON list of folder updates.
 * The encoding check, the CSV and the JSON parts live in migration-file-utf8.ts, -csv.ts and -json.ts.
 *
 * This checks only the file's shape (encoding, syntax, columns, keys, value types, row count). It does not judge rows:
 * a missing `folderId`, a duplicate, or a row with neither `name` nor `parentFolderId` is kept, and the workflow
 * turns it into a FAILED item so that the valid rows still run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsvRows } from './migration-file-csv';
import { MigrationFileError } from './migration-file-error';
import { parseJsonRows } from './migration-file-json';
import { decodeUtf8 } from './migration-file-utf8';
import type { MigrationRow } from './migration-row';

export { MigrationFileError, type MigrationFileErrorLocation } from './migration-file-error';
export { MAX_MIGRATION_ROWS, type MigrationRow } from './migration-row';

/** A migration file, read and checked for shape. */
export interface MigrationFile {
  /** The path as given, used in messages. */
  path: string;
  /** From the extension (`.csv`, `.json`, any case), else sniffed: JSON when the first non-space character is `[`. */
  format: 'csv' | 'json';
  /** The rows in file order; blank CSV lines are not rows. 1 to `MAX_MIGRATION_ROWS`. */
  rows: MigrationRow[];
  /** sha256 hex of the file bytes */
  sha256: string;
}

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
