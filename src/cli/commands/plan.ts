/**
 * `migrate --dry-run <file>`: runs the `planFolderMigration` workflow, which reads every folder the file names with
 * `GET /files/v3/folders/{folderId}` and changes nothing, then prints each row's folder before and after and what is
 * wrong with it. Exit 0 when the plan is clean, 1 when a row has a problem (see `PLAN_PROBLEMS`).
 */
import type { CliIo } from '../cli-io';
import { ExitCode } from '../exit-codes';
import { reportFailure } from '../failure-report';
import { formatDuration, table } from '../format';
import type { MigrationRow } from '../migration-file';
import { INTERRUPTED, waitWithProgress } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import type { FolderState } from '../../common/folder-target';
import type { MigrationPlan } from '../../common/migration-plan';
import { planFolderMigration } from '../../workflows';

function describeState(state: FolderState | undefined): string {
  if (!state) return '-';
  return `${state.path ?? state.name ?? '?'} (parent ${state.parentFolderId ?? 'root'})`;
}

/** Runs the plan of `rows` (from `source`, whose sha256 is `sha256`) and prints it. */
export async function planCommand(
  rows: MigrationRow[],
  sha256: string,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  const session = await openSession(flags, io);
  try {
    const workflowId = `hubspot-folder-plan-${sha256.slice(0, 16)}-${Date.now().toString(36)}`;
    const handle = await session.client.workflow.start(planFolderMigration, {
      workflowId,
      taskQueue: session.taskQueue,
      args: [{ updates: rows }],
    });
    io.stderr.write(`Started workflow ${workflowId} (dry run: nothing is changed)\n`);
    const waited = await waitWithProgress<MigrationPlan>(handle, io, async (elapsedMs) => ({
      text: `planning ${rows.length} rows · ${formatDuration(elapsedMs)}`,
      key: 'planning',
    }));
    if (waited.kind === 'interrupted') return INTERRUPTED;
    if (waited.kind === 'failed') return reportFailure(waited.error, io, flags.json === true);
    const plan = waited.value;
    if (flags.json) io.stdout.write(`${JSON.stringify({ workflowId, ...plan }, null, 2)}\n`);
    else printPlan(plan, io);
    return plan.clean ? ExitCode.Success : ExitCode.Failure;
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}

function printPlan(plan: MigrationPlan, io: CliIo): void {
  io.stdout.write(
    table(
      ['row', 'folder', 'before', 'after', 'flags', 'notes'],
      plan.rows.map((r) => [
        String(r.row),
        r.folderId,
        describeState(r.before),
        describeState(r.after),
        r.flags.join(', ') || 'ok',
        r.notes.join('; '),
      ]),
      120,
    ),
  );
  const verdict = plan.clean ? 'clean' : `NOT clean: ${plan.problems} row(s) with problems`;
  io.stdout.write(`\nPlan of ${plan.total} rows: ${verdict}; ${plan.noOps} already in their target state.\n`);
}
