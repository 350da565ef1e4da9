/**
 * The HubSpot folder-update activities. Register `createActivities(deps)` in your worker:
 *
 * @example
 * const worker = await Worker.create({
 *   taskQueue: 'hubspot-files',
 *   workflowsPath: require.resolve('temporal-hubspot-files/workflows'),
 *   activities: createActivities({ token: process.env.HUBSPOT_ACCESS_TOKEN! }),
 * });
 */
import { resolveDeps, type ActivityDeps } from './deps';
import { makeGetFolderUpdateStatus } from './get-folder-update-status';
import { makeStartFolderUpdate } from './start-folder-update';

/**
 * Builds the activities with their dependencies: base URL, token source, request timeout and fetch.
 * Throws a `TypeError` naming the setting when a dependency is malformed.
 */
export function createActivities(deps: ActivityDeps) {
  const resolved = resolveDeps(deps);
  return {
    getFolderUpdateStatus: makeGetFolderUpdateStatus(resolved),
    startFolderUpdate: makeStartFolderUpdate(resolved),
  };
}

/** The activities' type, for `proxyActivities<HubSpotActivities>()` in workflow code. */
export type HubSpotActivities = ReturnType<typeof createActivities>;

export { ACTIVITY_DEFAULTS, DEFAULT_HUBSPOT_BASE_URL } from './deps';
export type { ActivityDeps, TokenSource } from './deps';
export { hubSpotHttpFailure, retryAfterMs, type HubSpotErrorDetails } from './hubspot-errors';
export { parseFolderUpdateStatus } from './status-schema';
export type { StartedFolderUpdate } from './start-folder-update';
