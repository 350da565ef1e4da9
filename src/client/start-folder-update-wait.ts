/**
 * `startFolderUpdateWait` and `executeFolderUpdateWait`: start (or attach to) the `awaitFolderUpdate` workflow that
 * waits on one HubSpot folder-update task, as the CLI's `await` does.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { awaitDetails, awaitSummary } from '../common/summaries';
import { validateTaskId } from '../common/task-id';
import { WORKER_DEFAULTS } from '../worker-config';
import { awaitFolderUpdate } from '../workflows/await/await-folder-update';
import type { FolderUpdateResult } from '../workflows/await/outcome';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../workflows/await/poll-options';
import { awaitWorkflowId } from '../workflows/workflow-ids';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';

/**
 * Starts the wait on `taskId`, or attaches to it: its workflow id is `hubspot-folder-update-<taskId>`, so a second
 * call for the same task returns the running (or completed) wait instead of starting another. The start carries the
 * Web UI summary and details, and the `HubSpotTaskId` and `HubSpotTaskStatus` search attributes when the namespace has
 * them registered.
 *
 * @throws `InvalidInput` naming the field and the value for a bad task id or poll option, before any call to Temporal.
 * @example
 * const handle = await startFolderUpdateWait(client, { taskId: '9823', maxPollInterval: '2m' });
 * const result = await handle.result();
 */
export async function startFolderUpdateWait(
  client: Client,
  options: FolderUpdateWaitOptions,
): Promise<WorkflowHandle<typeof awaitFolderUpdate>> {
  return (await reachFolderUpdateWait(client, options)).handle;
}

/** {@link startFolderUpdateWait}, then its result: the COMPLETE status, or the wait's typed failure. */
export async function executeFolderUpdateWait(
  client: Client,
  options: FolderUpdateWaitOptions,
): Promise<FolderUpdateResult> {
  return await (await startFolderUpdateWait(client, options)).result();
}

/** {@link startFolderUpdateWait}, saying how it reached the workflow (for the CLI). */
export async function reachFolderUpdateWait(
  client: Client,
  options: FolderUpdateWaitOptions,
): Promise<Reached<typeof awaitFolderUpdate>> {
  const taskId = validateTaskId(options?.taskId);
  const pollOptions = pickPollOptions(options);
  resolvePollOptions(pollOptions);
  return await startOrAttach(client, awaitFolderUpdate, {
    workflowId: awaitWorkflowId(taskId),
    taskQueue: options.taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [{ taskId, ...pollOptions }],
    staticSummary: awaitSummary(taskId),
    staticDetails: awaitDetails(taskId, pollOptions),
    searchAttributes: () => hubspotSearchAttributes({ taskId, status: 'PENDING', kind: 'folder-update' }),
  });
}

/** What to wait on, and how: the task id, the poll options (see `POLL_DEFAULTS`) and the task queue. */
export interface FolderUpdateWaitOptions extends PollOptions, StartOptions {
  /** The task id `POST /files/v3/folders/update/async` answered with. */
  taskId: string;
}
