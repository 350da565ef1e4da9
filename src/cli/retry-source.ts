/**
 * The rows of `migrate --retry-failed REPORT.json`: the report's items that did not end COMPLETE or ALREADY_DONE,
 * with the targets the report kept, and the workflow id of the migration they came from.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { MigrationRow } from './migration-file';

/** What a retry runs: the rows, the migration they retry, and a content hash for the new workflow id. */
export interface RetrySource {
  rows: MigrationRow[];
  retryOf: string;
  sha256: string;
}

/** Outcomes that need no retry. */
const SETTLED = new Set(['COMPLETE', 'ALREADY_DONE']);

/** A report that cannot be retried, with the reason: a usage error (exit 2). */
export class RetrySourceError extends Error {}

/**
 * Reads a JSON report written by `migrate` and returns the rows to run again.
 *
 * @throws RetrySourceError when the file is not such a report (no `workflowId`, or items without `target`, as in
 *   reports written before targets were kept).
 */
export async function readRetrySource(path: string): Promise<RetrySource> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new RetrySourceError(`${path}: not a readable JSON report (${(err as Error).message})`);
  }
  const r = report as { workflowId?: unknown; items?: unknown };
  if (typeof r?.workflowId !== 'string' || !Array.isArray(r.items)) {
    throw new RetrySourceError(`${path}: not a migrate report: it needs "workflowId" and "items"`);
  }
  const rows: MigrationRow[] = [];
  r.items.forEach((item: { folderId?: unknown; outcome?: unknown; target?: MigrationRow }, i) => {
    if (SETTLED.has(String(item?.outcome))) return;
    if (item?.target === null || typeof item?.target !== 'object') {
      throw new RetrySourceError(`${path}: items[${i}] has no "target"; re-run the original migration file instead`);
    }
    const row: MigrationRow = {};
    if (typeof item.folderId === 'string' && item.folderId !== '') row.folderId = item.folderId;
    if (typeof item.target.name === 'string') row.name = item.target.name;
    if (typeof item.target.parentFolderId === 'string') row.parentFolderId = item.target.parentFolderId;
    rows.push(row);
  });
  const sha256 = createHash('sha256')
    .update(JSON.stringify({ retryOf: r.workflowId, rows }))
    .digest('hex');
  return { rows, retryOf: r.workflowId, sha256 };
}

/** The default report base of a retry: `m.report.json` → `m.report.retry`. */
export function retryReportBase(reportPath: string): string {
  return `${reportPath.replace(/\.json$/i, '')}.retry`;
}
