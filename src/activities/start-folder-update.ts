import { ApplicationFailure } from '@temporalio/common';
import { folderUpdatePath } from '../common/api-version';
import { validateTaskId } from '../common/task-id';
import {
  validateFolderUpdate,
  type FolderUpdateRequest,
  type ValidFolderUpdate,
} from '../common/folder-update-request';
import { hubspotRequest } from '../hubspot/request';
import { invalidResponse } from '../hubspot/invalid-response';
import { folderUpdateBody } from '../hubspot/task-kinds/folder-update';
import { parseTaskLocator } from '../hubspot/schemas/task-locator';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';

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

/** One `POST /files/v3/folders/update/async` for a validated update; returns the started task's id. */
export async function postFolderUpdate(deps: ResolvedDeps, update: ValidFolderUpdate): Promise<StartedFolderUpdate> {
  {
    const body = folderUpdateBody(update);
    const operation = `POST folder update of folder ${update.folderId}`;
    const { json } = await whileHeartbeating(() =>
      hubspotRequest(deps, {
        method: 'POST',
        path: folderUpdatePath(deps.apiVersion),
        body,
        operation,
        route: 'folder-update',
        signal: activitySignal(),
      }),
    );
    const what = `answer to ${operation}`;
    const { id: taskId } = parseTaskLocator(json, what);
    try {
      validateTaskId(taskId, 'id');
    } catch (err) {
      // A bad id in HubSpot's answer is a bad answer, not bad input: it must not read as the caller's mistake.
      if (!(err instanceof ApplicationFailure)) throw err;
      const rule = (err.details?.[0] as { rule?: string } | undefined)?.rule ?? 'is not a usable task id';
      throw invalidResponse(what, 'id', taskId, rule);
    }
    logDebug('HubSpot folder update started', { folderId: update.folderId, taskId });
    return { taskId };
  }
}
