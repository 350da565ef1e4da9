/**
 * `migrate <file>`: runs a whole folder migration from a CSV (`folderId,name,parentFolderId`) or JSON file with the
 * `migrateFolders` workflow, shows a progress bar, and writes a JSON and a CSV report.
 *
 * The workflow id comes from the file's content (`hubspot-folder-migration-<sha256 prefix>`) unless `--id` is given,
 * so running the same file again attaches to the migration instead of starting it twice.
 */
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { reportFailure } from '../failure-report';
import { countsTable, formatDuration, table } from '../format';
import { MigrationFileError, readMigrationFile, type MigrationRow } from '../migration-file';
import { defaultReportBase, writeMigrationReport, writeUndoFile } from '../migration-report';
import { readRetrySource, retryReportBase, RetrySourceError } from '../retry-source';
import { progressBar } from '../progress-line';
import { announce, INTERRUPTED, waitWithProgress } from '../run-workflow';
import { reachMigration } from '../../client/start-migration';
import { openSession, type Session, type SessionOptions } from '../session';
import { runSetupChecks } from '../setup-checks';
import { setupCheckText } from '../setup-report-text';
import { readMigrationItems, type MigrationReport } from '../../client/read-migration-items';
import type { FolderUpdateRequest } from '../../common/folder-update-request';
import { getProgressQuery, type MigrationProgress, type MigrationResult, type PollOptions } from '../../workflows';
import { MAX_MIGRATION_CONCURRENCY } from '../../workflows/migration/migration-types';
import { planCommand } from './plan';

/** Flags of `migrate`. */
export interface MigrateFlags extends SessionOptions {
  json?: boolean;
  concurrency?: string;
  report?: string;
  id?: string;
  /** Plan only: read the folders, print the plan, change nothing. */
  dryRun?: boolean;
  /** The file is a JSON report: run its rows that did not end COMPLETE or ALREADY_DONE. */
  retryFailed?: boolean;
  /** Start even when the setup checks FAIL. */
  force?: boolean;
}

/** The rows to run, from a migration file or (with `--retry-failed`) from a report. */
async function readSource(
  file: string,
  retry: boolean,
): Promise<{ rows: MigrationRow[]; sha256: string; retryOf?: string }> {
  try {
    return retry ? await readRetrySource(file) : await readMigrationFile(file);
  } catch (err) {
    if (err instanceof MigrationFileError || err instanceof RetrySourceError) throw new UsageError(err.message);
    throw err;
  }
}

export function parseConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_MIGRATION_CONCURRENCY) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to ${MAX_MIGRATION_CONCURRENCY}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

/**
 * One line of migration progress: the counts, the elapsed time, and the ETA (or PAUSED / CANCELING). A progress from
 * a worker before the controls (no `paused` field) shows no ETA.
 */
export function progressText(p: MigrationProgress, elapsedMs: number): string {
  const state = p.canceling
    ? ' · CANCELING'
    : p.paused
      ? ' · PAUSED'
      : p.etaMs !== undefined
        ? ` · ETA ${formatDuration(p.etaMs)}`
        : '';
  const notStarted = p.notStarted ? ` · ${p.notStarted} not started` : '';
  return (
    `${progressBar(p.done, p.total)} ${p.done}/${p.total} · ${p.completed} complete · ${p.completedWithErrors} with errors · ` +
    `${p.canceled} canceled · ${p.failed} failed${notStarted} · ${p.running} running · ${formatDuration(elapsedMs)}` +
    state
  );
}

