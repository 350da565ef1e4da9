/**
 * `startFolderUpdate`: start (or attach to) the `updateFolderAndWait` workflow for one folder, as the CLI's `update`
 * does.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { FolderUpdateRequest } from '../common/folder-update-request';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { folderUpdateDetails, folderUpdateSummary } from '../common/summaries';
import { WORKER_DEFAULTS } from '../worker-config';
import type { PollOptions } from '../workflows/await/poll-options';
import { updateFolderAndWait } from '../workflows/folder-update/update-folder-and-wait';
import { validateUpdateFolderAndWaitInput } from '../workflows/folder-update/update-folder-input';
import { updateFolderWorkflowId } from '../workflows/workflow-ids';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';

/**
 * Starts the update of one folder (rename and/or move) and its wait, or attaches to it: the workflow id is
 * `hubspot-update-folder-<folderId>`, so a second call for the same folder returns the running (or completed) one
 * instead of starting another. The start carries the Web UI summary and details, and the `HubSpotFolderId` search
 * attribute when the namespace has the package's search attributes registered. `handle.result()` is a
 * `FolderUpdateAndWaitResult`.
 *
 * @throws `InvalidInput` naming the field and the value for a bad update or poll option, before any call to Temporal.
 */
export async function startFolderUpdate(
  client: Client,
  options: FolderUpdateOptions,
): Promise<WorkflowHandle<typeof updateFolderAndWait>> {
  return (await reachFolderUpdate(client, options)).handle;
}

/** {@link startFolderUpdate}, saying how it reached the workflow (for the CLI). */
export async function reachFolderUpdate(
  client: Client,
  options: FolderUpdateOptions,
): Promise<Reached<typeof updateFolderAndWait>> {
  const { update, pollOptions } = validateUpdateFolderAndWaitInput(options);
  return await startOrAttach(client, updateFolderAndWait, {
    workflowId: updateFolderWorkflowId(update.folderId),
    taskQueue: options.taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [{ ...update, ...pollOptions }],
    staticSummary: folderUpdateSummary(update),
    staticDetails: folderUpdateDetails(update, pollOptions),
    searchAttributes: () => hubspotSearchAttributes({ folderId: update.folderId, kind: 'folder-update' }),
  });
}

/** The folder update (`folderId` and a new `name` and/or `parentFolderId`), its poll options and the task queue. */
export interface FolderUpdateOptions extends FolderUpdateRequest, PollOptions, StartOptions {}
