import type { FolderUpdateStatus } from '../common/folder-update-status';
import { validateTaskId } from '../common/task-id';
import type { ResolvedDeps } from './deps';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import { hubspotRequest } from './hubspot-request';
import { parseFolderUpdateStatus } from './status-schema';

/**
 * Builds `getFolderUpdateStatus(taskId)`: one `GET /files/v3/folders/update/async/tasks/{taskId}/status`, validated
 * into a {@link FolderUpdateStatus}.
 *
 * Fails with `InvalidInput` before any HTTP call when the task id is unsafe, and with the typed failures of
 * `hubspot-errors.ts` otherwise. The request is aborted when the activity is cancelled or `requestTimeoutMs` passes.
 */
export function makeGetFolderUpdateStatus(deps: ResolvedDeps) {
  return async function getFolderUpdateStatus(taskId: string): Promise<FolderUpdateStatus> {
    const id = validateTaskId(taskId);
    const { json } = await whileHeartbeating(() =>
      hubspotRequest(deps, {
        method: 'GET',
        path: `/files/v3/folders/update/async/tasks/${encodeURIComponent(id)}/status`,
        operation: `GET status of folder-update task ${id}`,
        signal: activitySignal(),
      }),
    );
    const status = parseFolderUpdateStatus(json, id);
    logDebug('HubSpot folder-update status read', { taskId: id, status: status.status, numErrors: status.numErrors });
    return status;
  };
}
