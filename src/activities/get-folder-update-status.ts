import type { FolderUpdateStatus } from '../common/folder-update-status';
import { validateTaskId } from '../common/task-id';
import type { RequestPriority } from '../hubspot/budget/request-budget';
import { FOLDER_UPDATE_KIND } from '../hubspot/task-kinds';
import { activitySignal, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';
import { readTaskStatus } from './get-task-status';

/**
 * One `GET /files/v3/folders/update/async/tasks/{taskId}/status` for a task id already validated, parsed into a
 * {@link FolderUpdateStatus}: the folder kind's {@link readTaskStatus}.
 */
export function readFolderUpdateStatus(
  deps: ResolvedDeps,
  taskId: string,
  priority: RequestPriority,
  signal: AbortSignal | undefined,
): Promise<FolderUpdateStatus> {
  return readTaskStatus(deps, FOLDER_UPDATE_KIND, taskId, priority, signal);
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
