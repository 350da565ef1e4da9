/**
 * Writes the report of `temporal-hubspot-files migrate <file>`: `<base>.json` (the whole result) and `<base>.csv`
 * (one line per folder, safe to open in a spreadsheet).
 */
import { open, rename, rm } from 'node:fs/promises';
import { join, parse } from 'node:path';

import type { MigrationReport } from '../client/read-migration-items';
import type { MigrationRow } from './migration-file';
import { undoCsv, undoPlan, type UndoPlan } from './undo-file';

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
  'beforeName',
  'beforeParentFolderId',
  'beforePath',
  'afterName',
  'afterParentFolderId',
  'afterPath',
  'mismatches',
] as const;

/** What the JSON report keeps beside the result, so that `--retry-failed` can run its rows again. */
export interface ReportMeta {
  /** The migration's workflow id. */
  workflowId: string;
  /** The rows as read from the file, in order: item i gets row i as its `target` (name and parent). */
  rows: readonly MigrationRow[];
}

/**
 * Writes `<base>.json` (the whole result, pretty-printed, plus `generatedAt` ISO time, `source` file and, with `meta`,
 * `workflowId` and each item's `target`) and `<base>.csv`. Each file is written to a temporary file beside it and renamed into place, so a reader never sees
 * half a report; an existing report is replaced. The directory must exist.
 *
 * @param base the report path without extension, e.g. from {@link defaultReportBase}
 * @param source the migration file the result came from; omitted from the JSON when undefined
 */
export async function writeMigrationReport(
  result: MigrationReport,
  base: string,
  source?: string,
  meta?: ReportMeta,
): Promise<ReportPaths> {
  const paths: ReportPaths = { json: `${base}.json`, csv: `${base}.csv` };
  const items = meta
    ? result.items.map((item, i) => {
        const { name, parentFolderId } = meta.rows[i] ?? {};
        return { ...item, target: { ...(name ? { name } : {}), ...(parentFolderId ? { parentFolderId } : {}) } };
      })
    : result.items;
  const report = { generatedAt: new Date().toISOString(), source, workflowId: meta?.workflowId, ...result, items };
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
      item.before?.name ?? '',
      item.before?.parentFolderId ?? '',
      item.before?.path ?? '',
      item.after?.name ?? '',
      item.after?.parentFolderId ?? '',
      item.after?.path ?? '',
      (item.mismatches ?? []).join('; '),
    ];
    lines.push(cells.map((cell) => csvCell(cell)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the undo file (see `undo-file.ts`) to `path`, atomically, and returns where, how many rows it holds and the
 * folders it had to leave out.
 */
export async function writeUndoFile(
  result: MigrationReport,
  path: string,
): Promise<{ path: string; rows: number; skipped: UndoPlan['skipped'] }> {
  const plan = undoPlan(result);
  await writeAtomically(path, undoCsv(plan.rows));
  return { path, rows: plan.rows.length, skipped: plan.skipped };
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
