/**
 * The ids of the workflows the package starts for a task or a folder, in one place: the workflows, the client helpers,
 * the CLI, the tests and the scripts build and read them here. Workflow-safe.
 */

/** What every `awaitFolderUpdate` workflow id started by this package begins with; the task id follows. */
export const AWAIT_WORKFLOW_ID_PREFIX = 'hubspot-folder-update-';

/** The id of the `awaitFolderUpdate` workflow that waits on a task: `hubspot-folder-update-<taskId>`. */
export function awaitWorkflowId(taskId: string): string {
  return `${AWAIT_WORKFLOW_ID_PREFIX}${taskId}`;
}

/** The task id in an {@link awaitWorkflowId}, or undefined for any other workflow id. */
export function taskIdOfAwaitWorkflowId(workflowId: string | null | undefined): string | undefined {
  return workflowId?.startsWith(AWAIT_WORKFLOW_ID_PREFIX)
    ? workflowId.slice(AWAIT_WORKFLOW_ID_PREFIX.length)
    : undefined;
}

/** The id of the `updateFolderAndWait` workflow the client helpers start for a folder: `hubspot-update-folder-<id>`. */
export function updateFolderWorkflowId(folderId: string): string {
  return `hubspot-update-folder-${folderId}`;
}

/**
 * The id of the wait on a task of `kind`: `hubspot-<kind>-<taskId>`. For a folder update it is the
 * {@link awaitWorkflowId}, so that either helper attaches to the other's wait.
 */
export function taskWorkflowId(kind: string, taskId: string): string {
  return `hubspot-${kind}-${taskId}`;
}
