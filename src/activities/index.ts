/**
 * The HubSpot activities: the folder update's, and the same for any task kind (`…HubSpotTask…`). Register `createActivities(deps)` in your worker:
 *
 * @example
 * const worker = await Worker.create({
 *   taskQueue: 'hubspot-files',
 *   workflowsPath: require.resolve('temporal-hubspot-files/workflows'),
 *   activities: createActivities({ token: process.env.HUBSPOT_ACCESS_TOKEN! }),
 * });
 */
import type { FolderUpdateRequest } from '../common/folder-update-request';
import type { FolderUpdateStatus, HubSpotFolder } from '../common/folder-update-status';
import type { MigrationPlan } from '../common/migration-plan';
import type { HubSpotAsyncTaskStatus } from '../common/task-status';
import type { JoinTaskWatcherInput } from '../common/task-watcher';
import { resolveDeps, type ActivityDeps } from './deps';
import { makeGetFolder } from './get-folder';
import { makeGetFolderUpdateStatus } from './get-folder-update-status';
import {
  makePollFolderUpdateUntilDone,
  makePollHubSpotTaskUntilDone,
  type PollHubSpotTaskUntilDoneInput,
  type PollHubSpotTaskUntilDoneResult,
  type PollUntilDoneInput,
  type PollUntilDoneResult,
} from './poll-folder-update-until-done';
import { makeGetHubSpotTaskStatus, type HubSpotTaskRef } from './get-task-status';
import { makeJoinTaskWatcher } from './join-task-watcher';
import { makePollWatchedTasks, type PollWatchedTasksInput, type PollWatchedTasksResult } from './poll-watched-tasks';
import { makeStartHubSpotTask, type StartHubSpotTaskInput } from './start-task';
import { makePlanFolders, type FolderPlanInput } from './plan-folders';
import { makeStartFolderUpdateUnlessDone, type StartedUnlessDone } from './start-folder-update-unless-done';
import { makeStartFolderUpdate, type StartedFolderUpdate } from './start-folder-update';
import {
  makeWatchFolderUpdate,
  makeWatchHubSpotTask,
  type WatchFolderUpdateInput,
  type WatchFolderUpdateResult,
  type WatchHubSpotTaskInput,
  type WatchHubSpotTaskResult,
} from './watch-folder-update';

/** The HubSpot activities, as registered in a worker and proxied in workflows. */
export interface HubSpotActivities {
  /** One `GET …/tasks/{taskId}/status`, validated. Aborted on cancellation and after `requestTimeoutMs`. */
  getFolderUpdateStatus(taskId: string): Promise<FolderUpdateStatus>;
  /** One `POST /files/v3/folders/update/async`; returns the new task's id. */
  startFolderUpdate(input: FolderUpdateRequest): Promise<StartedFolderUpdate>;
  /** One `GET /files/v3/folders/{folderId}`, validated; null when the folder does not exist (404). */
  getFolder(folderId: string): Promise<HubSpotFolder | null>;
  /** The POST, safe to retry: a retried attempt re-reads the folder and skips the POST when it is already done. */
  startFolderUpdateUnlessDone(input: FolderUpdateRequest): Promise<StartedUnlessDone>;
  /** Reads every folder a migration names (and each target parent) and returns the plan; see `migration-plan.ts`. */
  planFolders(input: FolderPlanInput): Promise<MigrationPlan>;
  /** The early-window poller: polls inside one heartbeating activity until terminal or the window ends. */
  watchFolderUpdate(input: WatchFolderUpdateInput): Promise<WatchFolderUpdateResult>;
  /** The retry-phase poller: one status read per attempt; not yet done fails with `FolderUpdatePending` and is retried. */
  pollFolderUpdateUntilDone(input: PollUntilDoneInput): Promise<PollUntilDoneResult>;
  /** `getFolderUpdateStatus` for a task of any kind: one status GET, validated by the kind's reader. */
  getHubSpotTaskStatus(input: HubSpotTaskRef): Promise<HubSpotAsyncTaskStatus>;
  /** One start POST of any kind (file import, CRM export, source-code extract, folder update); returns the task id. */
  startHubSpotTask(input: StartHubSpotTaskInput): Promise<{ taskId: string }>;
  /** `watchFolderUpdate` for a task of any kind. */
  watchHubSpotTask(input: WatchHubSpotTaskInput): Promise<WatchHubSpotTaskResult>;
  /** `pollFolderUpdateUntilDone` for a task of any kind. */
  pollHubSpotTaskUntilDone(input: PollHubSpotTaskUntilDoneInput): Promise<PollHubSpotTaskUntilDoneResult>;
  /** `laterPhase: 'shared'`: registers a wait's task with its task queue's shared watcher (signal-with-start). */
  joinTaskWatcher(input: JoinTaskWatcherInput): Promise<{ watcherWorkflowId: string }>;
  /** The shared watcher's poller: reads every watched task when due; signals a wait on a change or the end. */
  pollWatchedTasks(input: PollWatchedTasksInput): Promise<PollWatchedTasksResult>;
}

