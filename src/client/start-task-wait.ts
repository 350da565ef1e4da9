/**
 * `startTaskWait` and `executeTaskWait`: start (or attach to) the wait on one HubSpot task of any kind, as the CLI's
 * `await --kind` does. A folder-update task gets the `awaitFolderUpdate` wait of `startFolderUpdateWait`, unchanged;
 * every other kind an `awaitHubSpotTask` wait `hubspot-<kind>-<taskId>`.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { kindAwaitDetails, kindAwaitSummary } from '../common/summaries';
import { validateKindAndTaskId } from '../common/task-kinds';
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { WORKER_DEFAULTS } from '../worker-config';
import { awaitHubSpotTask, type AwaitHubSpotTaskResult } from '../workflows/await/await-hubspot-task';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../workflows/await/poll-options';
import { taskWorkflowId } from '../workflows/workflow-ids';
import { reachFolderUpdateWait } from './start-folder-update-wait';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';

/**
 * Starts the wait on a task of `options.kind`, or attaches to it (its workflow id is derived from the kind and the
 * task, so a second call returns the running or completed wait). The start carries the Web UI summary and details,
 * and the search attributes when the namespace has them registered.
 *
 * @throws `InvalidInput` naming the field and the value for a bad kind, task id or poll option, before any call to
 *   Temporal.
 * @example
 * const handle = await startTaskWait(client, { kind: 'crm-export', taskId: '9007199254740993123' });
 * const { result: downloadUrl } = await handle.result();
 */
export async function startTaskWait<K extends HubSpotTaskKind>(
  client: Client,
  options: TaskWaitOptions<K>,
): Promise<WorkflowHandle<(input: unknown) => Promise<AwaitHubSpotTaskResult<K>>>> {
  return (await reachTaskWait(client, options)).handle;
}

/** {@link startTaskWait}, then its result: the COMPLETE status, or the wait's typed failure. */
export async function executeTaskWait<K extends HubSpotTaskKind>(
  client: Client,
  options: TaskWaitOptions<K>,
): Promise<AwaitHubSpotTaskResult<K>> {
  return await (await startTaskWait(client, options)).result();
}

/** {@link startTaskWait}, saying how it reached the workflow (for the CLI). */
export async function reachTaskWait<K extends HubSpotTaskKind>(
  client: Client,
  options: TaskWaitOptions<K>,
): Promise<Reached<(input: unknown) => Promise<AwaitHubSpotTaskResult<K>>>> {
  const { kind, taskId } = validateKindAndTaskId(options?.kind, options?.taskId);
  const pollOptions = pickPollOptions(options);
  resolvePollOptions(pollOptions);
  if (kind === 'folder-update') {
    const reached = await reachFolderUpdateWait(client, { ...pollOptions, taskId, taskQueue: options.taskQueue });
    return reached as unknown as Reached<(input: unknown) => Promise<AwaitHubSpotTaskResult<K>>>;
  }
  const reached = await startOrAttach(client, awaitHubSpotTask, {
    workflowId: taskWorkflowId(kind, taskId),
    taskQueue: options.taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [{ kind, taskId, ...pollOptions }],
    staticSummary: kindAwaitSummary(kind, taskId),
    staticDetails: kindAwaitDetails(kind, taskId, pollOptions),
    searchAttributes: () => hubspotSearchAttributes({ taskId, status: 'PENDING', kind }),
  });
  return reached as unknown as Reached<(input: unknown) => Promise<AwaitHubSpotTaskResult<K>>>;
}

/** What to wait on, and how: the kind, the task id, the poll options (see `POLL_DEFAULTS`) and the task queue. */
export interface TaskWaitOptions<K extends HubSpotTaskKind = HubSpotTaskKind> extends PollOptions, StartOptions {
  /** Which of HubSpot's async-task families the task belongs to. */
  kind: K;
  /** The task id the kind's start POST answered with (an integer id as its digits, or a safe integer). */
  taskId: string | number;
}
