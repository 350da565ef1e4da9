/**
 * Writes the report of `temporal-hubspot-files migrate <file>`: `<base>.json` (the whole result) and `<base>.csv`
 * (one line per folder, safe to open in a spreadsheet).
 */
import { open, rename, rm } from 'node:fs/promises';
import { join, parse } from 'node:path';

import type { MigrationReport } from '../client/read-migration-items';

/** The files {@link writeMigrationReport} wrote. */
export interface ReportPaths {
  /** `<base>.json` */
  json: string;
  /** `<base>.csv` */
  csv: string;
}

/** The columns of the CSV report, in order. */
export const REPORT_CSV_COLUMNS = [
  'folderId',
  'taskId',
  'outcome',
  'numErrors',
  'failureType',
  'message',
  'errorCategories',
  'missingScopes',
  'errors',
] as const;

/**
 * Writes `<base>.json` (the whole result, pretty-printed, plus `generatedAt` ISO time and `source` file) and
 * `<base>.csv`. Each file is written to a temporary file beside it and renamed into place, so a reader never sees
 * half a report; an existing report is replaced. The directory must exist.
 *
 * @param base the report path without extension, e.g. from {@link defaultReportBase}
 * @param source the migration file the result came from; omitted from the JSON when undefined
 */
export async function writeMigrationReport(
  result: MigrationReport,
  base: string,
  source?: string,
): Promise<ReportPaths> {
  const paths: ReportPaths = { json: `${base}.json`, csv: `${base}.csv` };
  const report = { generatedAt: new Date().toISOString(), source, ...result };
  await writeAtomically(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(paths.csv, reportCsv(result));
  return paths;
}

/**
 * The CSV report: a header of {@link REPORT_CSV_COLUMNS}, then one line per item; `\n` line endings and a trailing
 * newline. `errorCategories` and `missingScopes` are the distinct values joined by `;`, `errors` is the errors as JSON.
 * Cells that a spreadsheet would run as a formula get a leading `'`. Pure.
 */
export function reportCsv(result: MigrationReport): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  for (const item of result.items) {
    const errors = item.errors ?? [];
    const cells = [
      item.folderId,
      item.taskId ?? '',
      item.outcome,
      String(item.numErrors),
      item.failureType ?? '',
      item.message ?? '',
      distinct(errors.map((e) => e.category)).join(';'),
      distinct(errors.flatMap((e) => e.missingScopes ?? [])).join(';'),
      JSON.stringify(errors),
    ];
    lines.push(cells.map((cell) => csvCell(cell)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The report base beside the migration file: 'folders.csv' → 'folders.report', 'in/x.json' → 'in/x.report'. */
export function defaultReportBase(migrationFile: string): string {
  const { dir, name } = parse(migrationFile);
  return join(dir, `${name}.report`);
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-guarded, then quoted when it holds a comma, quote, CR or LF. */
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes `text` to `<path>.<pid>.tmp`, flushes it to disk, then renames it over `path`; removes the temp on failure. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
