/**
 * `doctor [--plan FILE]`: checks the setup before a migration touches a portal (the HubSpot token, its kind and scopes,
 * the daily budget and the rate limit, the API version, the Temporal server, namespace and search attributes) and
 * prints one line per check. Exit 0 when nothing FAILs, 1 when something does, 2 for bad usage (a bad `--plan` file).
 */
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { MigrationFileError, readMigrationFile } from '../migration-file';
import { openSession, type SessionOptions } from '../session';
import { runSetupChecks } from '../setup-checks';
import { setupReportText } from '../setup-report-text';
import { durationMs } from '../../common/duration';

/** Flags of `doctor`. */
export interface DoctorFlags extends SessionOptions {
  json?: boolean;
  /** A migration file: the daily budget is checked against its estimated requests. */
  plan?: string;
  /** How long each task is taken to run for the estimate, e.g. '5m'. */
  taskDuration?: string;
}

/** Runs `doctor`. */
export async function doctorCommand(flags: DoctorFlags, io: CliIo): Promise<number> {
  if (flags.taskDuration !== undefined) {
    let ok: boolean;
    try {
      ok = durationMs(flags.taskDuration) >= 0;
    } catch {
      ok = false;
    }
    if (!ok)
      throw new UsageError(
        `--task-duration must be a duration such as '5m', got ${JSON.stringify(flags.taskDuration)}`,
      );
  }
  let plannedFolders: number | undefined;
  if (flags.plan !== undefined) {
    try {
      plannedFolders = (await readMigrationFile(flags.plan)).rows.length;
    } catch (err) {
      if (err instanceof MigrationFileError) throw new UsageError(err.message);
      throw err;
    }
  }
  const session = await openSession(flags, io, { worker: false });
  try {
    const report = await runSetupChecks(session.client, io.env, {
      embedded: session.embedded,
      ...(plannedFolders !== undefined ? { plannedFolders } : {}),
      ...(flags.taskDuration !== undefined ? { taskDuration: flags.taskDuration } : {}),
    });
    const exitCode = report.ok ? ExitCode.Success : ExitCode.Failure;
    if (flags.json) {
      const plan = flags.plan !== undefined ? { plan: { file: flags.plan } } : {};
      io.stdout.write(`${JSON.stringify({ ...report, ...plan, exitCode }, null, 2)}\n`);
    } else {
      io.stdout.write(setupReportText(report, flags.plan));
    }
    return exitCode;
  } finally {
    await session.close();
  }
}