/**
 * Builds the activities with their dependencies: base URL, token source, request timeout, fetch, and the process's
 * request budget (paced from HubSpot's rate-limit headers, with the optional ceiling `maxRequestsPerSecond`), shared by
 * all of them.
 * Throws a `TypeError` naming the setting when a dependency is malformed.
 */
export function createActivities(deps: ActivityDeps): HubSpotActivities {
  const resolved = resolveDeps(deps);
  return {
    getFolderUpdateStatus: makeGetFolderUpdateStatus(resolved),
    startFolderUpdate: makeStartFolderUpdate(resolved),
    getFolder: makeGetFolder(resolved),
    startFolderUpdateUnlessDone: makeStartFolderUpdateUnlessDone(resolved),
    planFolders: makePlanFolders(resolved),
    watchFolderUpdate: makeWatchFolderUpdate(resolved),
    pollFolderUpdateUntilDone: makePollFolderUpdateUntilDone(resolved),
    getHubSpotTaskStatus: makeGetHubSpotTaskStatus(resolved),
    startHubSpotTask: makeStartHubSpotTask(resolved),
    watchHubSpotTask: makeWatchHubSpotTask(resolved),
    pollHubSpotTaskUntilDone: makePollHubSpotTaskUntilDone(resolved),
    joinTaskWatcher: makeJoinTaskWatcher(resolved),
    pollWatchedTasks: makePollWatchedTasks(resolved),
  };
}

export { ACTIVITY_DEFAULTS } from './deps';
export { DEFAULT_HUBSPOT_BASE_URL } from '../hubspot/client-deps';
export type { ActivityDeps } from './deps';
export type { TokenSource } from '../hubspot/token';
export { hubSpotHttpFailure, retryAfterMs, type HubSpotErrorDetails } from '../hubspot/errors';
export { activityMetrics, meterMetrics, NO_METRICS, type HubSpotMetrics } from '../hubspot/metrics';
export { parseFolderUpdateStatus } from '../hubspot/schemas/folder-update-status';
export { parseFolder } from '../hubspot/schemas/folder';
export type { FolderPlanInput } from './plan-folders';
export type { StartedUnlessDone } from './start-folder-update-unless-done';
export type { StartedFolderUpdate } from './start-folder-update';
export {
  RequestBudget,
  type BudgetAnswer,
  type RequestBudgetOptions,
  type RequestPriority,
} from '../hubspot/budget/request-budget';
export {
  parseRateLimitHeaders,
  rateLimitPolicy,
  type RateLimitHeaders,
  type RateLimitPolicy,
} from '../hubspot/budget/rate-limit-headers';
export { PACING, estimatedUsed, nextCredit, type CreditInput, type PacingSettings } from '../hubspot/budget/pacing';
export { watchHeartbeatEveryMs } from './watch-folder-update';
export { CANCELLATION_CHECK_TIMEOUT_MS, describeCancellationCheck, type CancellationCheck } from './cancellation-check';
export { closeWatchCancellationCheck, MAX_CLOSE_WATCHES, openCloseWatches } from './close-watch';
export type { WatchFolderUpdateInput, WatchFolderUpdateResult, WatchProgress } from './watch-folder-update';
export type { BackoffSchedule } from '../common/backoff';
export { RETRY_PHASE_DEADLINE_MARGIN_MS } from '../common/poll-decision';
export type {
  PollHubSpotTaskUntilDoneInput,
  PollHubSpotTaskUntilDoneResult,
  PollUntilDoneInput,
  PollUntilDoneResult,
  RetryPhaseProgress,
} from './poll-folder-update-until-done';
export type { WatchHubSpotTaskInput, WatchHubSpotTaskResult } from './watch-folder-update';
export type { HubSpotTaskRef } from './get-task-status';
export type { StartHubSpotTaskInput } from './start-task';
export type { PollWatchedTasksInput, PollWatchedTasksResult, WatchedTaskProgress } from './poll-watched-tasks';
export type { JoinTaskWatcherInput, TaskWatchUpdate, WatchedTask } from '../common/task-watcher';