/** Runs `migrate`. */
export async function migrateCommand(
  file: string,
  pollOptions: PollOptions,
  flags: MigrateFlags,
  io: CliIo,
): Promise<number> {
  const concurrency = parseConcurrency(flags.concurrency);
  if (flags.id !== undefined && !/^[\w.:/-]{1,200}$/.test(flags.id)) {
    throw new UsageError(`--id must be 1-200 letters, digits or . _ : / -, got ${JSON.stringify(flags.id)}`);
  }
  const retry = flags.retryFailed === true;
  const migration = await readSource(file, retry);
  if (flags.dryRun) return planCommand(migration.rows, migration.sha256, flags, io);
  if (migration.rows.length === 0) {
    io.stdout.write(`Nothing to retry: every folder in ${file} ended COMPLETE or ALREADY_DONE\n`);
    return ExitCode.Success;
  }
  const { retryOf } = migration;
  const reportBase = flags.report ?? (retry ? retryReportBase(file) : defaultReportBase(file));
  const session = await openSession(flags, io);
  try {
    const refused = await checkBeforeStart(session, migration.rows.length, pollOptions, flags.force === true, io);
    if (refused !== undefined) return refused;
    const workflowId =
      flags.id ??
      (retryOf !== undefined
        ? `${retryOf}-retry-${migration.sha256.slice(0, 8)}`
        : `hubspot-folder-migration-${migration.sha256.slice(0, 16)}`);
    const updates = migration.rows as FolderUpdateRequest[];
    const { handle, attachment } = await reachMigration(session.client, {
      migrationId: workflowId,
      taskQueue: session.taskQueue,
      updates,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(retryOf !== undefined ? { retryOf } : {}),
      ...pollOptions,
    });
    announce(io, workflowId, attachment, session.workflowUrl(workflowId));
    const waited = await waitWithProgress<MigrationResult>(handle, io, async (elapsedMs) => {
      const p = await handle.query(getProgressQuery);
      return { text: progressText(p, elapsedMs), key: `${p.done}/${p.running}/${p.paused}/${p.canceling}` };
    });
    if (waited.kind === 'interrupted') return INTERRUPTED;
    if (waited.kind === 'failed') return reportFailure(waited.error, io, flags.json === true);
    const result = await readMigrationItems(session.client.workflow, workflowId, waited.value);
    const paths = await writeMigrationReport(result, reportBase, file, { workflowId, rows: migration.rows });
    const undo = await writeUndoFile(result, `${reportBase}.undo.csv`);
    for (const s of undo.skipped) io.stderr.write(`Undo: folder ${s.folderId} is left out: ${s.reason}\n`);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ workflowId, report: { ...paths, undo: undo.path }, ...result }, null, 2)}\n`);
    } else {
      printSummary(result, io);
      io.stdout.write(`Report: ${paths.json} and ${paths.csv}; undo file: ${undo.path} (${undo.rows} rows)\n`);
    }
    return result.completed + result.alreadyDone === result.total ? ExitCode.Success : ExitCode.Failure;
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}

/**
 * Runs doctor's checks before a migration starts and prints the WARN and FAIL lines on stderr. Returns the exit code
 * when a check FAILs and `force` is not set (nothing started), undefined to go on.
 */
async function checkBeforeStart(
  session: Session,
  folders: number,
  pollOptions: PollOptions,
  force: boolean,
  io: CliIo,
): Promise<number | undefined> {
  const report = await runSetupChecks(session.client, io.env, {
    embedded: session.embedded,
    plannedFolders: folders,
    pollOptions,
  });
  for (const check of report.checks) if (check.status !== 'PASS') io.stderr.write(setupCheckText(check));
  if (report.ok) return undefined;
  if (force) {
    io.stderr.write('--force: starting although a setup check FAILed.\n');
    return undefined;
  }
  io.stderr.write(
    'Not started: a setup check FAILed (see above; `doctor` shows every check). Fix it, or pass --force.\n',
  );
  return ExitCode.Failure;
}

/** The counts, and a table of the folders that need attention. */
function printSummary(result: MigrationReport, io: CliIo): void {
  const header = ['total', 'complete', 'with errors', 'canceled', 'failed', 'already done', 'mismatch'];
  const counts = [
    result.total,
    result.completed,
    result.completedWithErrors,
    result.canceled,
    result.failed,
    result.alreadyDone,
    result.mismatched,
  ];
  if (result.notStarted) {
    header.push('not started');
    counts.push(result.notStarted);
  }
  io.stdout.write(countsTable(header, counts));
  if (result.canceledByUser) io.stdout.write('Canceled by `migrate cancel`: the folders not started are listed.\n');
  const attention = result.items.filter((i) => i.outcome !== 'COMPLETE' && i.outcome !== 'ALREADY_DONE');
  if (attention.length === 0) return;
  io.stdout.write(`\nFolders that need attention (${attention.length}):\n`);
  io.stdout.write(
    table(
      ['folder', 'task', 'outcome', 'category', 'message', 'missing scopes'],
      attention.map((i) => [
        i.folderId,
        i.taskId ?? '-',
        i.outcome,
        [...new Set(i.errors.map((e) => e.category))].join(', ') || i.failureType || '',
        i.errors[0]?.message ?? i.message ?? '',
        [...new Set(i.errors.flatMap((e) => e.missingScopes))].join(', '),
      ]),
    ),
  );
}
