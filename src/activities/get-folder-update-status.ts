import { folderUpdateStatusPath } from '../common/api-version';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { validateTaskId } from '../common/task-id';
import { hubspotRequest } from '../hubspot/request';
import type { RequestPriority } from '../hubspot/budget/request-budget';
import { parseFolderUpdateStatus } from '../hubspot/schemas/folder-update-status';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';

/**
 * One `GET /files/v3/folders/update/async/tasks/{taskId}/status` for a task id already validated, parsed into a
 * {@link FolderUpdateStatus}. Shared by the single poll and the early-window poller.
 */
export async function readFolderUpdateStatus(
  deps: ResolvedDeps,
  taskId: string,
  priority: RequestPriority,
  signal: AbortSignal | undefined,
): Promise<FolderUpdateStatus> {
  const { json } = await hubspotRequest(deps, {
    method: 'GET',
    path: folderUpdateStatusPath(taskId, deps.apiVersion),
    operation: `GET status of folder-update task ${taskId}`,
    route: 'task-status',
    signal,
    priority,
  });
  const status = parseFolderUpdateStatus(json, taskId);
  logDebug('HubSpot folder-update status read', { taskId, status: status.status, numErrors: status.numErrors });
  return status;
}

/**
 * Builds `getFolderUpdateStatus(taskId)`: one `GET /files/v3/folders/update/async/tasks/{taskId}/status`, validated
 * into a {@link FolderUpdateStatus}.
 *
 * Fails with `InvalidInput` before any HTTP call when the task id is unsafe, and with the typed failures of
 * `../hubspot/errors.ts` otherwise. The request is aborted when the activity is cancelled or `requestTimeoutMs` passes.
 */
export function makeGetFolderUpdateStatus(deps: ResolvedDeps) {
  return async function getFolderUpdateStatus(taskId: string): Promise<FolderUpdateStatus> {
    const id = validateTaskId(taskId);
    return whileHeartbeating(() => readFolderUpdateStatus(deps, id, 'prompt', activitySignal()));
  };
}
