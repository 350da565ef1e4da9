/**
 * `await [--kind <kind>] <taskId>`: waits on a HubSpot task, attaching to the wait when it already runs. A folder-update
 * task (the default kind) with the `awaitFolderUpdate` workflow `hubspot-folder-update-<taskId>`, as always; a task of
 * another kind with the `awaitHubSpotTask` workflow `hubspot-<kind>-<taskId>`.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { errorsTable, formatDuration } from '../format';
import { reportFailure } from '../failure-report';
import { folderUpdateProgressReader } from '../folder-update-progress-text';
import { announce, INTERRUPTED, waitWithProgress, type Waited } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import { reachTaskWait } from '../../client/start-task-wait';
import { validateKindAndTaskId } from '../../common/task-kinds';
import { DEFAULT_TASK_KIND, type HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import type { AwaitHubSpotTaskResult, FolderUpdateResult, PollOptions } from '../../workflows';
import { taskWorkflowId } from '../../workflows/workflow-ids';

/** Runs `await`: on a task of `flags.kind` (default the folder update). */
export async function awaitCommand(
  rawTaskId: string,
  pollOptions: PollOptions,
  flags: SessionOptions & { json?: boolean; kind?: string },
  io: CliIo,
): Promise<number> {
  let kind: HubSpotTaskKind;
  let taskId: string;
  try {
    ({ kind, taskId } = validateKindAndTaskId(flags.kind ?? DEFAULT_TASK_KIND, rawTaskId));
  } catch (err) {
    throw new UsageError(err instanceof ApplicationFailure ? err.message.replace(/^Invalid input: /, '') : String(err));
  }
  const session = await openSession(flags, io);
  try {
    const workflowId = taskWorkflowId(kind, taskId);
    const { handle, attachment } = await reachTaskWait(session.client, {
      kind,
      taskId,
      ...pollOptions,
      taskQueue: session.taskQueue,
    });
    announce(io, workflowId, attachment, session.workflowUrl(workflowId));
    const readProgress = folderUpdateProgressReader(session.client);
    const waited = await waitWithProgress<AwaitHubSpotTaskResult>(handle, io, async (elapsedMs) => {
      const { key, text } = await readProgress(workflowId);
      return { text: `${text} · ${formatDuration(elapsedMs)} elapsed`, key };
    });
    if (kind === DEFAULT_TASK_KIND)
      return finishFolderUpdate(waited as Waited<FolderUpdateResult>, io, flags.json === true);
    return finishKindWait(waited, io, flags.json === true);
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}

/** Prints how a folder-update wait ended and returns the exit code. */
export function finishFolderUpdate(waited: Waited<FolderUpdateResult>, io: CliIo, json: boolean): number {
  if (waited.kind === 'interrupted') return INTERRUPTED;
  if (waited.kind === 'failed') return reportFailure(waited.error, io, json);
  printResult(waited.value, io, json);
  return ExitCode.Success;
}

/** Prints a folder-update result: JSON on stdout with `--json`, a summary otherwise. */
function printResult(result: FolderUpdateResult & { folderId?: string }, io: CliIo, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const folder = result.result
    ? ` → folder ${result.result.id} "${result.result.name ?? ''}" at ${result.result.path ?? '?'}`
    : '';
  io.stdout.write(`Task ${result.taskId} COMPLETE after ${result.polls} polls, ${result.numErrors} errors${folder}\n`);
  if (result.errors.length > 0) io.stdout.write(errorsTable(result.errors));
}

/** Prints how a wait on a task of any kind ended and returns the exit code. */
export function finishKindWait(waited: Waited<AwaitHubSpotTaskResult>, io: CliIo, json: boolean): number {
  if (waited.kind === 'interrupted') return INTERRUPTED;
  if (waited.kind === 'failed') return reportFailure(waited.error, io, json);
  printKindResult(waited.value, io, json);
  return ExitCode.Success;
}

/** Prints a wait's result of any kind: JSON on stdout with `--json`, a summary naming what the task produced otherwise. */
function printKindResult(result: AwaitHubSpotTaskResult, io: CliIo, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const produced =
    typeof result.result === 'string'
      ? ` → ${result.result}`
      : result.result && typeof result.result === 'object' && 'id' in result.result
        ? ` → file ${String(result.result.id)} at ${String((result.result as { path?: string }).path ?? '?')}`
        : '';
  const line = `${result.kind} task ${result.taskId} COMPLETE after ${result.polls} polls, ${result.numErrors} errors`;
  io.stdout.write(`${line}${produced}\n`);
  if (result.errors.length > 0) io.stdout.write(errorsTable(result.errors));
}
