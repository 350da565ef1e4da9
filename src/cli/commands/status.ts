/**
 * `status <taskId|workflowId>`: shows where a wait or a migration stands (a wait's early-window polls included, from
 * its poller's heartbeat details). A bare task id means the `awaitFolderUpdate` workflow
 * `hubspot-folder-update-<taskId>`.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { folderUpdateProgressText } from '../folder-update-progress-text';
import { openSession, type SessionOptions } from '../session';
import { validateTaskId } from '../../common/task-id';
import { getProgressQuery } from '../../workflows';
import { awaitWorkflowId } from '../../workflows/workflow-ids';
import { getFolderUpdateProgress } from '../../client/get-folder-update-progress';
import { progressText } from './migrate';

/**
 * The workflow ids a `status` argument may name, in the order to try: for a task id, its `awaitFolderUpdate`
 * workflow first; then the argument itself as a workflow id.
 */
export function statusCandidates(target: string): string[] {
  if (target.trim() === '') throw new UsageError('<taskId|workflowId> must not be empty');
  if (target.startsWith('hubspot-')) return [target];
  try {
    return [awaitWorkflowId(validateTaskId(target)), target];
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    return [target];
  }
}

/** Runs `status`. */
export async function statusCommand(
  target: string,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  const candidates = statusCandidates(target);
  const session = await openSession(flags, io);
  try {
    let found;
    for (const id of candidates) {
      const handle = session.client.workflow.getHandle(id);
      const description = await handle.describe().catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
      if (description) {
        found = { handle, description, workflowId: id };
        break;
      }
    }
    if (!found) {
      io.stderr.write(`No workflow ${candidates.join(' or ')} was found.\n`);
      return ExitCode.Failure;
    }
    const { handle, description, workflowId } = found;
    const base = { workflowId, type: description.type, status: description.status.name };
    let query: unknown;
    let text: string;
    if (description.type === 'awaitFolderUpdate') {
      const p = await getFolderUpdateProgress(session.client, workflowId);
      query = p;
      text = folderUpdateProgressText(p).text;
    } else if (description.type === 'migrateFolders') {
      const p = await handle.query(getProgressQuery);
      query = p;
      text = progressText(p, Date.now() - description.startTime.getTime());
    } else {
      text = `started ${description.startTime.toISOString()}`;
    }
    if (flags.json) io.stdout.write(`${JSON.stringify({ ...base, ...(query ? { progress: query } : {}) }, null, 2)}\n`);
    else io.stdout.write(`${workflowId} (${base.type}) ${base.status}: ${text}\n`);
    return ExitCode.Success;
  } finally {
    await session.close();
  }
}
