/**
 * temporal-hubspot-files: durable HubSpot Files API folder updates on Temporal.
 *
 * Where each concept lives:
 * - `./activities`: `createActivities(deps)` (HTTP calls, error mapping, status validation);
 * - `./workflows`: `awaitFolderUpdate` and its `getStatus` query (import from 'temporal-hubspot-files/workflows');
 * - `./worker`: `createHubSpotWorker` and the `npm run worker` entry;
 * - `./client`: client-side helpers: `readMigrationItems` (a migration's items, page by page, from its runs) and
 *   `getFolderUpdateProgress(client, workflowId)` (a wait's progress in every phase);
 * - `./common`: types, failure names and the search attributes shared by both sides;
 * - `./simulator`: a local HubSpot simulator for tests and demos.
 */
export * from './activities';
export {
  getFolderUpdateProgress,
  type FolderUpdateWaitProgress,
  type GetFolderUpdateProgressOptions,
  type WaitPhase,
} from './client/get-folder-update-progress';
export { readMigrationItems, type MigrationReport } from './client/read-migration-items';
export { FailureTypes, type FailureType } from './common/failure-types';
export * from './common/folder-update-status';
export type { FolderUpdateRequest } from './common/folder-update-request';
export type { FolderUpdateProgress } from './workflows/await/await-folder-update';
export type { FolderUpdateResult } from './workflows/await/outcome';
export {
  LATER_PHASES,
  POLL_DEFAULTS,
  type AwaitFolderUpdateInput,
  type LaterPhase,
  type PollOptions,
} from './workflows/await/poll-options';
export { createHubSpotWorker, workflowsPath, type HubSpotWorkerOptions } from './worker';
export { loadWorkerConfig, WorkerConfigError, WORKER_DEFAULTS, type WorkerConfig } from './worker-config';
export * from './common/search-attributes';
export { installRuntime, METRICS_ADDRESS_VARIABLE } from './telemetry';
