/**
 * temporal-hubspot-files: durable HubSpot async tasks (folder updates, migrations) on Temporal.
 *
 * - In your worker: `createHubSpotWorker(options)`, or `createActivities(deps)` with `workflowsPath`;
 * - from your client: `checkSetup` before a migration, `startFolderUpdateWait`, `startFolderUpdate`, `startMigration`,
 *   then `getFolderUpdateProgress` and `readMigrationItems`; for the other task kinds `startTaskWait`, `startTask`,
 *   and `startFileImports` then `readFileImportItems` for many imports;
 * - the workflows themselves, their inputs, queries and Updates: `temporal-hubspot-files/workflows`;
 * - a local HubSpot simulator for your tests: `temporal-hubspot-files/simulator`.
 *
 * Every name here is public and covered by the semver promise (README); anything else is internal.
 */

// The worker side.
export { createActivities, type HubSpotActivities } from './activities';
export { ACTIVITY_DEFAULTS, type ActivityDeps } from './activities/deps';
export type { TokenSource } from './hubspot/token';
export {
  hubspotClientCredentials,
  hubspotOAuth,
  type HubSpotClientCredentialsOptions,
  type HubSpotOAuthOptions,
} from './hubspot/oauth';
export { createHubSpotWorker, workflowsPath, type HubSpotWorkerOptions } from './worker';
export { loadWorkerConfig, WorkerConfigError, WORKER_DEFAULTS, type WorkerConfig } from './worker-config';
export { installRuntime } from './telemetry';

// The client side.
export {
  executeFolderUpdateWait,
  startFolderUpdateWait,
  type FolderUpdateWaitOptions,
} from './client/start-folder-update-wait';
export { startFolderUpdate, type FolderUpdateOptions } from './client/start-folder-update';
export { startMigration, type MigrationOptions } from './client/start-migration';
export { getFolderUpdateProgress, type FolderUpdateWaitProgress } from './client/get-folder-update-progress';
export { readMigrationItems, type MigrationReport } from './client/read-migration-items';
export {
  checkSetup,
  type RequestEstimate,
  type SetupCheck,
  type SetupCheckOptions,
  type SetupReport,
} from './doctor/check-setup';
export { executeTaskWait, startTaskWait, type TaskWaitOptions } from './client/start-task-wait';
export { executeTask, startTask, type StartableTaskKind, type StartTaskOptions } from './client/start-task';
export { readFileImportItems, startFileImports, type FileImportsOptions } from './client/start-file-imports';
export { HUBSPOT_TASK_KINDS, type HubSpotTaskKind } from './common/task-kinds/task-kind-names';

// The workflows' results and progress (their inputs: `temporal-hubspot-files/workflows`), and the poll options.
export { POLL_DEFAULTS, type PollOptions } from './workflows/await/poll-options';
export type { FolderUpdateProgress } from './workflows/await/await-folder-update';
export type { FolderUpdateResult } from './workflows/await/outcome';
export type {
  FolderUpdateAndWaitResult,
  MigrationItem,
  MigrationOutcome,
} from './workflows/folder-update/folder-update-types';
export type { MigrationProgress, MigrationResult } from './workflows/migration/migration-types';

// HubSpot's shapes, failures and search attributes.
export type { FolderUpdateRequest } from './common/folder-update-request';
export type { FolderUpdateStatus, HubSpotFolder, HubSpotTaskError } from './common/folder-update-status';
export type { HubSpotErrorDetails } from './hubspot/errors';
export { FailureTypes, type FailureType } from './common/failure-types';
export {
  HUBSPOT_SEARCH_ATTRIBUTES,
  HubSpotFolderId,
  HubSpotMigrationId,
  HubSpotTaskId,
  HubSpotTaskKindKey,
  HubSpotTaskStatus,
} from './common/search-attributes';
