/**
 * `await <taskId>`: waits on a HubSpot folder-update task with the `awaitFolderUpdate` workflow
 * `hubspot-folder-update-<taskId>`, attaching to it when it already runs.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { errorsTable, formatDuration } from '../format';
import { reportFailure } from '../failure-report';
import { folderUpdateProgressReader } from '../folder-update-progress-text';
import { announce, INTERRUPTED, waitWithProgress, type Waited } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import { reachFolderUpdateWait } from '../../client/start-folder-update-wait';
import { validateTaskId } from '../../common/task-id';
import type { FolderUpdateResult, PollOptions } from '../../workflows';
import { awaitWorkflowId } from '../../workflows/workflow-ids';

/** Runs `await`. */
export async function awaitCommand(
  taskId: string,
  pollOptions: PollOptions,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  try {
    validateTaskId(taskId);
  } catch (err) {
    throw new UsageError(err instanceof ApplicationFailure ? err.message.replace(/^Invalid input: /, '') : String(err));
  }
  const session = await openSession(flags, io);
  try {
    const workflowId = awaitWorkflowId(taskId);
    const { handle, attachment } = await reachFolderUpdateWait(session.client, {
      taskId,
      ...pollOptions,
      taskQueue: session.taskQueue,
    });
    announce(io, workflowId, attachment, session.workflowUrl(workflowId));
    const readProgress = folderUpdateProgressReader(session.client);
    const waited = await waitWithProgress<FolderUpdateResult>(handle, io, async (elapsedMs) => {
      const { key, text } = await readProgress(workflowId);
      return { text: `${text} · ${formatDuration(elapsedMs)} elapsed`, key };
    });
    return finishFolderUpdate(waited, io, flags.json === true);
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
