import {
  validateFolderUpdate,
  type FolderUpdateRequest,
  type ValidFolderUpdate,
} from '../common/folder-update-request';
import { FOLDER_UPDATE_KIND } from '../hubspot/task-kinds';
import type { ResolvedDeps } from './deps';
import { postTaskStart } from './start-task';

/** What `startFolderUpdate` returns: the id of the asynchronous task HubSpot started. */
export interface StartedFolderUpdate {
  taskId: string;
}

/**
 * Builds `startFolderUpdate({ folderId, name?, parentFolderId? })`: one `POST /files/v3/folders/update/async`.
 *
 * Fails with `InvalidInput` before any HTTP call when the input is bad. A POST is not idempotent at HubSpot: a retry
 * after an ambiguous failure may start a second task for the same target, which converges on the same folder state.
 */
export function makeStartFolderUpdate(deps: ResolvedDeps) {
  return async function startFolderUpdate(input: FolderUpdateRequest): Promise<StartedFolderUpdate> {
    return postFolderUpdate(deps, validateFolderUpdate(input));
  };
}

/** One `POST /files/v3/folders/update/async` for a validated update: the folder kind's {@link postTaskStart}. */
export async function postFolderUpdate(deps: ResolvedDeps, update: ValidFolderUpdate): Promise<StartedFolderUpdate> {
  return postTaskStart(deps, FOLDER_UPDATE_KIND, update);
}
