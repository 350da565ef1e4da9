import type { FolderUpdateRequest } from '../common/folder-update-request';
import { validateFolderUpdate } from '../common/folder-update-request';
import type { HubSpotFolder } from '../common/folder-update-status';
import { isInTargetState } from '../common/folder-target';
import { activitySignal, currentContext, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';
import { readFolder } from './get-folder';
import { postFolderUpdate } from './start-folder-update';

/** What `startFolderUpdateUnlessDone` returns: the started task, or the folder already in its target state. */
export type StartedUnlessDone = { taskId: string } | { alreadyDone: HubSpotFolder };

/**
 * Builds `startFolderUpdateUnlessDone(update)`: the POST of `startFolderUpdate`, made safe to retry. A retried attempt
 * (attempt 2 and later: the one before may have failed after HubSpot accepted its POST, which HubSpot does not
 * deduplicate) first reads the folder, and when it is already in its target state returns `{ alreadyDone: folder }`
 * instead of starting a second task. The first attempt does not read: the workflow has just read the folder.
 *
 * A re-read cannot see a task that was accepted but has not finished yet: then the retry still POSTs (see
 * docs/RELIABILITY.md, scenario 8).
 */
export function makeStartFolderUpdateUnlessDone(deps: ResolvedDeps) {
  return async function startFolderUpdateUnlessDone(input: FolderUpdateRequest): Promise<StartedUnlessDone> {
    const update = validateFolderUpdate(input);
    const attempt = currentContext()?.info.attempt ?? 1;
    if (attempt > 1) {
      const folder = await whileHeartbeating(() => readFolder(deps, update.folderId, activitySignal()));
      if (folder && isInTargetState(folder, update)) {
        logDebug('HubSpot folder already in its target state on a retried start', {
          folderId: update.folderId,
          attempt,
        });
        return { alreadyDone: folder };
      }
    }
    return postFolderUpdate(deps, update);
  };
}
