import { ApplicationFailure } from '@temporalio/common';
import { validateFolderId } from '../common/folder-update-request';
import type { HubSpotFolder } from '../common/folder-update-status';
import type { HubSpotErrorDetails } from '../hubspot/errors';
import { hubspotRequest } from '../hubspot/request';
import { parseFolder } from '../hubspot/schemas/folder';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';

/** True for HubSpot's 404 answer (the request path's typed failure with `httpStatus` 404). */
function isNotFound(err: unknown): boolean {
  if (!(err instanceof ApplicationFailure)) return false;
  return (err.details?.[0] as HubSpotErrorDetails | undefined)?.httpStatus === 404;
}

/**
 * One `GET /files/v3/folders/{folderId}`, validated, for a folder id already checked; null when HubSpot answers 404.
 * Shared by `getFolder` and the start's re-read before a retried POST.
 */
export async function readFolder(
  deps: ResolvedDeps,
  folderId: string,
  signal: AbortSignal | undefined,
): Promise<HubSpotFolder | null> {
  try {
    const { json } = await hubspotRequest(deps, {
      method: 'GET',
      path: `/files/v3/folders/${encodeURIComponent(folderId)}`,
      operation: `GET folder ${folderId}`,
      route: 'folder',
      signal,
    });
    const folder = parseFolder(json, folderId);
    logDebug('HubSpot folder read', { folderId, path: folder.path });
    return folder;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * Builds `getFolder(folderId)`: one `GET /files/v3/folders/{folderId}` through the process's request budget, validated
 * into a {@link HubSpotFolder} (`id`, `name`, `parentFolderId`, `path`, `archived`, dates), or null when the folder
 * does not exist (404).
 *
 * Fails with `InvalidInput` before any HTTP call when the id is unsafe (the rule of a migration row's `folderId`), and
 * with the typed failures of `../hubspot/errors.ts` otherwise. Aborted on cancellation and after `requestTimeoutMs`.
 */
export function makeGetFolder(deps: ResolvedDeps) {
  return async function getFolder(folderId: string): Promise<HubSpotFolder | null> {
    const id = validateFolderId(folderId);
    return whileHeartbeating(() => readFolder(deps, id, activitySignal()));
  };
}
