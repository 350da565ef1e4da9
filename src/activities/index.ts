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
import type { FolderUpdateRequest } from '../common/folder-update-request';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { resolveDeps, type ActivityDeps } from './deps';
import { makeGetFolderUpdateStatus } from './get-folder-update-status';
import { makeStartFolderUpdate, type StartedFolderUpdate } from './start-folder-update';
import {
  makeWatchFolderUpdate,
  type WatchFolderUpdateInput,
  type WatchFolderUpdateResult,
} from './watch-folder-update';

/** The HubSpot activities, as registered in a worker and proxied in workflows. */
export interface HubSpotActivities {
  /** One `GET …/tasks/{taskId}/status`, validated. Aborted on cancellation and after `requestTimeoutMs`. */
  getFolderUpdateStatus(taskId: string): Promise<FolderUpdateStatus>;
  /** One `POST /files/v3/folders/update/async`; returns the new task's id. */
  startFolderUpdate(input: FolderUpdateRequest): Promise<StartedFolderUpdate>;
  /** The early-window poller: polls inside one heartbeating activity until terminal or the window ends. */
  watchFolderUpdate(input: WatchFolderUpdateInput): Promise<WatchFolderUpdateResult>;
}

/**
 * Builds the activities with their dependencies: base URL, token source, request timeout, fetch, and the process's
 * request budget (`maxRequestsPerSecond`, shared by all of them).
 * Throws a `TypeError` naming the setting when a dependency is malformed.
 */
export function createActivities(deps: ActivityDeps): HubSpotActivities {
  const resolved = resolveDeps(deps);
  return {
    getFolderUpdateStatus: makeGetFolderUpdateStatus(resolved),
    startFolderUpdate: makeStartFolderUpdate(resolved),
    watchFolderUpdate: makeWatchFolderUpdate(resolved),
  };
}

export { ACTIVITY_DEFAULTS, DEFAULT_HUBSPOT_BASE_URL } from './deps';
export type { ActivityDeps, TokenSource } from './deps';
export { hubSpotHttpFailure, retryAfterMs, type HubSpotErrorDetails } from './hubspot-errors';
export { parseFolderUpdateStatus } from './status-schema';
export type { StartedFolderUpdate } from './start-folder-update';
export { RequestBudget, type RequestBudgetOptions, type RequestPriority } from './request-budget';
export { WATCH_KEEPALIVE_MS } from './watch-folder-update';
export type { WatchFolderUpdateInput, WatchFolderUpdateResult, WatchProgress } from './watch-folder-update';
export type { BackoffSchedule } from '../common/backoff';
